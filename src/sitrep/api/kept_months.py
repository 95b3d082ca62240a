"""Which kept months answer a filter (`store.rollup_months`).

A filter of country, box, radius, type, status and dates is answered by a sum over the kept
months that lie wholly inside its dates, plus what those cannot say, read elsewhere: the
events that start in a month its `since` or `until` cuts (a partial month) and those that
straddle its `since`. The parts are disjoint, so their
counts add up to what grouping the matching events would give.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from sitrep.store import rollup
from sitrep.store.queries import EventFilter

Conditions = list[sa.ColumnElement[bool]]


@dataclass(frozen=True, slots=True)
class MonthRead:
    """How a filter is read: ``kept`` the conditions on a table of kept months (the months
    inside its dates), ``edges`` the date ranges of event starts read elsewhere instead
    (first and last day, both included: from `events`, or `rollup_days` when no place is
    asked), ``straddling`` whether the events straddling its `since` are read apart."""

    kept: Conditions
    edges: list[tuple[dt.date | None, dt.date | None]]
    straddling: bool


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date | None:
    """The first day of the month after ``day``'s; None in December 9999 (no date holds it)."""
    start = day.replace(day=1)
    if (start.year, start.month) == (dt.MAXYEAR, 12):
        return None
    return (start + dt.timedelta(days=32)).replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of a day's month."""
    following = _next_month(day)
    return dt.date.max if following is None else following - dt.timedelta(days=1)


def _month_after(until: dt.date) -> dt.date | None:
    """The first month not kept under ``until``: the next one when ``until`` ends its month,
    else its own (its days are read as an edge); None when ``until`` is the last day a date
    can hold (every month is under it)."""
    following = _next_month(until)
    if following is None:
        return None if until == dt.date.max else _month_start(until)
    return following if following - until == dt.timedelta(days=1) else _month_start(until)


def month_read(f: EventFilter, table: sa.Table, place: Conditions) -> MonthRead | None:
    """The conditions on a table of kept months (`rollup_place_months` or
    `rollup_type_months`) of a filter's type, status and dates, with ``place`` (the caller's
    conditions on the table for the rest; it checks the filter asks nothing the table cannot
    say), or None when the dates hold no whole month (a few days: read as fast elsewhere)."""
    m = table.c
    kept: Conditions = [m.n > 0, *place]
    if f.type:
        kept.append(m.type == f.type.upper())
    if f.status:
        kept.append(m.status == f.status.lower())
    # The kept months run from `low` (included) to `high` (excluded).
    low = None if f.since is None else (
        f.since if f.since.day == 1 else _next_month(f.since))
    if f.since is not None and low is None:
        return None  # since a day of December 9999 after the 1st: no whole month
    high = None if f.until is None else _month_after(f.until)
    if low is not None and high is not None and low >= high:
        return None
    edges: list[tuple[dt.date | None, dt.date | None]] = []
    if low is not None:
        kept.append(m.month >= low)
        if f.since is not None and f.since < low:
            edges.append((f.since, low - dt.timedelta(days=1)))
    if f.until is not None:
        if high is not None:
            kept.append(m.month < high)
            if high <= f.until:
                edges.append((high, f.until))
        if low is None:
            kept.append(m.month > rollup.UNDATED)
    return MonthRead(kept, edges, f.since is not None)
