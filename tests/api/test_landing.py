"""The page's landing view is made as the server starts; one answer is made once however many
ask for it at the same time."""

from __future__ import annotations

import datetime as dt
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from sitrep.api import aggregates, landing
from sitrep.api.app import create_app
from sitrep.api.memo import Memo
from sitrep.api.queries import straddling
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store import schema as t
from sitrep.store.queries import EventFilter
from tests.api.test_paging import LOCAL, _all_pages, _event, _insert

pytest_plugins = ["tests.store.helpers", "tests.api.test_paging"]


def test_the_landing_view_is_made_at_start_up(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(Settings(db_url=db))
    with TestClient(app, base_url=LOCAL) as client:
        assert app.state.warmer.made(timeout=0)  # made before the first request

        def refused(*_: object) -> None:
            raise AssertionError("made again on request: not made at start-up")

        # From here on an aggregate made on request fails the test.
        monkeypatch.setattr(landing, "summary", refused)
        monkeypatch.setattr(landing, "clusters", refused)
        counts = client.get("/api/events/summary").json()
        assert counts["total"] == 250
        assert sum(counts["types"].values()) == 250
        found = client.get("/api/events/clusters?cell=5.625&detail=2000").json()
        assert found["cell"] == 0.001  # under 2,000 events: by place
        assert sum(c["count"] for c in found["clusters"]) == 250
        # Another view is not made in advance: the patched aggregate is asked for.
        with pytest.raises(AssertionError, match="made again on request"):
            client.get("/api/events/summary?type=PROTEST")


def test_the_landing_view_is_the_pages_first_view() -> None:
    """The page's first requests (web/static/app.js) are the ones made at start-up."""
    script = (Path(str(resources.files("sitrep.web"))) / "static" / "app.js").read_text(
        encoding="utf-8")
    assert re.search(r"const CELL_PX = (\d+);", script)[1] == str(landing.CELL_PX)  # type: ignore[index]
    assert re.search(r"const DETAIL = (\d+);", script)[1] == str(landing.PAGE_DETAIL)  # type: ignore[index]
    assert re.search(r"\.setView\(\[[^\]]*\], (\d+)\)", script)[1] == str(landing.PAGE_ZOOM)  # type: ignore[index]
    assert landing.LANDING_CELL == 5.625


def test_an_answer_being_made_is_awaited_not_made_again(tmp_path: Path) -> None:
    memo = Memo()
    made: list[int] = []

    def slow() -> int:
        made.append(1)
        time.sleep(0.3)
        return 42

    with open_store(Settings(), f"sqlite:///{tmp_path / 'x.db'}") as store:
        answers: list[int] = []
        askers = [threading.Thread(target=lambda: answers.append(memo.answer(store, "k", slow)))
                  for _ in range(4)]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
        assert answers == [42] * 4
        assert len(made) == 1
        # Another key is made on its own.
        assert memo.answer(store, "other", lambda: 7) == 7


def test_since_counts_the_events_that_straddle_it_like_the_list(db_url: str) -> None:
    """Aggregates split `since` into events starting on or after it and multi-day events
    starting before it; they count what the list shows, whatever the precision."""
    rng = random.Random(3)
    since = dt.date(2024, 3, 10)
    rows = []
    for _ in range(120):
        precision, length = rng.choice((("day", 0), ("day", 0), ("week", 6), ("month", 30),
                                        ("year", 365)))
        start = since + dt.timedelta(days=rng.randrange(-400, 40))
        at = (46 + rng.random() * 6, 24 + rng.random() * 14)  # each its own point in Ukraine
        row = _event(rng, start, at, rng.choice(("ASSAULT", "PROTEST")))
        row.update(date_end=start + dt.timedelta(days=length), date_precision=precision)
        rows.append(row)
    _insert(db_url, rows)
    with TestClient(create_app(Settings(db_url=db_url)), base_url=LOCAL) as client:
        for query in (f"&since={since}", f"&since={since}&until={since + dt.timedelta(days=9)}",
                      f"&since={since}&type=PROTEST"):
            listed = _all_pages(client, query, 50)
            expected = sum(1 for r in rows if r["date_end"] >= since and (
                "until" not in query or r["date_start"] <= since + dt.timedelta(days=9)) and (
                "PROTEST" not in query or r["type"] == "PROTEST"))
            assert len(listed) == expected
            assert any(e["start"] < str(since) for e in listed)  # some straddle it
            counts = client.get(f"/api/events/summary?{query[1:]}").json()
            assert counts["total"] == expected
            assert counts["types"] == dict(sorted(Counter(e["type"] for e in listed).items()))
            grid = client.get(f"/api/events/clusters?cell=1&{query[1:]}").json()
            assert sum(c["count"] for c in grid["clusters"]) == expected
            members = sorted(e["id"] for c in grid["clusters"] for e in c.get("events", []))
            assert members == sorted(e["id"] for e in listed)  # listed: a few per cell


def test_the_straddling_events_are_read_from_the_partial_index(tmp_path: Path) -> None:
    with open_store(Settings(), f"sqlite:///{tmp_path / 'x.db'}") as store:
        query = sa.select(sa.func.count()).select_from(t.events).where(
            *straddling(dt.date(2024, 3, 10)))
        sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
        with store.engine.connect() as conn:
            plan = " ".join(str(r[-1]) for r in conn.execute(sa.text("EXPLAIN QUERY PLAN " + sql)))
    assert "ix_events_spanning" in plan


def test_the_landing_view_is_kept_current_while_asked_for(
        db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[float] = []
    real = aggregates.summary

    def counted(*args: Any) -> dict[str, Any]:
        made.append(time.monotonic())
        return real(*args)

    monkeypatch.setattr(landing, "summary", counted)
    monkeypatch.setattr(landing, "IDLE", 1.5)
    memo = Memo(ttl=0.2)  # made anew every 0.16 s while wanted

    def soon(test: Callable[[], bool]) -> bool:
        deadline = time.monotonic() + 10
        while not test():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    with open_store(Settings(), db) as store:
        warmer = landing.Warmer(memo, store)
        warmer.start()
        try:
            assert soon(lambda: len(made) >= 3)  # renewed while the server is new
            assert soon(lambda: not warmer._wanted())  # nobody asked: it goes idle
            time.sleep(0.3)  # (a renewal under way ends)
            idle = len(made)
            time.sleep(0.6)
            assert len(made) == idle
            # A visitor asks: the view is wanted again and kept current.
            assert orjson.loads(landing.summary_answer(memo, store, EventFilter(), None))["total"]
            assert soon(lambda: len(made) >= idle + 3)
        finally:
            warmer.stop()
