"""The walk of each actor name's events lists the pages a test of every row's names lists, and
its tables follow every insert, change and delete of the events (SQLite, then PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from sitrep.api import name_walk
from sitrep.api.queries import EventPage, event_page
from sitrep.api.statements import Statements
from sitrep.settings import Settings
from sitrep.store import name_walk as store_name_walk
from sitrep.store import open_store
from sitrep.store import schema as t
from sitrep.store.database import Store
from sitrep.store.migrations import migrate
from sitrep.store.queries import EventFilter
from sitrep.store.schema import schema_version

pytest_plugins = ["tests.store.helpers"]

STEP = {"sqlite": 17, "postgresql": 19}
"""The migration step that makes the names' tables on each backend."""
NOW = dt.datetime(2026, 1, 1)
NAMES = ("Israel Defense Forces", "Israel", "Hamas", "Зеленський", "Rapid Support Forces",
         "RSF fighters", "protesters", "Volodymyr Zelenskiy", None)


def _event(rng: random.Random, i: int) -> dict[str, Any]:
    day = None if i % 17 == 0 else dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(300))
    span = rng.choice((0, 0, 6))
    actor1 = rng.choice(NAMES)
    return {"type": rng.choice(("ASSAULT", "PROTEST")),
            "status": rng.choice(("reported", "planned")),
            # Some events name one actor twice, some two matching names.
            "actor1": actor1, "actor2": actor1 if i % 11 == 0 else rng.choice(NAMES),
            "date_start": day, "date_end": day + dt.timedelta(days=span) if day else None,
            "date_precision": "day" if span == 0 else "week", "place": "Kyiv",
            "lat": 50.45, "lon": 30.52, "country": "UA", "sources": 1, "fatalities": None,
            "fatalities_latest": None, "first_seen": NOW, "updated_at": NOW}


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """300 events of a few names, some undated, many on the same day (ties by id), on each
    backend (`tests.store.helpers.db_url`)."""
    rng = random.Random(3)
    with open_store(Settings(), db_url) as opened:
        with opened.engine.begin() as conn:
            conn.execute(sa.insert(t.events), [_event(rng, i) for i in range(300)])
        yield opened


FILTERS = [
    EventFilter(actor="israel"), EventFilter(actor="зеленський"), EventFilter(actor="RSF"),
    EventFilter(actor="zelensky", type="assault"),
    EventFilter(actor="forces", since=dt.date(2023, 3, 1), until=dt.date(2023, 6, 30)),
    EventFilter(actor="hamas", status="planned", until=dt.date(2023, 9, 1)),
    EventFilter(actor="nobody at all"),
]


