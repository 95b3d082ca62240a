"""Train the role chooser's weights (src/sitrep/data/events/role_ranker.json) and measure them.

Run from the repository root (see docs/roles.md):
``PYTHONPATH=src .venv/bin/python scripts/train_roles.py --write --with-frames --cv 5``.

Training data: ../shared/data/events/zsp-plover-train.tsv, news sentences with a marked source
(``<s>``) and target (``<t>``). Each sentence goes through the pipeline as a one-sentence
article, the rules alone deciding (the recording chooser keeps their picks); for the event the
marked pair is about (the sentence's only event, or each whose marked spans hold a candidate in a
direct relation to its trigger), a candidate of actor1 (actor2) whose token lies inside the
source (target) is right, and "none" is right when nothing is marked. A role none of whose
candidates is right is left out. (``eval events`` scores only the PLOVER root on these
sentences, never their roles.) With ``--with-frames``, also the matched events of
../shared/data/events/frames-dev: a candidate is right when ``sitrep eval frames`` would score
its actor right against the gold frame, "none" when the gold names nobody. zsp always marks a
target; frames-dev teaches when nobody takes a role.

Figures printed: on conflibert-cameo (S and T spans; never trained on), the share of roles the
rules and the model get right; with ``--cv K``, frames-dev's actor figures from a model trained
on zsp plus the frames-dev articles of the other K-1 folds, each fold's articles extracted with
the model that never saw them: with ``--with-frames`` this, not ``sitrep eval frames`` (which
scores articles the shipped weights were trained on), is the honest frames-dev figure.
Deterministic: no randomness anywhere.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import SitrepError
from sitrep.evaluate.frames import ArticleMatch, match_article, score
from sitrep.evaluate.frames_fields import same_actor
from sitrep.evaluate.frames_gold import GoldEvent, article_texts, load_articles, load_gold
from sitrep.extract.events.choice import WEIGHTS, Candidate, RoleChooser
from sitrep.ingest.records import read_records
from sitrep.learn.ranker import Group, fit
from sitrep.model import EventActor, Failure, RawDocument, Report
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "events"
CONFLIBERT = DATA / "conflibert-cameo"
FRAMES = DATA / "frames-dev"
OUT = ROOT / "src" / "sitrep" / "data" / WEIGHTS
ZSP = DATA / "zsp-plover-train.tsv"
VERSION = "sitrep.events.role_ranker.v1"
TRAINED_ON = "events/zsp-plover-train.tsv (marked source and target)"
FRAMES_TRAINED_ON = "events/frames-dev (gold actor1/actor2 of the matched events)"
L2 = 10.0
ROLES = ("actor1", "actor2")
"""The roles the shipped model decides."""


@dataclass(frozen=True)
class Decision:
    """One role of one event as the rules saw it: its candidates and the rules' pick."""

    role: str
    found: tuple[Candidate, ...]
    rule: EventActor | None


class Recorder(RoleChooser):
    """Keeps the rules' picks and records every decision, in the order they are taken."""

    def __init__(self) -> None:
        super().__init__(None)
        self.seen: list[Decision] = []

    def choose(self, role: str, found: list[Candidate],
               rule: EventActor | None) -> EventActor | None:
        self.seen.append(Decision(role, tuple(found), rule))
        return rule


def per_event(seen: list[Decision]) -> list[dict[str, Decision]]:
    """The recorded decisions grouped by event: each event's actor1 is decided first, its
    actor2 next, unless the rules leave it to the attacked place's holder (no decision)."""
    out: list[dict[str, Decision]] = []
    for decision in seen:
        if decision.role == "actor1" or not out:
            out.append({})
        out[-1][decision.role] = decision
    return out


@dataclass(frozen=True)
class Sentence:
    text: str
    source: tuple[tuple[int, int], ...]
    target: tuple[tuple[int, int], ...]


def conflibert(path: Path) -> Iterator[Sentence]:
    """The sentences of a CoNLL-style file (token, B-/I- S or T, else O), tokens joined by one
    space, with the character spans of their S and T phrases."""
    words: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split()
        if len(parts) >= 2:
            words.append((parts[0], parts[-1]))
            continue
        if words:
            yield _sentence(words)
            words = []


