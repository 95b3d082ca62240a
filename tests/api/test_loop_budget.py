"""SQLite: a page that spends its CPU budget on the event loop is read in a worker thread, so a
slow page no longer holds up a fast one."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from sitrep.api import loop_budget, name_walk
from sitrep.api.app import create_app
from sitrep.api.queries import event_page
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store import schema as t
from sitrep.store.queries import EventFilter

LOCAL = "http://localhost"  # a Host the app serves (settings.served_hosts)
NOW = dt.datetime(2026, 1, 1)
SLOW = EventFilter(actor="сили оборони")
"""Tested row by row with the Python lower() (see `slow`): every event's two names."""


def _event(rng: random.Random, i: int) -> dict[str, Any]:
    day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(300))
    return {"type": "ASSAULT", "status": "reported", "actor1": f"Сили {i % 50}",
            "actor2": "protesters", "date_start": day, "date_end": day,
            "date_precision": "day", "place": "Kyiv", "lat": 50.45, "lon": 30.52,
            "country": "UA", "sources": 1, "fatalities": None, "fatalities_latest": None,
            "first_seen": NOW, "updated_at": NOW}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """40,000 events, none of them naming the slow filter's actor."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('budget')) / 'budget.db'}"
    rng = random.Random(5)
    with open_store(Settings(), url) as store, store.engine.begin() as conn:
        conn.execute(sa.insert(t.events), [_event(rng, i) for i in range(40_000)])
    return url


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The slow filter's page reads the dates and tests every row's names (no name walk)."""
    monkeypatch.setattr(name_walk, "MOST_NAMES", -1)
    yield


def test_a_page_past_its_budget_stops_and_one_within_it_is_unchanged(db: str, slow: None
                                                                     ) -> None:
    with open_store(Settings(), db, create=False) as store:
        with pytest.raises(loop_budget.OverBudget):
            event_page(store, SLOW, None, 10, budget=0.0)
        unbounded = event_page(store, SLOW, None, 10)
        assert event_page(store, SLOW, None, 10, budget=60.0) == unbounded
        assert unbounded.events == [] and unbounded.total == 0  # and the connection still reads
        fast = event_page(store, EventFilter(), None, 10, budget=60.0)
        assert fast == event_page(store, EventFilter(), None, 10) and fast.events


def test_a_slow_page_no_longer_holds_up_a_fast_one(db: str, slow: None) -> None:
    """The slow page is asked for first; the fast one (a page after a cursor: two rows, no
    count) is answered before it, which the event loop could not do while the slow page held
    it."""
    async def both() -> list[str]:
        app = create_app(Settings(db_url=db))
        done: list[str] = []
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url=LOCAL) as http:
            first = (await http.get("/api/events?limit=1")).json()
            fast = f"/api/events?limit=1&cursor={first['next_cursor']}"

            async def ask(name: str, path: str) -> None:
                (await http.get(path)).raise_for_status()
                done.append(name)

            await asyncio.gather(ask("slow", "/api/events?actor=сили оборони&limit=10"),
                                 ask("fast", fast))
        return done

    assert asyncio.run(both()) == ["fast", "slow"]