def _pages(store: Store, f: EventFilter, limit: int, statements: Statements | None
           ) -> list[EventPage]:
    pages = [event_page(store, f, None, limit, statements=statements)]
    while pages[-1].next_cursor is not None:
        pages.append(event_page(store, f, None, limit, cursor=pages[-1].next_cursor,
                                statements=statements))
    return pages


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: f"{f.actor}-{f.type}-{f.since}")
@pytest.mark.parametrize("limit", [1, 7, 400])
def test_a_walk_of_the_names_lists_the_pages_a_test_of_every_row_lists(
        store: Store, f: EventFilter, limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    assert name_walk.walkable(f, False, store.engine.dialect.name)
    walked = _pages(store, f, limit, None)
    compiled = _pages(store, f, limit, Statements())
    monkeypatch.setattr(name_walk, "MOST_NAMES", -1)  # every page reads the dates again
    tested = _pages(store, f, limit, None)
    assert walked == compiled == tested
    if f.actor != "nobody at all":
        assert tested[0].events


def _listed(conn: sa.Connection) -> tuple[list[Any], list[Any]]:
    """The names' tables: (name, day, id) rows, and each name's count (kept names of no
    events left out)."""
    names = sorted((name, str(day), i) for name, day, i in conn.exec_driver_sql(
        "SELECT name, day, id FROM event_names"))
    counts = sorted(tuple(row) for row in conn.exec_driver_sql(
        "SELECT name, n FROM actor_names WHERE n > 0"))
    return names, counts


def _expected(conn: sa.Connection) -> tuple[list[Any], list[Any]]:
    """What the names' tables should hold, made from the events."""
    rows = conn.exec_driver_sql("SELECT actor1, actor2, date_start, id FROM events").all()
    names = sorted({(a, str(day), i) for a1, a2, day, i in rows for a in (a1, a2) if a})
    counts: dict[str, int] = {}
    for name, _, _ in names:
        counts[name] = counts.get(name, 0) + 1
    return names, sorted(counts.items())


def test_the_name_tables_follow_new_changed_and_deleted_events(store: Store) -> None:
    step = STEP[store.engine.dialect.name]
    with store.engine.begin() as conn:
        assert _listed(conn) == _expected(conn)
        conn.execute(sa.delete(schema_version).where(schema_version.c.version == step))
    assert [s.version for s in migrate(store.engine)] == [step]  # filled once again
    with store.engine.begin() as conn:
        assert _listed(conn) == _expected(conn)
        conn.execute(sa.update(t.events).where(t.events.c.id % 5 == 0)
                     .values(actor2="Islamic State"))
        conn.execute(sa.update(t.events).where(t.events.c.id % 7 == 0)
                     .values(actor1=t.events.c.actor2))  # the same name twice
        conn.execute(sa.update(t.events).where(t.events.c.id % 9 == 0)
                     .values(date_start=dt.date(2024, 2, 2)))
        conn.execute(sa.update(t.events).where(t.events.c.id % 13 == 0)
                     .values(date_start=None))  # dated to undated
        conn.execute(sa.update(t.events).where(t.events.c.id % 3 == 0)
                     .values(sources=t.events.c.sources + 1))  # no name nor date changed
        conn.execute(sa.delete(t.events).where(t.events.c.id % 4 == 0))
        assert _listed(conn) == _expected(conn)
        kept = conn.exec_driver_sql("SELECT n FROM actor_names WHERE name = 'Islamic State'")
        assert kept.scalar_one() > 0
    with store.engine.begin() as conn:
        # Many rows in one statement (PostgreSQL's triggers on inserts and deletes run once a
        # statement), then one at a time.
        columns = [c.name for c in t.events.c if c.name != "id"]
        conn.execute(sa.insert(t.events).from_select(
            columns, sa.select(*(t.events.c[name] for name in columns))))
        conn.execute(sa.delete(t.events).where(t.events.c.id % 6 == 1))
        some = sa.select(t.events.c.id).where(t.events.c.id % 10 == 2)
        for i in conn.execute(some).scalars().all():
            conn.execute(sa.delete(t.events).where(t.events.c.id == i))
        conn.execute(sa.insert(t.events), [_event(random.Random(i), i) for i in range(20)])
        assert _listed(conn) == _expected(conn)
        conn.execute(sa.delete(t.events))
        assert _listed(conn) == ([], [])


def test_the_step_fills_the_tables_of_a_filled_store(store: Store) -> None:
    """A store whose events were stored before the step: its tables, triggers and index are
    made, and hold every name."""
    step = STEP[store.engine.dialect.name]
    with store.engine.begin() as conn:
        expected = _expected(conn)
        if store.engine.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP TABLE event_names, actor_names")
            for trigger in store_name_walk.PG_TRIGGERS:
                conn.exec_driver_sql(f"DROP TRIGGER {trigger} ON events")
        else:
            for trigger in store_name_walk._TRIGGERS:
                conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
            conn.exec_driver_sql("DROP TABLE event_names")
            conn.exec_driver_sql("DROP TABLE actor_names")
        conn.execute(sa.delete(schema_version).where(schema_version.c.version == step))
    assert [s.version for s in migrate(store.engine)] == [step]
    with store.engine.begin() as conn:
        assert _listed(conn) == expected and expected[0]
        conn.execute(sa.update(t.events).where(t.events.c.id % 2 == 0).values(actor1="Hamas"))
        assert _listed(conn) == _expected(conn)


def test_a_page_of_an_actor_alone_walks_the_names_index(store: Store) -> None:
    """The plan: one backwards walk of (name, day, id) per name, merged; no sort of matches."""
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's plan; PostgreSQL's is the next test")
    walk = name_walk.ordered(["Israel", "Hamas"], [], [], {}, "sqlite", 5)
    with store.engine.connect() as conn:
        plan = " ".join(str(row[-1]) for row in conn.execute(
            sa.text("EXPLAIN QUERY PLAN " + str(walk.compile(
                dialect=conn.dialect, compile_kwargs={"literal_binds": True})))))
    assert "MERGE" in plan and "USING COVERING INDEX ix_event_names_walk" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


def test_postgres_can_merge_the_walks_of_the_names_in_order(store: Store) -> None:
    """The walks merged in order, twins dropped as they come (Unique over Merge Append), the
    LIMIT stopping it: no sort or hash of every match. (With 300 rows the planner would sort
    them; the costs that make it prefer the walk at a million are out of a test's reach, so
    the plan is asked for without sorts or table scans: a statement it could not walk in
    order would still sort.)"""
    if store.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's plan")
    walk = name_walk.ordered(["Israel", "Hamas"], [], [], {}, "postgresql", 5)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL enable_sort = off")
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
        plan = "\n".join(str(row[0]) for row in conn.execute(sa.text("EXPLAIN " + str(
            walk.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})))))
    assert "Merge Append" in plan and "Unique" in plan, plan
    assert f"Backward using {store_name_walk.WALK_INDEX}" in plan, plan
    assert "Sort" not in plan.replace("Sort Key", "") and "Hash" not in plan, plan


@pytest.mark.parametrize("toll", [1, 5])
def test_a_rare_toll_read_from_its_index_lists_the_pages_of_a_walk_of_the_dates(
        store: Store, toll: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.api import queries

    with store.engine.begin() as conn:
        conn.execute(sa.update(t.events).values(fatalities=t.events.c.id % 7))
    f = EventFilter(min_fatalities=toll)
    sorted_pages = _pages(store, f, 9, Statements())
    monkeypatch.setattr(queries, "FEW_TOLLED", -1)  # now the dates are walked
    assert _pages(store, f, 9, Statements()) == sorted_pages
    assert sorted_pages[0].total and sorted_pages[0].events
