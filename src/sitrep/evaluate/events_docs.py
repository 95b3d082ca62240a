"""Document-level event gold sets: WikiEvents (attack/die/injure/arrest) and IndiaPoliceEvents.

WikiEvents: the document's sentences are joined by line breaks into one article (the cleaner
makes each a paragraph; gold offsets are carried over to the cleaned text). Gold events are
mapped to sitrep's: attack = an ASSAULT event; die = an event with a killed count; injure = one
with an injured count; arrest = a COERCE event of mode arrest or with an arrested count. sitrep
events carry sentence evidence, not trigger spans, so a gold event is found when a predicted
event of its class has evidence covering the gold trigger, and a predicted event is right when
its evidence covers a gold trigger of its class. For found gold events: Place is right when the
event's place or its site has the gold place's name (one contains the other, case and accents
aside); Victim when the gold victim's head word is in actor2's name or a counted noun.

IndiaPoliceEvents: a document is KILL (ARREST) when any sentence is labelled so; sitrep predicts
KILL for an article with a reported event with a killed count, ARREST for one with a reported
arrest. The gold labels are about police actions; the ``police`` variant also asks that actor1
be police (sector COP) or that the evidence name the police.
"""

from __future__ import annotations

import bisect
import difflib
import json
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sitrep.errors import EvalError, SitrepError
from sitrep.evaluate import EvalResult, Metric, prf
from sitrep.evaluate.events_common import gold_date, timed_extract
from sitrep.model import Event, RawDocument, Report
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

WIKI_FILE = "wikievents-dev.jsonl"
INDIA_DIR = "india-police-events"
CLASSES = ("attack", "die", "injure", "arrest")
_GOLD_PREFIX = MappingProxyType({
    "Conflict.Attack": "attack", "Life.Die": "die", "Life.Injure": "injure",
    "Justice.ArrestJailDetain": "arrest",
})


def event_classes(event: Event) -> set[str]:
    """The WikiEvents classes a sitrep event stands for (see the module docstring)."""
    kinds = {c.kind for c in event.counts if c.value > 0}
    out: set[str] = set()
    if event.type == "ASSAULT":
        out.add("attack")
    if "killed" in kinds:
        out.add("die")
    if "injured" in kinds:
        out.add("injure")
    if (event.type == "COERCE" and event.mode == "arrest") or "arrested" in kinds:
        out.add("arrest")
    return out


def score_docs(path: Path, settings: Settings, pipeline: Pipeline) -> list[EvalResult]:
    """Every document-level set found at path."""
    results: list[EvalResult] = []
    wiki = path / WIKI_FILE if path.is_dir() else path
    if wiki.name == WIKI_FILE and wiki.exists():
        results.append(score_wikievents(wiki, settings, pipeline))
    india = path / INDIA_DIR if path.is_dir() and path.name != INDIA_DIR else path
    if india.name == INDIA_DIR and india.is_dir():
        results.append(score_india(india, settings, pipeline))
    return results


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
    except (OSError, ValueError) as err:
        raise EvalError(str(path), f"not JSON Lines: {err}") from err


def _wiki_text(record: dict[str, Any]) -> tuple[str, dict[int, int]]:
    """The document's sentences joined by line breaks, and each token's start in that text."""
    parts: list[str] = []
    starts: dict[int, int] = {}
    offset = 0
    index = 0
    for tokens, text in record["sentences"]:
        base = tokens[0][1] if tokens else 0
        for _tok, s, _e in tokens:
            starts[index] = offset + (s - base)
            index += 1
        parts.append(text)
        offset += len(text) + 1
    return "\n".join(parts), starts


