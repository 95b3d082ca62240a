"""SQLite's walk of each actor name's events lists the pages a test of every row's names lists,
and its tables follow every insert, change and delete of the events."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import sqlalchemy as sa

from sitrep.api import name_walk
from sitrep.api.queries import EventPage, event_page
from sitrep.api.statements import Statements
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store import schema as t
from sitrep.store.database import Store
from sitrep.store.migrations import migrate
from sitrep.store.queries import EventFilter
from sitrep.store.schema import schema_version

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
def store(tmp_path: Any) -> Any:
    """300 events of a few names, some undated, many on the same day (ties by id)."""
    rng = random.Random(3)
    with open_store(Settings(), f"sqlite:///{tmp_path / 'walk.db'}") as opened:
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
    assert name_walk.walkable(f, False, "sqlite")
    walked = _pages(store, f, limit, None)
    compiled = _pages(store, f, limit, Statements())
    monkeypatch.setattr(name_walk, "MOST_NAMES", -1)  # every page reads the dates again
    tested = _pages(store, f, limit, None)
    assert walked == compiled == tested
    if f.actor != "nobody at all":
        assert tested[0].events


def test_the_name_tables_follow_new_changed_and_deleted_events(store: Store) -> None:
    def listed(conn: sa.Connection) -> tuple[list[Any], list[Any]]:
        names = sorted((name, str(day), i) for name, day, i in conn.exec_driver_sql(
            "SELECT name, day, id FROM event_names"))
        counts = sorted(conn.exec_driver_sql("SELECT name, n FROM actor_names WHERE n > 0")
                        .all())
        return names, counts

    def expected(conn: sa.Connection) -> tuple[list[Any], list[Any]]:
        rows = conn.exec_driver_sql("SELECT actor1, actor2, date_start, id FROM events").all()
        names = sorted({(a, str(day), i) for a1, a2, day, i in rows for a in (a1, a2) if a})
        counts: dict[str, int] = {}
        for name, _, _ in names:
            counts[name] = counts.get(name, 0) + 1
        return names, sorted(counts.items())

    with store.engine.begin() as conn:
        assert listed(conn) == expected(conn)
        conn.execute(sa.delete(schema_version).where(schema_version.c.version == 17))
    assert [step.version for step in migrate(store.engine)] == [17]  # filled once again
    with store.engine.begin() as conn:
        assert listed(conn) == expected(conn)
        conn.execute(sa.update(t.events).where(t.events.c.id % 5 == 0)
                     .values(actor2="Islamic State"))
        conn.execute(sa.update(t.events).where(t.events.c.id % 7 == 0)
                     .values(actor1=t.events.c.actor2))  # the same name twice
        conn.execute(sa.update(t.events).where(t.events.c.id % 9 == 0)
                     .values(date_start=dt.date(2024, 2, 2)))
        conn.execute(sa.delete(t.events).where(t.events.c.id % 4 == 0))
        assert listed(conn) == expected(conn)
        kept = conn.exec_driver_sql("SELECT n FROM actor_names WHERE name = 'Islamic State'")
        assert kept.scalar_one() > 0


def test_a_page_of_an_actor_alone_walks_the_names_index(store: Store) -> None:
    """The plan: one backwards walk of (name, day, id) per name, merged; no sort of matches."""
    walk = name_walk.ordered(["Israel", "Hamas"], [], [], {}).limit(5)
    with store.engine.connect() as conn:
        plan = " ".join(str(row[-1]) for row in conn.execute(
            sa.text("EXPLAIN QUERY PLAN " + str(walk.compile(
                dialect=conn.dialect, compile_kwargs={"literal_binds": True})))))
    assert "MERGE" in plan and "USING COVERING INDEX ix_event_names_walk" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


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
