"""Quote and speaker scores on PolNeAR (brat standoff: Source/Cue/Content, Attribution relations).

Layout: ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``; a text annotated by several
annotators is scored against the first annotation file in name order.

Units. A gold quote is one ``E Attribution`` relation: the union of its Content fragments.
A predicted quote is the union of the quotes sitrep emits for one attribution: quotes that
share a speaker mention, a cue word and a paragraph, and are all direct (``"A," said X. "B."``
is one unit, like the gold's discontinuous Content), or lie one inside the other, or one of
them is a partial quote (a fragment of the clause its cue reports, inside it or next to it),
or they are the two parts of a sentence around their own attribution ("The strike, the
ministry said, was aimed at depots"); a quote without a speaker mention is a unit of its own.

Offsets. The pipeline's cleaner may change the text (spaces, agency credits); predicted offsets
are mapped back to the raw .txt through the matching blocks of the two texts.

Matching. overlap ratio = |P ∩ G| / max(|P|, |G|), in characters. Pairs are matched one to one,
best ratio first; a pair counts when the ratio reaches the threshold (0.3 and 0.8 are reported).

Speaker accuracy, over the quotes matched at 0.3 whose gold relation has a Source: right when
the predicted speaker mention overlaps the gold Source span, or the predicted name's last word
is a word of the gold Source text, or the Source's last word is a word of the predicted name
("Caddell" / "Pat Caddell" / "pollster Pat Caddell"). A pronoun speaker counts through its
mention: sitrep points ``speaker_mention`` at the pronoun itself.

Also reported: recall and speaker accuracy on the gold quotes that open with a quote mark (the
direct quotes, against which the published rule systems were built), and milliseconds per
article for the whole extraction and for the quote extractor alone on the same parsed doc.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import EvalError, SitrepError
from sitrep.evaluate import EvalResult, Metric, prf
from sitrep.extract.quotes.cue_class import CueClasses
from sitrep.extract.quotes.marks import paragraphs
from sitrep.model import CueClass, Quote, QuoteKind, RawDocument, Span
from sitrep.pipeline import Pipeline, StageClock
from sitrep.settings import Settings

THRESHOLDS = (0.3, 0.8)
MAX_CUE_GAP = 24
"""Characters besides the speaker's name between two parts of a sentence around their cue."""
_T_LINE = re.compile(r"^(T\d+)\t(\w+) ([\d ;]+)\t", re.MULTILINE)
_E_LINE = re.compile(r"^E\d+\t(.*)$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One attribution relation: its content fragments and its source fragments."""

    content: tuple[Span, ...]
    source: tuple[Span, ...]
    source_text: str
    cue_text: str = ""


@dataclass(frozen=True, slots=True)
class PredictedQuote:
    """The quotes sitrep gave for one attribution, merged."""

    spans: tuple[Span, ...]
    speaker: str | None
    speaker_mention: Span | None
    cue: str | None = None
    cue_class: CueClass = "speech"


def load_ann(ann: str, text: str) -> list[GoldQuote]:
    """The attribution relations of one .ann file, with fragments as offsets into text."""
    spans: dict[str, tuple[Span, ...]] = {}
    for m in _T_LINE.finditer(ann):
        frags = []
        for part in m.group(3).split(";"):
            a, b = part.split()
            frags.append((int(a), int(b)))
        spans[m.group(1)] = tuple(frags)
    quotes = []
    for m in _E_LINE.finditer(ann):
        content: list[Span] = []
        source: list[Span] = []
        cue: list[Span] = []
        for arg in m.group(1).split():
            role, _, ref = arg.partition(":")
            if role.startswith("Content"):
                content.extend(spans.get(ref, ()))
            elif role == "Source":
                source.extend(spans.get(ref, ()))
            elif role == "Cue":
                cue.extend(spans.get(ref, ()))
        if content:
            source_text = " ".join(text[a:b] for a, b in source)
            cue_text = " ".join(text[a:b] for a, b in cue)
            quotes.append(GoldQuote(tuple(content), tuple(source), source_text, cue_text))
    return quotes


def documents(path: Path) -> Iterator[tuple[str, str, list[GoldQuote]]]:
    """(name, text, gold quotes) for every text with an annotation file."""
    text_dir, ann_dir = path / "text", path / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvalError(str(path), "expected PolNeAR folders text/ and attributions/")
    anns = sorted(ann_dir.glob("*.ann"))
    for txt in sorted(text_dir.glob("*.txt")):
        own = [a for a in anns if a.stem.rsplit("_", 1)[0] == txt.stem]
        if not own:
            continue
        text = txt.read_text(encoding="utf-8")
        yield txt.stem, text, load_ann(own[0].read_text(encoding="utf-8"), text)


def merge(quotes: tuple[Quote, ...], to_raw: OffsetMap, text: str) -> list[PredictedQuote]:
    """Predicted quotes grouped by attribution, with offsets in the raw text.

    Quotes join one unit when they share a speaker mention, a cue and a paragraph, and are
    either all direct, or one lies inside the other, or one is a partial quote (a fragment of
    the clause its cue reports: `claimed fraud was “a big problem” but “nobody talks of it”`).
    """
    paras = [a for a, _ in paragraphs(text)]
    units: list[list[Quote]] = []
    keyed: dict[tuple[Span, str | None, int], list[list[Quote]]] = {}
    for q in sorted(quotes, key=lambda q: (q.start, -q.end)):
        if q.speaker_mention is None:
            units.append([q])
            continue
        key = (q.speaker_mention, q.cue, bisect_right(paras, q.start))
        for unit in keyed.setdefault(key, []):
            if any(_joins(q, other, q.speaker_mention) for other in unit):
                unit.append(q)
                break
        else:
            keyed[key].append([q])
            units.append(keyed[key][-1])
    out = []
    for unit in units:
        mention = unit[0].speaker_mention
        out.append(
            PredictedQuote(
                tuple(to_raw.span((q.start, q.end)) for q in unit),
                unit[0].speaker,
                to_raw.span(mention) if mention is not None else None,
                unit[0].cue,
                unit[0].cue_class,
            )
        )
    return out


def _joins(a: Quote, b: Quote, mention: Span) -> bool:
    inside = (a.start >= b.start and a.end <= b.end) or (b.start >= a.start and b.end <= a.end)
    partial = "partial" in (a.kind, b.kind)  # a fragment of the clause its cue reports
    # "The strike, the ministry said, was aimed at depots": two parts around their attribution
    first, second = (a, b) if a.start <= b.start else (b, a)
    around = (
        first.kind == second.kind == "indirect"
        and first.end <= mention[0] < mention[1] <= second.start
        and second.start - first.end <= mention[1] - mention[0] + MAX_CUE_GAP
    )
    return inside or partial or around or a.kind == b.kind == "direct"


class OffsetMap:
    """Maps offsets in the clean article text back to the raw gold text."""

    def __init__(self, raw: str, clean: str) -> None:
        self.shift: int | None = None
        self.blocks: list[tuple[int, int, int]] = []
        if raw == clean:
            self.shift = 0
        elif (at := raw.find(clean)) >= 0:
            self.shift = at
        else:
            matcher = difflib.SequenceMatcher(None, clean, raw, autojunk=False)
            self.blocks = [(b.a, b.b, b.size) for b in matcher.get_matching_blocks()]

    @property
    def changed(self) -> bool:
        return self.shift != 0

    def offset(self, i: int) -> int:
        if self.shift is not None:
            return i + self.shift
        for a, b, size in self.blocks:
            if a <= i <= a + size:
                return b + (i - a)
        return i

    def span(self, s: Span) -> Span:
        return (self.offset(s[0]), self.offset(s[1]))


def _chars(spans: tuple[Span, ...]) -> set[int]:
    return {i for a, b in spans for i in range(a, b)}


def ratio(pred: set[int], gold: set[int]) -> float:
    """Overlap ratio: shared characters over the longer of the two."""
    if not pred or not gold:
        return 0.0
    return len(pred & gold) / max(len(pred), len(gold))


def match(
    preds: list[PredictedQuote], golds: list[GoldQuote], threshold: float
) -> list[tuple[int, int]]:
    """One-to-one (pred, gold) index pairs with ratio ≥ threshold, best ratio first."""
    pchars = [_chars(p.spans) for p in preds]
    gchars = [_chars(g.content) for g in golds]
    scored = []
    for i, pc in enumerate(pchars):
        for j, gc in enumerate(gchars):
            r = ratio(pc, gc)
            if r >= threshold:
                scored.append((r, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(scored, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _is_marked(text: str, gold: GoldQuote) -> bool:
    """Whether a gold content opens with a quote mark (a direct quote, not a paraphrase)."""
    start = gold.content[0][0]
    return text[start : start + 2].lstrip()[:1] in "\"“”'‘"


def speaker_right(pred: PredictedQuote, gold: GoldQuote) -> bool:
    """The speaker rule documented at the top of this module."""
    if pred.speaker_mention is not None:
        a, b = pred.speaker_mention
        if any(a < y and x < b for x, y in gold.source):
            return True
    if not pred.speaker or not gold.source_text.strip():
        return False
    pred_last = pred.speaker.split()[-1].lower()
    gold_words = {w.strip(".,’'s").lower() for w in gold.source_text.split()}
    gold_last = gold.source_text.split()[-1].strip(".,’'").lower()
    return pred_last in gold_words or gold_last in pred.speaker.lower().split()


class GoldCueClasses:
    """The cue class of a gold attribution, from its cue text by the same lists sitrep's quotes
    use (speech: "said", "told reporters", "according to", a colon or dash; belief, intention,
    stance, evaluation otherwise): PolNeAR counts attributions of every class, the published
    rule systems were built for speech."""

    def __init__(self, lemmas: Callable[[str], list[str]], classes: CueClasses) -> None:
        self.lemmas = lemmas
        self.classes = classes
        self.seen: dict[tuple[str, bool], CueClass] = {}

    def __call__(self, cue: str, marked: bool) -> CueClass:
        text = cue.strip().lower()
        key = (text, marked)
        if key not in self.seen:
            kind: QuoteKind = "direct" if marked else "indirect"
            self.seen[key] = self.classes.of(text.strip(" :") or text, self.lemmas(text), kind)
        return self.seen[key]


def run(path: Path, settings: Settings) -> EvalResult:
    """Score sitrep's quotes and speakers against PolNeAR."""
    pipeline = Pipeline(settings)
    pipeline.warm_up()
    counts = {t: [0, 0, 0] for t in THRESHOLDS}
    speakers_right = speakers_scored = docs = gold_total = changed = failed = 0
    direct_gold = direct_found = direct_scored = direct_right = 0
    total_time = quote_time = 0.0
    gold_class = GoldCueClasses(
        lambda text: [t.lemma_.lower() for t in pipeline.nlp(text)], pipeline.quotes.classes
    )
    speech_counts = [0, 0, 0]
    speech_speakers = [0, 0]
    for name, text, golds in documents(path):
        if settings.eval_limit is not None and docs >= settings.eval_limit:
            break
        docs += 1
        gold_total += len(golds)
        clock = StageClock()
        try:
            report = pipeline.extract_one(RawDocument(origin=name, text=text), timer=clock)
        except SitrepError:
            failed += 1
            for t in THRESHOLDS:
                counts[t][2] += len(golds)
            continue
        total_time += clock.total()
        quote_time += clock.seconds["quotes"]
        to_raw = OffsetMap(text, report.article.text)
        changed += to_raw.changed
        preds = merge(report.quotes, to_raw, report.article.text)
        speech_preds = [p for p in preds if p.cue_class == "speech"]
        speech_golds = [
            g for g in golds if gold_class(g.cue_text, _is_marked(text, g)) == "speech"
        ]
        speech_pairs = match(speech_preds, speech_golds, THRESHOLDS[0])
        for i, j in speech_pairs:
            if speech_golds[j].source:
                speech_speakers[0] += speaker_right(speech_preds[i], speech_golds[j])
                speech_speakers[1] += 1
        speech_counts[0] += len(speech_pairs)
        speech_counts[1] += len(speech_preds) - len(speech_pairs)
        speech_counts[2] += len(speech_golds) - len(speech_pairs)
        for t in THRESHOLDS:
            pairs = match(preds, golds, t)
            counts[t][0] += len(pairs)
            counts[t][1] += len(preds) - len(pairs)
            counts[t][2] += len(golds) - len(pairs)
            if t == THRESHOLDS[0]:
                marked = [j for j, g in enumerate(golds) if _is_marked(text, g)]
                matched = {j for _, j in pairs}
                direct_gold += len(marked)
                direct_found += sum(j in matched for j in marked)
                for i, j in pairs:
                    if golds[j].source:
                        right = speaker_right(preds[i], golds[j])
                        speakers_scored += 1
                        speakers_right += right
                        if j in marked:
                            direct_scored += 1
                            direct_right += right
    metrics = []
    for t in THRESHOLDS:
        p, r, f = prf(*counts[t])
        anchor = "Gender Gap Tracker 0.837, Citron 0.832" if t == 0.3 else None
        metrics += [
            Metric(f"quote P @{t}", p),
            Metric(f"quote R @{t}", r),
            Metric(f"quote F1 @{t}", f, anchor),
        ]
    metrics.append(
        Metric("quote R @0.3, gold in marks", direct_found / direct_gold if direct_gold else 0.0)
    )
    p, r, f = prf(*speech_counts)
    metrics += [
        Metric("quote P @0.3, speech cues", p),
        Metric("quote R @0.3, speech cues", r),
        Metric("quote F1 @0.3, speech cues", f),
    ]
    said_right, said_scored = speech_speakers
    metrics.append(
        Metric("speaker accuracy, speech cues", said_right / said_scored if said_scored else 0.0)
    )
    accuracy = speakers_right / speakers_scored if speakers_scored else 0.0
    metrics.append(Metric("speaker accuracy", accuracy, "Gender Gap Tracker 0.86"))
    direct_accuracy = direct_right / direct_scored if direct_scored else 0.0
    metrics.append(Metric("speaker accuracy, gold in marks", direct_accuracy))
    per_doc = 1000 / docs if docs else 0.0
    metrics.append(Metric("ms per article, whole extract", total_time * per_doc))
    metrics.append(Metric("ms per article, quotes only", quote_time * per_doc))
    notes = (
        f"{docs} texts, {gold_total} gold attributions ({direct_gold} in quote marks); "
        f"{speakers_scored} matched with a source",
        f"speech cues: {speech_counts[0] + speech_counts[2]} gold attributions whose cue class "
        "is speech (a speech verb, 'according to', a colon or dash), scored against the "
        "predicted quotes of cue_class speech",
        f"clean text differed from the raw .txt in {changed} texts (offsets mapped back)",
        f"{failed} texts failed in the pipeline",
    )
    return EvalResult("quotes", str(path), gold_total, tuple(metrics), notes)
