"""Random `events` rows for the tests of the kept counts (store.rollup, store.rollup_months),
and the store they go into."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
import sqlalchemy as sa

from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store import schema as t
from sitrep.store.database import Store

TYPES = ("ASSAULT", "PROTEST", "CONSULT")
STATUSES = ("reported", "planned")
Point = tuple[float, float, str]


def event_row(rng: random.Random, start: dt.date, days: int, points: Sequence[Point], *,
              undated: float, country_kept: float) -> dict[str, Any]:
    """One event within ``days`` of ``start``: a share ``undated`` without a date, a tenth
    without a point (a share ``country_kept`` of those still with a country), some of a week
    or a month."""
    day = None if rng.random() < undated else start + dt.timedelta(days=rng.randrange(days))
    length, precision = rng.choice(((0, "day"), (0, "day"), (6, "week"), (30, "month")))
    lat, lon, country = rng.choice(points)
    placed = rng.random() > 0.1
    now = dt.datetime(2024, 6, 1)
    return {"type": rng.choice(TYPES), "status": rng.choice(STATUSES), "actor1": "someone",
            "date_start": day, "date_end": day + dt.timedelta(days=length) if day else None,
            "date_precision": precision if day else None,
            "lat": lat if placed else None, "lon": lon if placed else None,
            "country": country if placed or rng.random() < country_kept else None,
            "sources": 1, "first_seen": now, "updated_at": now}


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(Settings(), db_url) as opened:
        yield opened


def stored_rows(store: Store) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(sa.select(t.events)))