def _aligner(source: str, target: str) -> Callable[[int], int]:
    """Where an offset of the source text lies in the cleaned target text: the cleaner turns
    each line break into a paragraph break and folds spaces, so raw offsets drift a character
    a line (an offset in text the cleaner changed goes to the start of what replaced it)."""
    blocks = difflib.SequenceMatcher(None, source, target, autojunk=False).get_opcodes()
    starts = [b[1] for b in blocks]

    def carry(offset: int) -> int:
        if offset < 0:
            return offset
        tag, lo, _hi, target_lo, _ = blocks[max(0, bisect.bisect_right(starts, offset) - 1)]
        return target_lo + (offset - lo if tag == "equal" else 0)

    return carry


def _covers(event: Event, offset: int) -> bool:
    return any(lo <= offset < hi for lo, hi in event.evidence)


def _same_name(a: str, b: str) -> bool:
    a, b = _folded(a), _folded(b)
    return bool(a and b) and (a == b or a in b or b in a)


def _folded(name: str) -> str:
    """A name without case or accents: the gazetteer's "Bagrām" is the text's "Bagram"."""
    decomposed = unicodedata.normalize("NFKD", name.lower().strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _same_place(event: Event, gold: str) -> bool:
    """The gold Place is the event's town or its site ("the Oxford Street bus station")."""
    place = event.place
    if place is None:
        return False
    return _same_name(place.name, gold) or bool(place.site and _same_name(place.site, gold))


def _victim_found(event: Event, victim: str) -> bool:
    head = victim.lower().split()[-1].rstrip("s") if victim.strip() else ""
    if not head:
        return False
    names = [event.actor2.name.lower()] if event.actor2 else []
    names.extend((c.noun or "").lower() for c in event.counts)
    return any(head in name for name in names)


def score_wikievents(path: Path, settings: Settings, pipeline: Pipeline) -> EvalResult:
    """Recall and precision of attack/die/injure/arrest, and Place and Victim of found ones."""
    tp_gold = dict.fromkeys(CLASSES, 0)
    n_gold = dict.fromkeys(CLASSES, 0)
    tp_pred = dict.fromkeys(CLASSES, 0)
    n_pred = dict.fromkeys(CLASSES, 0)
    place_n = place_ok = victim_n = victim_ok = 0
    docs = 0
    seconds = 0.0
    records = list(_jsonl(path))
    if settings.eval_limit is not None:
        records = records[:settings.eval_limit]
    for record in records:
        text, starts = _wiki_text(record)
        try:
            timed = timed_extract(pipeline, RawDocument(origin=str(record.get("doc_id")),
                                                        text=text))
        except SitrepError:
            continue
        docs += 1
        seconds += timed.events
        events = timed.report.events
        carry = _aligner(text, timed.report.article.text)
        gold = _wiki_gold(record, {i: carry(o) for i, o in starts.items()}, timed.report)
        for cls in CLASSES:
            mine = [e for e in events if cls in event_classes(e)]
            theirs = [g for g in gold if g[0] == cls]
            n_pred[cls] += len(mine)
            tp_pred[cls] += sum(any(_covers(e, g[1]) for g in theirs) for e in mine)
            for _, offset, place, victim in theirs:
                n_gold[cls] += 1
                hits = [e for e in mine if _covers(e, offset)]
                tp_gold[cls] += bool(hits)
                if hits and place:
                    place_n += 1
                    place_ok += any(_same_place(e, place) for e in hits)
                if hits and victim:
                    victim_n += 1
                    victim_ok += any(_victim_found(e, victim) for e in hits)
    if docs == 0:
        raise EvalError(str(path), "no WikiEvents documents could be scored")
    metrics: list[Metric] = []
    for cls in CLASSES:
        p = tp_pred[cls] / n_pred[cls] if n_pred[cls] else 0.0
        r = tp_gold[cls] / n_gold[cls] if n_gold[cls] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        metrics += [Metric(f"{cls}_precision", p), Metric(f"{cls}_recall", r),
                    Metric(f"{cls}_f1", f)]
    metrics += [Metric("place_accuracy_found", place_ok / place_n if place_n else 0.0),
                Metric("victim_accuracy_found", victim_ok / victim_n if victim_n else 0.0),
                Metric("events_ms_per_article", 1000 * seconds / docs)]
    notes = (f"gold events: {n_gold}; predicted: {n_pred}; place scored on {place_n}, "
             f"victim on {victim_n} found gold events",
             "matching is by sentence evidence covering the gold trigger (no trigger spans)")
    return EvalResult("events/wikievents", str(path), docs, tuple(metrics), notes)


def _wiki_gold(record: dict[str, Any], starts: dict[int, int],
               report: Report) -> list[tuple[str, int, str | None, str | None]]:
    """(class, trigger offset, place text, victim text) of each gold event of the 4 classes."""
    entities = {e["id"]: e for e in record.get("entity_mentions", [])}
    out: list[tuple[str, int, str | None, str | None]] = []
    for event in record.get("event_mentions", []):
        prefix = ".".join(str(event["event_type"]).split(".")[:2])
        cls = _GOLD_PREFIX.get(prefix)
        if cls is None:
            continue
        offset = starts.get(int(event["trigger"]["start"]), -1)
        place = victim = None
        for arg in event.get("arguments", []):
            text = entities.get(arg.get("entity_id"), {}).get("text", arg.get("text"))
            if arg.get("role") == "Place" and place is None:
                place = str(text)
            if arg.get("role") in ("Victim", "Detainee") and victim is None:
                victim = str(text)
        out.append((cls, offset, place, victim))
    return out


def score_india(folder: Path, settings: Settings, pipeline: Pipeline) -> EvalResult:
    """Document-level precision, recall and F1 of KILL and ARREST."""
    gold: dict[int, set[str]] = {}
    for sent in _jsonl(folder / "sents.jsonl"):
        gold.setdefault(int(sent["doc_id"]), set()).update(sent.get("sent_labels", []))
    dates = {int(m["doc_id"]): gold_date(m.get("date")) for m in _jsonl(folder / "metadata.jsonl")}
    labels = ("KILL", "ARREST", "KILL_police", "ARREST_police")
    counts = {lab: [0, 0, 0] for lab in labels}
    docs = 0
    seconds = 0.0
    for record in _jsonl(folder / "docs.jsonl"):
        if settings.eval_limit is not None and docs >= settings.eval_limit:
            break
        doc_id = int(record["doc_id"])
        raw = RawDocument(origin=f"india:{doc_id}", text=str(record["doc_text"]),
                          published=dates.get(doc_id))
        try:
            timed = timed_extract(pipeline, raw)
        except SitrepError:
            continue
        docs += 1
        seconds += timed.events
        predicted = _india_labels(timed.report)
        truth = gold.get(doc_id, set())
        for lab in labels:
            is_gold = lab.split("_")[0] in truth
            is_pred = lab in predicted
            counts[lab][0] += is_gold and is_pred
            counts[lab][1] += is_pred and not is_gold
            counts[lab][2] += is_gold and not is_pred
    if docs == 0:
        raise EvalError(str(folder), "no IndiaPoliceEvents documents could be scored")
    metrics: list[Metric] = []
    for lab in labels:
        p, r, f = prf(*counts[lab])
        metrics += [Metric(f"{lab}_precision", p), Metric(f"{lab}_recall", r),
                    Metric(f"{lab}_f1", f)]
    metrics.append(Metric("events_ms_per_article", 1000 * seconds / docs))
    return EvalResult("events/india-police", str(folder), docs, tuple(metrics),
                      ("document labels: any sentence labelled; *_police: actor1 COP or "
                       "evidence naming the police",))


def _india_labels(report: Report) -> set[str]:
    out: set[str] = set()
    text = report.article.text.lower()
    for event in report.events:
        if event.status != "reported":
            continue
        classes = event_classes(event)
        police = (event.actor1 is not None and event.actor1.sector == "COP") or any(
            "police" in text[lo:hi] for lo, hi in event.evidence)
        for cls, lab in (("die", "KILL"), ("arrest", "ARREST")):
            if cls in classes:
                out.add(lab)
                if police:
                    out.add(f"{lab}_police")
    return out
