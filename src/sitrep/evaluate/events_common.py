"""What the event scorers share: gold dates, and one gold document through the pipeline, timed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sitrep.model import RawDocument, Report
from sitrep.pipeline import Pipeline, StageClock


@dataclass(frozen=True, slots=True)
class Timed:
    """A report with the seconds the whole extraction and the events stage took."""

    report: Report
    total: float
    events: float


def timed_extract(pipeline: Pipeline, raw: RawDocument) -> Timed:
    """Extract one document, timing the events stage on its own; raises the stage's error."""
    clock = StageClock()
    report = pipeline.extract_one(raw, timer=clock)
    return Timed(report, clock.total(), clock.seconds["events"])


def gold_date(value: Any) -> dt.date | None:
    """A gold record's ISO date, or None when it has none."""
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
