"""The database's JSON of an events row is `event_dict`'s, field for field, on both backends."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from typing import Any

import sqlalchemy as sa

from sitrep.api.rowjson import event_json
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store import schema as t
from sitrep.store.queries import event_dict

pytest_plugins = ["tests.store.helpers"]

NOW = dt.datetime(2026, 1, 1)
PRECISIONS = ("day", "week", "month", "year", None)
NAMES = ("Russian forces", "Сили оборони України", 'the "Wagner" group', "back\\slash",
         "Zürich police", "tab\there", None)


def _row(rng: random.Random, i: int) -> dict[str, Any]:
    """A row with every kind of value a column holds: each precision, weeks over every turn of
    a year (ISO week 53, week 1 in December), nulls, quotes and non-Latin names."""
    precision = PRECISIONS[i % len(PRECISIONS)]
    start = dt.date(2019, 12, 20) + dt.timedelta(days=rng.randrange(2200))
    span = {"week": 6, "month": 27, "year": 364}.get(precision or "", 0)
    end = start + dt.timedelta(days=span)
    dated = precision is not None or i % 11 == 0
    placed = i % 7 != 0
    return {
        "type": rng.choice(("ASSAULT", "PROTEST", "COERCE")), "mode": rng.choice(("", None)),
        "acled_event_type": rng.choice(("Battles", None)), "acled_sub_event_type": None,
        "status": rng.choice(("reported", "claimed")), "actor1": rng.choice(NAMES),
        "actor1_country": rng.choice(("UKR", None)), "actor1_sector": rng.choice(("MIL", None)),
        "actor2": rng.choice(NAMES), "actor2_country": None, "actor2_sector": "CVL",
        "date_start": start if dated else None, "date_end": end if dated else None,
        "date_precision": precision if dated else None,
        "place": rng.choice(("Kyiv", "Kharkiv", None)),
        "lat": rng.uniform(-90, 90) if placed else None,
        "lon": round(rng.uniform(-180, 180), 4) if placed else None,
        "country": rng.choice(("UA", None)), "admin1": None,
        "geo_precision": rng.choice((1, 3, None)), "sources": rng.randint(1, 9),
        "place_site": rng.choice(('the "Azot" plant', "вул. Сумська", None)),
        "place_source": rng.choice(("clause", "dateline", None)),
        "fatalities": rng.choice((None, 0, 12, 2_500_000_000)), "fatalities_latest": None,
        "first_seen": NOW, "updated_at": NOW,
    }


def _same(a: Any, b: Any) -> bool:
    """Equal, real numbers to 15 significant digits (SQLite's json_object writes no more)."""
    if isinstance(a, float) and isinstance(b, float | int):
        return math.isclose(a, b, rel_tol=1e-14, abs_tol=1e-300)
    return bool(a == b) and type(a) is type(b)


def test_the_databases_json_is_event_dicts(db_url: str) -> None:
    rng = random.Random(3)
    rows = [_row(rng, i) for i in range(600)]
    rows.append({**_row(rng, 0), "date_start": dt.date(2020, 12, 31),  # ISO 2020-W53
                 "date_end": dt.date(2021, 1, 3), "date_precision": "week"})
    rows.append({**_row(rng, 0), "date_start": dt.date(2024, 12, 25),  # ISO 2025-W01
                 "date_end": dt.date(2024, 12, 31), "date_precision": "week"})
    with open_store(Settings(), db_url) as store:
        with store.engine.begin() as conn:
            conn.execute(sa.insert(t.events), rows)
        with store.engine.connect() as conn:
            found = conn.execute(sa.select(t.events, event_json(conn.dialect).label("doc"))
                                 .order_by(t.events.c.id)).all()
    assert len(found) == len(rows)
    weeks = set()
    for row in found:
        expected, made = event_dict(row), json.loads(row.doc)
        assert list(made) == list(expected)
        wrong = {k: (made[k], expected[k]) for k in expected if not _same(made[k], expected[k])}
        assert not wrong, (row.id, wrong)
        if row.date_precision == "week":
            weeks.add(expected["date"])
    assert {"2020-W53", "2025-W01"} <= weeks
