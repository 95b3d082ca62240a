"""SQLite and PostgreSQL store the same rows for the same reports (each writes its own way)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sitrep.model import Count, EventActor, EventPlace, Report
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store import schema as t
from tests.store.helpers import (
    CHUHUIV,
    KHARKIV_OBLAST,
    ODESA,
    postgres_database,
    strike_report,
)

CLOCK = ("ingested_at", "joined_at", "first_seen", "updated_at", "failed_at", "applied_at")
"""Columns that hold the time of the write, which differs between the two runs."""


def _reports() -> list[Report]:
    """Reports that fuse, move between events and leave some fields empty."""
    vague = strike_report("In March, Russia struck Kharkiv, killing 12 there.", date="2024-03",
                          precision="month", killed=None)
    told_twice = strike_report("Russian shelling hit Chuhuiv, killing two, then three more.",
                               place=CHUHUIV, killed=2)
    event = told_twice.events[0]
    told_twice = replace(told_twice, events=(
        replace(event, counts=(*event.counts, Count("killed", 5, None, "people"),
                               Count("injured", 2_500_000_000, "about", None))),
        replace(event, id=f"{event.id[:-2]}:1", actor1=None, actor2=None, place=None,
                status="threatened", mode=None, counts=())))
    return [
        strike_report("Russian missiles hit Kharkiv Oblast on Wednesday, killing 14.",
                      place=KHARKIV_OBLAST, killed=14, url="https://example.org/oblast"),
        strike_report("A Russian missile strike on Kharkiv killed 12 on Wednesday. "
                      "Oleh Syniehubov, the governor, said: the city was hit twice in one hour."),
        vague,
        told_twice,
        strike_report("Russian drones struck the port of Odesa, killing three.",
                      place=ODESA, killed=3, actor1=EventActor("Russian forces", "RUS", "MIL")),
        strike_report("Ukraine threatened to strike back at Russia's ports.",
                      place=EventPlace("Odesa", 46.47747, 30.73262, "UA", None, 1),
                      status="threatened", killed=None, date=None),
        strike_report("A second strike on Kharkiv killed 19 on Friday, Oleh Syniehubov said.",
                      killed=19, published="2024-03-15"),
    ]


def _stored(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (clock columns aside), with whether each JSON value is SQL NULL."""
    reports = _reports()
    with open_store(Settings(), url) as store:
        for report in reports:
            assert store.add(report).status == "added"
        # Its events are fused again from the others. (Nothing is added after a deletion:
        # SQLite then reuses the highest ids, PostgreSQL's sequences go on.)
        store.delete(reports[1].article.id)
        tables: dict[str, list[tuple[Any, ...]]] = {}
        with store.engine.connect() as conn:
            for table in t.metadata.sorted_tables:
                if table.name == "schema_version":
                    continue
                columns = [c for c in table.c if c.name not in CLOCK]
                nulls = [c.is_(None) for c in columns if isinstance(c.type, sa.JSON)]
                rows = conn.execute(sa.select(*columns, *nulls)).all()
                tables[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return tables


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from postgres_database()


@pytest.mark.postgres
def test_sqlite_and_postgresql_store_the_same_rows(tmp_path: Path, postgres_url: str) -> None:
    sqlite = _stored(f"sqlite:///{tmp_path / 'sitrep.db'}")
    postgres = _stored(postgres_url)
    assert sqlite.keys() == postgres.keys()
    for name, rows in sqlite.items():
        assert rows == postgres[name], name
    assert sqlite["events"] and sqlite["count_history"] and sqlite["quotes"]
    assert len(sqlite["event_sources"]) > len(sqlite["events"])  # some mentions fused
