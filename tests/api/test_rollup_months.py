"""The counts kept by place and month (store.rollup_months) answer the page's aggregates of a
country, a box or a radius with a type, a status and dates exactly as the events themselves
do, through inserts, changes in place and deletions."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa

from sitrep.api import aggregates
from sitrep.api.aggregates import clusters, summary, timeline
from sitrep.api.queries import BBox
from sitrep.store import rollup_months
from sitrep.store import schema as t
from sitrep.store.database import Store
from sitrep.store.queries import EventFilter
from tests.api.event_rows import event_row, stored_rows

pytest_plugins = ["tests.store.helpers", "tests.api.event_rows"]

POINTS = ((50.45, 30.52, "UA"), (49.84, 24.03, "UA"), (50.0, 36.23, "UA"), (50.1, 36.4, "UA"),
          (15.6, 32.53, "SD"), (31.5, 34.47, "PS"))
START = dt.date(2021, 1, 1)
KHARKIV = BBox(35.0, 49.0, 37.0, 51.0)


def _row(rng: random.Random, days: int) -> dict[str, Any]:
    return event_row(rng, START, days, POINTS, undated=0.06, country_kept=0.7)


def _rows(store: Store) -> list[Any]:
    return stored_rows(store)


def _near(row: Any, f: EventFilter) -> bool:
    """`near` as the aggregates count it: its bounding box, then the flat radius."""
    if f.near is None:
        return True
    if row.lat is None or row.lon is None:
        return False
    lat, lon = f.near
    east = 111.32 * max(0.01, math.cos(math.radians(lat)))
    dy, dx = (row.lat - lat) * 111.0, (row.lon - lon) * east
    return dy * dy + dx * dx <= f.km * f.km


def _matches(row: Any, f: EventFilter, box: BBox | None) -> bool:
    """The filter, in Python, as the list applies it (a range overlapping the dates asked)."""
    inside = box is None or (row.lat is not None and row.lon is not None
                             and box.minlat <= row.lat <= box.maxlat
                             and box.minlon <= row.lon <= box.maxlon)
    return (inside and _near(row, f)
            and (not f.type or row.type == f.type) and (not f.status or row.status == f.status)
            and (not f.country or row.country == f.country)
            and (not f.since or (row.date_end is not None and row.date_end >= f.since))
            and (not f.until or (row.date_start is not None and row.date_start <= f.until)))


def _day(days: int) -> dt.date:
    return START + dt.timedelta(days=days)


FILTERS: tuple[tuple[EventFilter, BBox | None], ...] = (
    (EventFilter(country="SD"), None),
    (EventFilter(country="UA", type="ASSAULT"), None),
    (EventFilter(country="UA", status="planned", since=_day(100), until=_day(400)), None),
    (EventFilter(country="PS", since=dt.date(2021, 3, 1), until=dt.date(2021, 8, 31)), None),
    (EventFilter(country="UA", until=_day(200)), None),
    (EventFilter(country="UA", since=_day(300)), None),
    (EventFilter(country="UA", since=dt.date(2021, 1, 15), until=dt.date(2026, 12, 20)), None),
    (EventFilter(), KHARKIV),
    (EventFilter(type="PROTEST"), KHARKIV),
    (EventFilter(status="reported", since=_day(31), until=_day(95)), KHARKIV),
    (EventFilter(type="CONSULT", near=(50.4, 30.5), km=30.0), None),
    (EventFilter(type="PROTEST"), None),
    (EventFilter(status="planned", since=dt.date(2021, 5, 1), until=dt.date(2021, 5, 31)), None),
    (EventFilter(since=_day(45), until=_day(170)), None),
    # The last day a date can hold, as "no end" (no month follows its month).
    (EventFilter(country="UA", until=dt.date.max), None),
    (EventFilter(type="ASSAULT", since=_day(40), until=dt.date.max), KHARKIV),
)
"""Filters the kept months answer: whole months, edges inside months, with and without a
place (the summary of a type or dates alone is `store.rollup`'s, its map is these counts')."""


def _check(store: Store) -> None:
    """Every filter's summary and clusters against a count of the rows in Python."""
    rows = _rows(store)
    for f, box in FILTERS:
        wanted = [r for r in rows if _matches(r, f, box)]
        found = summary(store, f, box)
        assert found["total"] == len(wanted), f
        assert found["types"] == dict(sorted(Counter(r.type for r in wanted).items())), f
        per_day = Counter((r.date_start, r.type) for r in wanted
                          if r.date_precision == "day" and r.date_start is not None)
        assert found["timeline"] == timeline([(d, k, n) for (d, k), n in per_day.items()]), f
        placed = Counter((r.lat, r.lon) for r in wanted
                         if r.lat is not None and r.lon is not None)
        _, grid = clusters(store, f, box, 45.0)
        assert sum(c["count"] for c in grid) == sum(placed.values()), f
        _, grid = clusters(store, f, box, 0.001)
        assert {(c["lat"], c["lon"]): c["count"] for c in grid} == placed, f


