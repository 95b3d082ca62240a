"""The actor filter, row by row down the dates (a page) and through its trigram index (the
summary): the same events as a substring test in Python, for rare and common names in any
script and case, the index kept in step with inserts, changes and deletes."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import pytest
import sqlalchemy as sa

from sitrep.api import aggregates
from sitrep.api.queries import event_page
from sitrep.settings import Settings
from sitrep.store import actor_index, open_store
from sitrep.store import schema as t
from sitrep.store.database import Store
from sitrep.store.names import search_terms
from sitrep.store.queries import EventFilter

pytest_plugins = ["tests.store.helpers"]

NOW = dt.datetime(2026, 1, 1)
COMMON = "Russian forces"
RARE = ("Rapid Support Forces", "Сили оборони України", "ЗСУ", "Volodymyr Zelenskyy",
        "Hamas")


def _row(rng: random.Random, i: int) -> dict[str, Any]:
    rare = rng.choice(RARE) if i % 40 == 0 else None
    return {"type": "ASSAULT", "status": "reported",
            "actor1": rare or COMMON, "actor2": rng.choice(("civilians", None)),
            "date_start": dt.date(2024, 1, 1) + dt.timedelta(days=i % 300), "date_end": None,
            "date_precision": "day", "lat": 50.0, "lon": 30.0, "country": "UA",
            "sources": 1, "first_seen": NOW, "updated_at": NOW}


def _expected(store: Store, query: str) -> list[int]:
    """Newest-first ids of the events whose actor contains a spelling, tested in Python."""
    terms = search_terms(query)
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(t.events.c.id, t.events.c.date_start, t.events.c.actor1,
                                      t.events.c.actor2)).all()
    hits = [r for r in rows
            if any(term in (name or "").lower() for name in (r.actor1, r.actor2)
                   for term in terms)]
    return [r.id for r in sorted(hits, key=lambda r: (r.date_start, r.id), reverse=True)]


def _page_ids(store: Store, query: str) -> list[int]:
    page = event_page(store, EventFilter(actor=query), None, 5000)
    return [json.loads(doc)["id"] for doc in page.events]


@pytest.fixture
def store(db_url: str) -> Any:
    rng = random.Random(9)
    with open_store(Settings(), db_url) as opened:
        with opened.engine.begin() as conn:
            conn.execute(sa.insert(t.events), [_row(rng, i) for i in range(1200)])
        yield opened


@pytest.mark.parametrize("query", ["rapid support", "сили оборони", "ЗСУ", "zelensky",
                                   "russian", "hamas", "ab"])
def test_a_name_finds_what_a_substring_test_of_every_row_finds(store: Store, query: str
                                                                ) -> None:
    wanted = _expected(store, query)
    assert _page_ids(store, query) == wanted
    assert aggregates.summary(store, EventFilter(actor=query), None)["total"] == len(wanted)
    if query in ("сили оборони", "ЗСУ", "russian"):
        assert wanted  # the rare names in Cyrillic are found whatever their case


def test_the_index_follows_new_changed_and_deleted_names(store: Store) -> None:
    with store.engine.begin() as conn:
        first = conn.execute(sa.select(sa.func.min(t.events.c.id))).scalar_one()
        conn.execute(sa.update(t.events).where(t.events.c.id == first)
                     .values(actor1="Wagner Group"))
        gone = conn.execute(sa.select(t.events.c.id).where(
            t.events.c.actor1 == "Rapid Support Forces").limit(1)).scalar_one()
        conn.execute(sa.delete(t.events).where(t.events.c.id == gone))
        conn.execute(sa.insert(t.events), [{**_row(random.Random(1), 0),
                                            "actor1": "Ansar Allah"}])
    assert _page_ids(store, "wagner") == [first]
    assert gone not in _page_ids(store, "rapid support")
    assert len(_page_ids(store, "ansar allah")) == 1
    assert _page_ids(store, "russian") == _expected(store, "russian")


def test_sqlite_reads_a_rare_name_from_the_index(tmp_path: Any) -> None:
    with open_store(Settings(), f"sqlite:///{tmp_path / 'x.db'}") as opened:
        ids = actor_index.matching_ids("rapid support")
        assert ids is not None
        query = sa.select(t.events.c.id).where(t.events.c.id.in_(ids))
        with opened.engine.connect() as conn:
            sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + sql))
    assert "VIRTUAL TABLE INDEX" in plan and actor_index.TABLE in plan
