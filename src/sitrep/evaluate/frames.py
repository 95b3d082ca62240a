"""Scores event frames on real articles: events/frames-dev (``articles.jsonl``, ``gold.jsonl``).

Each article record goes through the pipeline as ``sitrep extract`` reads it. Each gold event's
strings are located in the report's cleaned text (``frames_gold``). A predicted event matches a
gold event when it has the gold type and an evidence span overlapping one of its strings; each
prediction matches at most one gold event and each gold event at most one prediction, the pairs
with the largest overlap (in characters) first. Typed recall is matched / gold. Precision is over
the predicted events that start inside the annotated part (up to the end of the sentence of the
last gold string): those whose evidence overlaps any gold string, of any type. Matched events are
scored field by field (``frames_fields``), over all gold events and over those not marked
"borderline:", and on ACLED sub-type where the gold gives one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import EvalError
from sitrep.evaluate import EvalResult, Metric
from sitrep.evaluate.frames_fields import FIELDS, checks
from sitrep.evaluate.frames_gold import (
    GoldEvent,
    Located,
    annotated_end,
    article_texts,
    load_articles,
    load_gold,
    locate_all,
)
from sitrep.ingest.records import read_records
from sitrep.model import Event, Failure, Report, Span
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

ARTICLES = "articles.jsonl"
GOLD = "gold.jsonl"


@dataclass(frozen=True, slots=True)
class Pair:
    """A gold event and the predicted event matched to it."""

    gold: GoldEvent
    event: Event
    overlap: int
    """Characters of the gold strings the event's evidence covers."""


@dataclass(frozen=True, slots=True)
class ArticleMatch:
    """One article's gold events and predictions, matched."""

    report: Report
    located: tuple[Located, ...]
    pairs: tuple[Pair, ...]
    limit: int
    """End of the annotated part of the cleaned text."""
    inside: tuple[Event, ...]
    """Predicted events starting inside the annotated part."""
    on_gold: tuple[Event, ...]
    """Of those, the ones whose evidence overlaps a gold string of any type."""

    @property
    def unmatched_gold(self) -> tuple[GoldEvent, ...]:
        """Gold events no prediction matched (recall misses)."""
        matched = {id(p.gold) for p in self.pairs}
        return tuple(loc.gold for loc in self.located if id(loc.gold) not in matched)

    @property
    def unmatched_events(self) -> tuple[Event, ...]:
        """Predicted events inside the annotated part that matched no gold event."""
        matched = {p.event.id for p in self.pairs}
        return tuple(e for e in self.inside if e.id not in matched)


def overlap(evidence: Iterable[Span], spans: Iterable[Span]) -> int:
    """Characters of ``spans`` that some evidence span covers."""
    ranges = list(evidence)
    total = 0
    for lo, hi in spans:
        covered = [(max(lo, a), min(hi, b)) for a, b in ranges if a < hi and lo < b]
        total += _union_length(covered)
    return total


def match(events: Iterable[Event], located: Iterable[Located]) -> list[Pair]:
    """One-to-one pairs of same-type prediction and gold event, largest overlap first."""
    candidates: list[tuple[int, int, int, Event, GoldEvent]] = []
    for i, event in enumerate(events):
        for j, loc in enumerate(located):
            if event.type != loc.gold.type:
                continue
            size = overlap(event.evidence, loc.spans)
            if size > 0:
                candidates.append((size, i, j, event, loc.gold))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_events: set[int] = set()
    used_gold: set[int] = set()
    pairs: list[Pair] = []
    for size, i, j, event, gold in candidates:
        if i in used_events or j in used_gold:
            continue
        used_events.add(i)
        used_gold.add(j)
        pairs.append(Pair(gold, event, size))
    return pairs


def match_article(report: Report, gold: list[GoldEvent], raw: str = "") -> ArticleMatch:
    """Locate an article's gold strings in its report's text and match its events to them."""
    located = locate_all(gold, report.article.text, raw)
    limit = annotated_end(report.article.text, located)
    inside = tuple(e for e in report.events if e.evidence and min(lo for lo, _ in e.evidence)
                   < limit)
    spans = [s for loc in located for s in loc.spans]
    on_gold = tuple(e for e in inside if overlap(e.evidence, spans) > 0)
    return ArticleMatch(report, tuple(located), tuple(match(report.events, located)), limit,
                        inside, on_gold)