@pytest.mark.parametrize("years", [1, 6])
def test_the_kept_months_follow_inserts_changes_and_deletions(store: Store, years: int) -> None:
    rng = random.Random(21 + years)
    with store.engine.begin() as conn:
        conn.execute(sa.insert(t.events), [_row(rng, 365 * years) for _ in range(400)])
    _check(store)
    ids = [r.id for r in _rows(store)]
    with store.engine.begin() as conn:
        # Fusion and corrections rewrite events in place: a new type, date, point, status.
        for event_id in rng.sample(ids, 80):
            changed = _row(rng, 365 * years)
            groups = rng.sample([("type",), ("status",), ("country",), ("lat", "lon"),
                                 ("date_start", "date_end", "date_precision")], 2)
            conn.execute(sa.update(t.events).where(t.events.c.id == event_id).values(
                {k: changed[k] for group in groups for k in group}))
        conn.execute(sa.update(t.events).values(sources=t.events.c.sources + 1))
        conn.execute(sa.delete(t.events).where(t.events.c.id.in_(rng.sample(ids, 100))))
    _check(store)
    with store.engine.begin() as conn:
        conn.execute(sa.delete(t.events))
    _check(store)
    with store.engine.connect() as conn:
        left = conn.execute(sa.select(sa.func.count()).where(
            rollup_months.months.c.n != 0)).scalar()
    assert left == 0


def test_the_migration_counts_the_events_already_stored(store: Store) -> None:
    rng = random.Random(31)
    with store.engine.begin() as conn:
        conn.execute(sa.insert(t.events), [_row(rng, 900) for _ in range(300)])
        conn.execute(sa.delete(rollup_months.months))  # as if stored before step 21
        rollup_months.create(conn)
        rollup_months.create(conn)  # run again (a retried migration): nothing counted twice
    _check(store)


def test_a_since_in_the_last_month_a_date_holds_reads_the_events(store: Store) -> None:
    """No whole month follows it: the filter goes to the events, and finds none."""
    f = EventFilter(country="UA", since=dt.date(dt.MAXYEAR, 12, 2))
    assert aggregates._by_month(f, None) is None
    assert summary(store, f, None)["total"] == 0
    assert clusters(store, f, None, 45.0)[1] == []


def test_which_filters_the_kept_months_answer() -> None:
    """Every filter above is read from the kept months (else this file tests nothing new);
    an actor, a toll or dates inside one month are not."""
    for f, box in FILTERS:
        assert aggregates._by_month(f, box) is not None, f
    for f in (EventFilter(country="UA", actor="Russia"), EventFilter(min_fatalities=5),
              EventFilter(country="UA", since=_day(3), until=_day(20))):
        assert aggregates._by_month(f, None) is None, f
    read = aggregates._by_month(EventFilter(since=dt.date(2021, 3, 15),
                                            until=dt.date(2021, 6, 10)), None)
    assert read is not None
    assert read.edges == [(dt.date(2021, 3, 15), dt.date(2021, 3, 31)),
                          (dt.date(2021, 6, 1), dt.date(2021, 6, 10))]


def test_a_clusters_listed_events_are_the_same_read_either_way(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The events a small cluster lists, read through the filter or through the places in
    its box, are the matching events of its cell, newest first."""
    from sitrep.api import cluster_members

    rng = random.Random(41)
    with store.engine.begin() as conn:
        conn.execute(sa.insert(t.events), [_row(rng, 700) for _ in range(250)])
    rows = _rows(store)
    listed = 0
    for f, box in FILTERS:
        by_filter = clusters(store, f, box, 0.5)
        monkeypatch.setattr(cluster_members, "FEW_MATCHING", -1)
        by_place = clusters(store, f, box, 0.5)
        monkeypatch.undo()
        assert by_filter == by_place, f
        for found in by_filter[1]:
            if "events" not in found:
                continue
            west, south, east, north = found["box"]
            wanted = sorted((r for r in rows if _matches(r, f, box) and r.lat is not None
                             and south <= r.lat <= north and west <= r.lon <= east),
                            key=lambda r: (r.date_start is None,
                                           -(r.date_start or START).toordinal(), -r.id))
            assert [e["id"] for e in found["events"]] == [r.id for r in wanted], f
            listed += 1
    assert listed >= 5