def zero_shot_plover(path: Path) -> Iterator[Sentence]:
    """The rows of zsp-plover-train.tsv with a source or a target marked (``<s>...</s>``,
    ``<t>...</t>`` in ``marked_sentence``), each a sentence with its spans."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            marked = row.get("marked_sentence") or ""
            if "<s>" in marked or "<t>" in marked:
                yield _unmarked(marked)


def _unmarked(marked: str) -> Sentence:
    text = ""
    spans: dict[str, list[tuple[int, int]]] = {"s": [], "t": []}
    for piece in re.split(r"(</?[st]>)", marked):
        tag = re.fullmatch(r"<(/?)([st])>", piece)
        if tag is None:
            text += piece
        elif tag.group(1):
            start = spans[tag.group(2)].pop()[0]
            spans[tag.group(2)].append((start, len(text)))
        else:
            spans[tag.group(2)].append((len(text), -1))
    whole = {k: tuple(v for v in found if v[1] >= 0) for k, found in spans.items()}
    return Sentence(text, whole["s"], whole["t"])


def _sentence(words: list[tuple[str, str]]) -> Sentence:
    text = ""
    spans: dict[str, list[list[int]]] = {"S": [], "T": []}
    for word, tag in words:
        start = len(text) + (1 if text else 0)
        text = f"{text} {word}" if text else word
        kind = tag[2:] if tag[:2] in ("B-", "I-") else ""
        if kind not in spans:
            continue
        if tag.startswith("B-") or not spans[kind] or spans[kind][-1][1] != start - 1:
            spans[kind].append([start, len(text)])
        else:
            spans[kind][-1][1] = len(text)
    return Sentence(text, tuple((a, b) for a, b in spans["S"]),
                    tuple((a, b) for a, b in spans["T"]))


def _inside(cand: Candidate, spans: tuple[tuple[int, int], ...]) -> bool:
    return cand.token is not None and any(a <= cand.token.idx < b for a, b in spans)


def span_group(decision: Decision, spans: tuple[tuple[int, int], ...]) -> Group:
    """Right: the candidates inside a gold span, or "none" when there is no span."""
    right = tuple(_inside(c, spans) if c.actor is not None else not spans
                  for c in decision.found)
    return Group(tuple(c.features for c in decision.found), right)


def span_groups(pipeline: Pipeline, recorder: Recorder, sentences: Iterable[Sentence],
                origin: str) -> tuple[list[Group], list[Decision]]:
    """Labelled decisions of the events of each sentence (a one-sentence article) that the
    marked pair is about: the only event, or those whose marked source and target each have
    a candidate in a direct relation to the trigger (or have no marked span)."""
    groups: list[Group] = []
    decisions: list[Decision] = []
    for n, sent in enumerate(sentences):
        recorder.seen.clear()
        try:
            report = pipeline.extract_one(RawDocument(origin=f"{origin}:{n}", text=sent.text))
        except SitrepError:
            continue
        events = per_event(recorder.seen)
        if report.article.text != sent.text or len(events) != len(report.events):
            continue  # the cleaned text moved the offsets
        single = len(report.events) == 1
        for event in events:
            pair = [(d, spans) for role, spans in (("actor1", sent.source),
                                                   ("actor2", sent.target))
                    if (d := event.get(role)) is not None]
            if single or all(_direct(d, spans) for d, spans in pair):
                decisions.extend(d for d, _ in pair)
                groups.extend(span_group(d, spans) for d, spans in pair)
    return groups, decisions


def _direct(decision: Decision, spans: tuple[tuple[int, int], ...]) -> bool:
    return not spans or any(_inside(c, spans) and c.relation not in ("", "far")
                            for c in decision.found)


def role_of(group: Group) -> str:
    """The role a group is for: every feature name begins with it, and "none" comes first."""
    return group.candidates[0][0].split(":")[0]


def accuracy(groups: list[Group], decisions: list[Decision], chooser: RoleChooser,
             role: str) -> float:
    """The share of a role's usable groups whose chosen candidate is right (a rule pick that
    is no candidate counts as wrong)."""
    ok = n = 0
    for group, decision in zip(groups, decisions, strict=True):
        if not any(group.right) or role_of(group) != role:
            continue
        n += 1
        pick = chooser.choose(role, list(decision.found), decision.rule)
        ok += any(r and c.actor == pick for c, r in zip(decision.found, group.right, strict=True))
    return ok / n if n else 0.0


@dataclass(frozen=True)
class FramesArticle:
    url: str
    raw: RawDocument
    text: str
    groups: tuple[Group, ...]


def frames_articles(pipeline: Pipeline, recorder: Recorder) -> list[FramesArticle]:
    """Each frames-dev article with the labelled decisions of its matched events."""
    gold = load_gold(FRAMES / "gold.jsonl")
    lines = load_articles(FRAMES / "articles.jsonl")
    raws = article_texts(lines)
    records = read_records(lines, str(FRAMES / "articles.jsonl"), 10**8, None)
    out: list[FramesArticle] = []
    for (url, text), raw in zip(raws, records, strict=True):
        if isinstance(raw, Failure) or url not in gold:
            continue
        recorder.seen.clear()
        report = pipeline.extract_one(raw)
        decisions = per_event(recorder.seen)
        out.append(FramesArticle(url, raw, text, tuple(_frames_groups(report, gold[url], text,
                                                                       decisions))))
    return out


def _frames_groups(report: Report, gold: list[GoldEvent], text: str,
                   decisions: list[dict[str, Decision]]) -> Iterator[Group]:
    if len(decisions) != len(report.events):
        raise SitrepError(str(report.article.url), f"{len(decisions)} events with role "
                          f"decisions recorded for {len(report.events)} events")
    order = {e.id: n for n, e in enumerate(report.events)}
    for pair in match_article(report, gold, text).pairs:
        event = decisions[order[pair.event.id]]
        for role, want in (("actor1", pair.gold.actor1), ("actor2", pair.gold.actor2)):
            decision = event.get(role)
            if decision is None:
                continue
            right = tuple(same_actor(want, c.actor) for c in decision.found)
            yield Group(tuple(c.features for c in decision.found), right)


def cross_validate(pipeline: Pipeline, base: list[Group], articles: list[FramesArticle],
                   folds: int, roles: frozenset[str], overrides: bool,
                   l2: float = L2) -> list[ArticleMatch]:
    """Each fold's articles extracted with a model trained on ``base`` and the other folds."""
    gold = load_gold(FRAMES / "gold.jsonl")
    matches: list[ArticleMatch] = []
    for k in range(folds):
        held = [a for n, a in enumerate(articles) if n % folds == k]
        train = base + [g for n, a in enumerate(articles) if n % folds != k for g in a.groups
                        if role_of(g) in roles]
        pipeline.events.chooser = RoleChooser(fit(train, VERSION, l2=l2), roles,
                                               overrides=overrides)
        for article in held:
            report = pipeline.extract_one(article.raw)
            matches.append(match_article(report, gold[article.url], article.text))
    return matches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cv", type=int, default=0, help="folds of frames-dev cross-validation")
    parser.add_argument("--roles", nargs="+", default=list(ROLES), choices=["actor1", "actor2"],
                        help=f"the roles the model decides (default: {' '.join(ROLES)})")
    parser.add_argument("--overrides", action="store_true",
                        help="let the model replace the rules' picks, not only fill empty roles")
    parser.add_argument("--with-frames", action="store_true",
                        help="train on frames-dev's matched events too (then the honest "
                             "frames-dev figure is the --cv one)")
    parser.add_argument("--no-zsp", action="store_true",
                        help="leave zsp-plover-train out (train on frames-dev alone)")
    parser.add_argument("--l2", type=float, default=L2, help=f"L2 penalty (default {L2})")
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS}")
    parser.add_argument("--no-conflibert", action="store_true",
                        help="skip the held-out conflibert-cameo figures (faster)")
    args = parser.parse_args()
    roles = frozenset(args.roles)
    pipeline = Pipeline(Settings())
    recorder = Recorder()
    pipeline.events.chooser = recorder
    zsp = () if args.no_zsp else zero_shot_plover(ZSP)
    groups, _ = span_groups(pipeline, recorder, zsp, "zsp")
    train = [g for g in groups if role_of(g) in roles]
    print(f"{ZSP.name}: {sum(any(g.right) for g in train)} usable roles of {len(train)}")
    articles = frames_articles(pipeline, recorder) if args.cv or args.with_frames else []
    shipped = list(train)
    trained_on = TRAINED_ON
    if args.with_frames:
        own = [g for a in articles for g in a.groups if role_of(g) in roles]
        print(f"frames-dev: {sum(any(g.right) for g in own)} usable roles of {len(own)}")
        shipped += own
        trained_on += f" and {FRAMES_TRAINED_ON}"
    ranker = fit(shipped, VERSION, l2=args.l2, trained_on=trained_on)
    print(f"{len(ranker.weights)} features")
    rules, model = RoleChooser(None), RoleChooser(ranker, roles, overrides=args.overrides)
    for name in () if args.no_conflibert else ("cameo_ner-train.txt", "cameo_ner-test.txt"):
        held, decisions = span_groups(pipeline, recorder, conflibert(CONFLIBERT / name), name)
        for role in sorted(roles):
            print(f"held-out conflibert-cameo/{name} {role} right: "
                  f"rules {accuracy(held, decisions, rules, role):.3f}, "
                  f"model {accuracy(held, decisions, model, role):.3f}")
    if args.cv:
        matches = cross_validate(pipeline, train, articles, args.cv, roles, args.overrides,
                                 args.l2)
        figures = {m.name: m.value for m in score(matches, str(FRAMES)).metrics}
        for name in ("typed_recall", "actor1_accuracy", "actor2_accuracy", "all_fields_right"):
            base = "the other folds" if args.no_zsp else "zsp + the other folds"
            print(f"frames-dev {args.cv}-fold CV ({base}) {name}: "
                  f"{figures[name]:.3f}")
    if args.write:
        saved = {**ranker.to_json(), "roles": sorted(roles), "overrides": args.overrides}
        OUT.write_text(json.dumps(saved, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
