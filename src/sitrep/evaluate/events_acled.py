"""ACLED coding on short event descriptions: one JSON object a line with ``text``,
``event_type`` and ``sub_event_type`` (ACLED's names), as in tests/fixtures/acled/.

Each description is a one-sentence article. sitrep's answer is the ACLED coding of its most
confident event that has one ("none" when no event has an ACLED type). Reported: sub-event type
accuracy, event type accuracy, the sub-type F1 weighted by gold support, and the confusion table
(one note a gold sub-type: how many were right, and what the rest became).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from sitrep.errors import EvalError, SitrepError
from sitrep.evaluate import EvalResult, Metric, prf
from sitrep.evaluate.events_common import timed_extract
from sitrep.model import Event, RawDocument
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

NONE = "none"


def is_acled_set(path: Path) -> bool:
    """Whether path is a JSON-lines file whose first record carries an ACLED sub-event type."""
    if not path.is_file() or path.suffix != ".jsonl":
        return False
    try:
        with path.open(encoding="utf-8") as handle:
            first = json.loads(handle.readline() or "{}")
    except (OSError, ValueError):
        return False
    return isinstance(first, dict) and "sub_event_type" in first


def load_items(path: Path) -> list[dict[str, str]]:
    """The described events of an ACLED set, each with text, event_type and sub_event_type."""
    items: list[dict[str, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise EvalError(str(path), f"cannot read the ACLED set: {err}") from err
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record: Any = json.loads(line)
        except ValueError as err:
            raise EvalError(f"{path}:{number}", f"not a JSON object: {err}") from err
        keys = ("text", "event_type", "sub_event_type")
        if not isinstance(record, dict) or not all(isinstance(record.get(k), str) for k in keys):
            raise EvalError(f"{path}:{number}", f"expected string fields {', '.join(keys)}")
        items.append({k: record[k] for k in keys})
    if not items:
        raise EvalError(str(path), "no described events to score")
    return items


def coded(events: tuple[Event, ...]) -> tuple[str, str]:
    """The ACLED (event type, sub-event type) of the most confident event that has one."""
    best: Event | None = None
    for event in events:
        if event.acled_event_type is None:
            continue
        if best is None or event.confidence > best.confidence:
            best = event
    if best is None:
        return NONE, NONE
    return best.acled_event_type or NONE, best.acled_sub_event_type or NONE


def score_acled(path: Path, settings: Settings, pipeline: Pipeline) -> EvalResult:
    """Sub-event and event type accuracy, weighted F1 and the confusion table of one set."""
    items = load_items(path)
    if settings.eval_limit is not None:
        items = items[: settings.eval_limit]
    pairs: list[tuple[str, str]] = []
    types_right = 0
    seconds = 0.0
    for item in items:
        try:
            timed = timed_extract(pipeline, RawDocument(origin=path.name, text=item["text"]))
        except SitrepError:
            event_type, sub_type = NONE, NONE
        else:
            seconds += timed.events
            event_type, sub_type = coded(timed.report.events)
        types_right += event_type.lower() == item["event_type"].lower()
        pairs.append((item["sub_event_type"], sub_type))
    n = len(pairs)
    metrics = (
        Metric("acled_sub_type_accuracy", sum(g == p for g, p in pairs) / n),
        Metric("acled_event_type_accuracy", types_right / n),
        Metric("acled_sub_type_weighted_f1", weighted_f1(pairs),
               "fine-tuned RoBERTa, weighted F1 0.839 on another public set"),
        Metric("described_events_coded", sum(p != NONE for _, p in pairs) / n),
        Metric("events_ms_per_description", 1000 * seconds / n),
    )
    return EvalResult("events/acled", str(path), n, metrics, confusion(pairs))


def weighted_f1(pairs: list[tuple[str, str]]) -> float:
    """F1 of each gold sub-type, weighted by how many gold items it has."""
    support = Counter(g for g, _ in pairs)
    total = 0.0
    for label, count in support.items():
        tp = sum(g == p == label for g, p in pairs)
        fp = sum(p == label and g != label for g, p in pairs)
        total += count * prf(tp, fp, count - tp)[2]
    return total / len(pairs) if pairs else 0.0


def confusion(pairs: list[tuple[str, str]]) -> tuple[str, ...]:
    """One line a gold sub-type: right out of all, then what the others were coded as."""
    lines: list[str] = []
    for label in sorted({g for g, _ in pairs}):
        answers = Counter(p for g, p in pairs if g == label)
        right = answers.pop(label, 0)
        wrong = ", ".join(f"{p} x{c}" for p, c in answers.most_common())
        lines.append(f"{label}: {right}/{right + sum(answers.values())}"
                     + (f" (else {wrong})" if wrong else ""))
    return tuple(lines)
