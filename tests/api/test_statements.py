"""The page query compiled once per filter shape gives SQLAlchemy's answer, page by page."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import sqlalchemy as sa

from sitrep.api.cursor import Cursor
from sitrep.api.queries import BBox, EventPage, event_page
from sitrep.api.statements import Statements
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store import schema as t
from sitrep.store.queries import EventFilter

pytest_plugins = ["tests.store.helpers"]

NOW = dt.datetime(2026, 1, 1)
PLACES = {"Kyiv": (50.45, 30.52, "UA"), "Kharkiv": (49.99, 36.23, "UA"),
          "Khartoum": (15.5, 32.56, "SD"), "Goma": (-1.68, 29.22, "CD")}
ACTORS = ("Russian forces", "Зеленський", "Israel Defense Forces", "Rapid Support Forces",
          "protesters", None)


def _event(rng: random.Random, i: int) -> dict[str, Any]:
    name = rng.choice(sorted(PLACES))
    lat, lon, country = PLACES[name]
    day = None if i % 23 == 0 else dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(500))
    span = rng.choice((0, 0, 0, 6, 30))
    return {"type": rng.choice(("ASSAULT", "PROTEST", "CONSULT")),
            "status": rng.choice(("reported", "reported", "planned")),
            "actor1": rng.choice(ACTORS), "actor2": rng.choice(ACTORS),
            "date_start": day, "date_end": day + dt.timedelta(days=span) if day else None,
            "date_precision": ("day" if span == 0 else "week" if span == 6 else "month")
            if day else None,
            "place": name, "lat": lat + rng.uniform(-0.3, 0.3), "lon": lon + rng.uniform(-0.3, 0.3),
            "country": country, "sources": rng.randint(1, 4),
            "fatalities": rng.choice((0, 0, 1, 3, 12, 60)), "fatalities_latest": None,
            "first_seen": NOW, "updated_at": NOW}


@pytest.fixture
def db(db_url: str) -> str:
    """400 events over four towns and 500 days, some undated, some spanning a week or month."""
    rng = random.Random(17)
    with open_store(Settings(), db_url) as store, store.engine.begin() as conn:
        conn.execute(sa.insert(t.events), [_event(rng, i) for i in range(400)])
    return db_url


FILTERS = [
    (EventFilter(), None),
    (EventFilter(country="UA", type="assault", since=dt.date(2023, 5, 1),
                 until=dt.date(2023, 8, 31)), None),
    (EventFilter(country="Sudan"), None),
    (EventFilter(), BBox(35.0, 49.0, 37.0, 51.0)),
    (EventFilter(type="PROTEST", since=dt.date(2024, 1, 1)), None),
    (EventFilter(since=dt.date(2023, 3, 1), until=dt.date(2023, 6, 30), status="Planned"), None),
    (EventFilter(actor="israel"), None),
    (EventFilter(actor="зеленський"), None),
    (EventFilter(actor="rsf"), None),
    (EventFilter(min_fatalities=10), None),
    (EventFilter(relevant=True), None),
    (EventFilter(near=(50.45, 30.52), km=30), None),
    (EventFilter(country="UA", until=dt.date(2023, 4, 1)), BBox(30.0, 50.0, 31.0, 51.0)),
]


def _pages(store_url: str, f: EventFilter, box: BBox | None, limit: int,
           statements: Statements | None) -> list[EventPage]:
    with open_store(Settings(), store_url, create=False) as store:
        pages = [event_page(store, f, box, limit, statements=statements)]
        while pages[-1].next_cursor is not None:
            pages.append(event_page(store, f, box, limit, cursor=pages[-1].next_cursor,
                                    statements=statements))
        pages.append(event_page(store, f, box, limit, offset=limit + 1, statements=statements))
        return pages


@pytest.fixture(scope="module")
def shared() -> Statements:
    """One cache for every filter: a shape key too coarse would hand one filter another's SQL."""
    return Statements()


@pytest.mark.parametrize(("f", "box"), FILTERS)
def test_compiled_pages_equal_sqlalchemy_pages(db: str, shared: Statements, f: EventFilter,
                                               box: BBox | None) -> None:
    statements = shared
    for limit in (1, 30, 500):
        expected = _pages(db, f, box, limit, None)
        assert _pages(db, f, box, limit, statements) == expected
        # A second run reads the compiled statements of the first.
        assert _pages(db, f, box, limit, statements) == expected
    # Every filter finds events here but the relevance one (no event has a source article).
    assert any(page.events for page in expected) == (f.relevant is None)


def test_a_shape_runs_with_each_filter_s_own_values(db: str) -> None:
    statements = Statements()
    with open_store(Settings(), db, create=False) as store:
        for country in ("UA", "SD", "CD", "UA"):
            f = EventFilter(country=country, since=dt.date(2023, 2, 1))
            got = event_page(store, f, None, 50, statements=statements)
            assert got == event_page(store, f, None, 50)
            assert {'"country":"' + country + '"' in doc.replace(" ", "") for doc in got.events
                    } == {True}


def test_cursors_into_the_undated_part_and_past_the_start(db: str) -> None:
    statements = Statements()
    with open_store(Settings(), db, create=False) as store:
        for cursor in (Cursor(None, 10**6), Cursor(None, 100), Cursor(dt.date(2023, 1, 10), 10**6),
                       Cursor(dt.date(2000, 1, 1), 1)):
            expected = event_page(store, EventFilter(), None, 20, cursor=cursor)
            assert event_page(store, EventFilter(), None, 20, cursor=cursor,
                              statements=statements) == expected
        undated = event_page(store, EventFilter(), None, 100, cursor=Cursor(None, 10**6),
                             statements=statements)
        assert undated.events and all('"date":null' in d.replace(" ", "") for d in undated.events)


def test_the_cache_starts_again_when_full(db: str) -> None:
    statements = Statements(most=4)
    with open_store(Settings(), db, create=False) as store:
        for i in range(40):
            # A shape per bit pattern of five optional conditions, then repeats.
            bits = [bool(i >> k & 1) for k in range(5)]
            f = EventFilter(country="UA" if bits[0] else None, type="ASSAULT" if bits[1] else None,
                            status="reported" if bits[2] else None,
                            min_fatalities=1 if bits[3] else None,
                            actor="forces" if bits[4] else None)
            assert event_page(store, f, None, 5, statements=statements) == event_page(
                store, f, None, 5)
    assert 0 < len(statements) <= 4
