"""One rule for an event's figures, used by the batch tables, the store, the exports and the API.

Within one report, an event's figure of a kind is the largest count of that kind. Several counts
of one kind in one event are nearly always a whole and its parts ("more than 100 people have
died, eight of them Americans"; "the toll stands at 667, including the 58 who died on the
train"): the smallest would report a part as the toll. Across sources, a fused event shows the
latest source's figure and the most conservative one, the lowest any source reported (ACLED's
rule for conflicting reports, SPEC "Fuse").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

FIGURE_KINDS = ("killed", "injured", "missing", "arrested", "abducted", "displaced", "affected")
"""Count kinds that make a figure. An ``other`` count names its own noun ("4 tanks", "6 planes"):
two of them are not two figures of one thing, so they have none."""


def event_figures(counts: Iterable[tuple[str, int]]) -> dict[str, int]:
    """This event's figure per kind in one report, from its (kind, value) counts: the largest."""
    figures: dict[str, int] = {}
    for kind, value in counts:
        if kind in FIGURE_KINDS:
            figures[kind] = max(value, figures.get(kind, value))
    return figures


@dataclass(frozen=True, slots=True)
class Figure:
    """One source's figure of one kind, as kept in a fused event's history."""

    kind: str
    value: int
    reported_on: dt.date | None
    order: int
    """Arrival order, breaking ties between figures reported the same day."""


@dataclass(frozen=True, slots=True)
class Reported:
    """One count as the store's history keeps it: which source said it, when, in what order."""

    source: str
    """The event mention it came from: one report's counts are one source's."""
    kind: str
    value: int
    reported_on: dt.date | None
    order: int


def source_figures(history: Iterable[Reported]) -> list[Figure]:
    """One figure per source and kind: each source's counts reduced by `event_figures`."""
    grouped: dict[str, list[Reported]] = {}
    for entry in history:
        grouped.setdefault(entry.source, []).append(entry)
    figures = []
    for entries in grouped.values():
        first = min(entries, key=lambda e: e.order)
        for kind, value in event_figures((e.kind, e.value) for e in entries).items():
            figures.append(Figure(kind, value, first.reported_on, first.order))
    return figures


def latest_and_conservative(figures: Iterable[Figure]) -> dict[str, tuple[int, int]]:
    """Per kind, across sources: the latest figure and the most conservative (the lowest)."""
    latest: dict[str, Figure] = {}
    lowest: dict[str, int] = {}
    for f in figures:
        key = (f.reported_on or dt.date.min, f.order)
        held = latest.get(f.kind)
        if held is None or key >= (held.reported_on or dt.date.min, held.order):
            latest[f.kind] = f
        lowest[f.kind] = min(f.value, lowest.get(f.kind, f.value))
    return {kind: (latest[kind].value, lowest[kind]) for kind in latest}