def score(matches: list[ArticleMatch], path: str = "",
          lost: tuple[GoldEvent, ...] = ()) -> EvalResult:
    """Recall, precision and field accuracies; ``lost`` are the gold events of articles that
    failed to extract (missed, for recall)."""
    gold = [loc.gold for m in matches for loc in m.located] + list(lost)
    if not gold:
        raise EvalError(path, "no gold frames to score")
    pairs = [p for m in matches for p in m.pairs]
    inside = sum(len(m.inside) for m in matches)
    on_gold = sum(len(m.on_gold) for m in matches)
    steady = [g for g in gold if not g.borderline]
    steady_pairs = [p for p in pairs if not p.gold.borderline]
    metrics = [
        Metric("typed_recall", len(pairs) / len(gold)),
        Metric("precision", on_gold / inside if inside else 0.0),
        Metric("typed_precision", len(pairs) / inside if inside else 0.0),
        *_field_metrics(pairs, ""),
        Metric("typed_recall_not_borderline", len(steady_pairs) / len(steady) if steady else 0.0),
        *_field_metrics(steady_pairs, "_not_borderline"),
    ]
    acled = [p for p in pairs if p.gold.acled_sub_event_type]
    if acled:
        right = sum(p.event.acled_sub_event_type == p.gold.acled_sub_event_type for p in acled)
        metrics.append(Metric("acled_sub_type_accuracy", right / len(acled)))
    missing = [s for m in matches for loc in m.located for s in loc.missing]
    unplaced = sum(not loc.spans for m in matches for loc in m.located)
    scored = Counter(f for p in pairs for f in checks(p.gold, p.event))
    notes = (
        f"{len(matches)} articles ({len({g.url for g in lost})} more failed to extract), "
        f"{len(gold)} gold events "
        f"({len(gold) - len(steady)} borderline), {inside} predicted events inside the annotated "
        f"part, {len(pairs)} matched",
        "annotated part: up to the end of the sentence of the last gold string (a full stop, "
        "question or exclamation mark before white space, or a line break); "
        f"{sum(m.limit for m in matches) / max(1, len(matches)):,.0f} characters on average",
        f"gold strings not found in the cleaned text: {len(missing)} "
        f"({unplaced} gold events with none found)",
        "matched events scored on: " + ", ".join(f"{f} {scored[f]}" for f in FIELDS)
        + f", acled_sub_type {len(acled)}",
        "precision counts evidence overlapping a gold string of any type; typed_precision "
        "counts matched predictions only",
    )
    return EvalResult("frames", path, len(gold), tuple(metrics), notes)


def run(path: Path, settings: Settings) -> EvalResult:
    """Extract the frames-dev articles and score their events against the gold frames."""
    return evaluate(path, settings)[0]


def evaluate(path: Path, settings: Settings) -> tuple[EvalResult, list[ArticleMatch]]:
    """``run``'s figures, and the matched articles they were computed from (for a listing of
    the errors, ``frames_errors``)."""
    folder = path if path.is_dir() else path.parent
    articles, gold_file = folder / ARTICLES, folder / GOLD
    if not articles.exists() or not gold_file.exists():
        raise EvalError(str(path), f"expected a folder with {ARTICLES} and {GOLD}")
    matches, lost = extract_and_match(articles, gold_file, Pipeline(settings))
    return score(matches, str(folder), lost), matches


def extract_and_match(articles: Path, gold_file: Path,
                      pipeline: Pipeline) -> tuple[list[ArticleMatch], tuple[GoldEvent, ...]]:
    """Each gold-annotated article extracted and matched, and the gold events of those that
    failed to extract."""
    settings = pipeline.settings
    gold = load_gold(gold_file)
    lines = load_articles(articles)
    if settings.eval_limit is not None:
        lines = lines[:settings.eval_limit]
    raws = article_texts(lines)
    matches: list[ArticleMatch] = []
    lost: list[GoldEvent] = []
    records = read_records(lines, str(articles), settings.max_input_bytes, None)
    # One report or failure per line, in order: a failure is told apart by its line's URL.
    for (url, raw), item in zip(raws, pipeline.run(records), strict=True):
        if isinstance(item, Failure):
            lost.extend(gold.get(url, ()))
        elif url in gold:
            matches.append(match_article(item, gold[url], raw))
    return matches, tuple(lost)


def _field_metrics(pairs: list[Pair], suffix: str) -> list[Metric]:
    """Accuracy of each field and of all fields at once over matched events."""
    right: Counter[str] = Counter()
    scored: Counter[str] = Counter()
    all_right = 0
    for pair in pairs:
        result = checks(pair.gold, pair.event)
        scored.update(result.keys())
        right.update(f for f, ok in result.items() if ok)
        all_right += all(result.values())
    metrics = [Metric(f"{f}_accuracy{suffix}", right[f] / scored[f]) for f in FIELDS if scored[f]]
    metrics.append(Metric(f"all_fields_right{suffix}", all_right / len(pairs) if pairs else 0.0))
    return metrics


def _union_length(ranges: list[Span]) -> int:
    total = 0
    end = -1
    for lo, hi in sorted(ranges):
        lo = max(lo, end)
        if hi > lo:
            total += hi - lo
            end = hi
    return total
