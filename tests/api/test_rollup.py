"""The counts kept by day and by point (store.rollup) answer the page's aggregates exactly as
the events themselves do, through inserts, changes in place and deletions."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa

from sitrep.api import aggregates
from sitrep.api.aggregates import clusters, summary, timeline
from sitrep.api.queries import BBox
from sitrep.store import rollup
from sitrep.store import schema as t
from sitrep.store.database import Store
from sitrep.store.queries import EventFilter
from tests.api.event_rows import event_row, stored_rows

pytest_plugins = ["tests.store.helpers", "tests.api.event_rows"]

POINTS = ((50.45, 30.52, "UA"), (49.84, 24.03, "UA"), (50.0, 36.23, "UA"),
          (15.6, 32.53, "SD"), (31.5, 34.47, "PS"))
START = dt.date(2024, 1, 1)


def _row(rng: random.Random, days: int = 90) -> dict[str, Any]:
    return event_row(rng, START, days, POINTS, undated=0.08, country_kept=0.5)


def _rows(store: Store) -> list[Any]:
    return stored_rows(store)


def _matches(row: Any, f: EventFilter) -> bool:
    """The filter, in Python, as the list applies it (a range overlapping the dates asked)."""
    return ((not f.type or row.type == f.type) and (not f.status or row.status == f.status)
            and (not f.country or row.country == f.country)
            and (not f.since or (row.date_end is not None and row.date_end >= f.since))
            and (not f.until or (row.date_start is not None and row.date_start <= f.until)))


def _placed(row: Any) -> bool:
    return row.lat is not None and row.lon is not None


FILTERS = (EventFilter(), EventFilter(type="PROTEST"), EventFilter(status="planned"),
           EventFilter(since=START + dt.timedelta(days=40)),
           EventFilter(until=START + dt.timedelta(days=20)),
           EventFilter(type="ASSAULT", since=START + dt.timedelta(days=10),
                       until=START + dt.timedelta(days=50)),
           EventFilter(country="SD"), EventFilter(country="UA"))


def _check(store: Store) -> None:
    """Every filter's summary and clusters against a count of the rows in Python."""
    rows = _rows(store)
    for f in FILTERS:
        wanted = [r for r in rows if _matches(r, f)]
        found = summary(store, f, None)
        assert found["total"] == len(wanted), f
        assert found["types"] == dict(sorted(Counter(r.type for r in wanted).items())), f
        per_day = Counter((r.date_start, r.type) for r in wanted
                          if r.date_precision == "day" and r.date_start is not None)
        assert found["timeline"] == timeline([(d, k, n) for (d, k), n in per_day.items()]), f
        _, grid = clusters(store, f, None, 45.0)
        assert sum(c["count"] for c in grid) == sum(1 for r in wanted if _placed(r)), f
    points = Counter((r.lat, r.lon) for r in rows if _placed(r) and r.country == "UA")
    box = BBox(29.0, 49.0, 31.0, 51.0)
    _, grid = clusters(store, EventFilter(country="UA"), box, 0.001)
    assert {(c["lat"], c["lon"]): c["count"] for c in grid} == {
        (lat, lon): n for (lat, lon), n in points.items() if 29 <= lon <= 31 and 49 <= lat <= 51}


def test_the_kept_counts_follow_inserts_changes_and_deletions(store: Store) -> None:
    rng = random.Random(11)
    with store.engine.begin() as conn:
        conn.execute(sa.insert(t.events), [_row(rng) for _ in range(300)])
    _check(store)
    ids = [r.id for r in _rows(store)]
    with store.engine.begin() as conn:
        # Fusion and corrections rewrite events in place: a new type, date, point, status.
        for event_id in rng.sample(ids, 60):
            changed = _row(rng)
            groups = rng.sample([("type",), ("status",), ("country",), ("lat", "lon"),
                                 ("date_start", "date_end", "date_precision")], 2)
            conn.execute(sa.update(t.events).where(t.events.c.id == event_id).values(
                {k: changed[k] for group in groups for k in group}))
        # A change of a column that is not counted leaves the counts alone.
        conn.execute(sa.update(t.events).values(sources=t.events.c.sources + 1))
        conn.execute(sa.delete(t.events).where(t.events.c.id.in_(rng.sample(ids, 80))))
    _check(store)
    with store.engine.begin() as conn:
        conn.execute(sa.delete(t.events))
    _check(store)
    with store.engine.connect() as conn:
        left = conn.execute(sa.select(sa.func.count()).where(rollup.days.c.n != 0)).scalar()
    assert left == 0


def test_the_migration_counts_the_events_already_stored(store: Store) -> None:
    rng = random.Random(12)
    with store.engine.begin() as conn:
        conn.execute(sa.insert(t.events), [_row(rng) for _ in range(200)])
        for table in (rollup.days, rollup.points):
            conn.execute(sa.delete(table))  # as if the events were stored before step 16
        rollup.create(conn)
        rollup.create(conn)  # run again (a retried migration): nothing is counted twice
    _check(store)


def test_a_filter_the_kept_counts_cannot_answer_reads_the_events(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(13)
    with store.engine.begin() as conn:
        conn.execute(sa.insert(t.events), [_row(rng) for _ in range(50)])
    asked: list[str] = []
    real_days, real_points = aggregates._by_day, aggregates._by_point

    def by_day(*args: Any) -> Any:
        found = real_days(*args)
        asked.append("days" if found is not None else "events")
        return found

    def by_point(*args: Any) -> Any:
        found = real_points(*args)
        asked.append("points" if found is not None else "events")
        return found

    monkeypatch.setattr(aggregates, "_by_day", by_day)
    monkeypatch.setattr(aggregates, "_by_point", by_point)
    summary(store, EventFilter(type="PROTEST"), None)
    clusters(store, EventFilter(country="UA"), None, 45.0)
    assert asked == ["days", "points"]
    asked.clear()
    everything = summary(store, EventFilter(), None)["total"]
    tolled = summary(store, EventFilter(min_fatalities=1), None)["total"]
    clusters(store, EventFilter(type="PROTEST"), None, 45.0)
    assert asked == ["days", "events", "events"]
    assert (everything, tolled) == (50, 0)


@pytest.mark.parametrize("years", [2, 6])
def test_long_timelines_are_summed_into_weeks_and_months_alike(store: Store, years: int) -> None:
    rng = random.Random(years)
    with store.engine.begin() as conn:
        conn.execute(sa.insert(t.events), [_row(rng, 365 * years) for _ in range(400)])
    found = summary(store, EventFilter(), None)["timeline"]
    assert found["unit"] == ("week" if years == 2 else "month")
    _check(store)


def test_the_kept_counts_follow_the_stores_own_writes(store: Store) -> None:
    """Through the writer: a second report of the same strike fuses into its event, another
    strike adds one, taking the articles out removes what only they supported."""
    from tests.store.helpers import ODESA, strike_report

    first = strike_report("KHARKIV (Reuters) - A missile strike on Kharkiv killed 12 people.")
    again = strike_report("A Russian missile hit Kharkiv on Wednesday, killing at least 14.",
                          killed=14)
    other = strike_report("Drones struck the port of Odesa overnight.", place=ODESA,
                          date="2024-03-12", event_type="ASSAULT")
    for report in (first, again, other):
        store.add(report)
    _check(store)
    assert summary(store, EventFilter(), None)["total"] == len(_rows(store))
    store.delete(other.article.id)
    store.delete(first.article.id)
    _check(store)
    store.delete(again.article.id)
    assert summary(store, EventFilter(), None)["total"] == 0
    assert clusters(store, EventFilter(), None, 45.0)[1] == []
