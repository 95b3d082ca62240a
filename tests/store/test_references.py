"""What the store's own writes guarantee of the rows that point at events and articles.

On PostgreSQL, only a mention's event is checked as a foreign key (migration 20): the store
writes an article's rows in the transaction that writes the article, a mention's copies
(sources, counts) with the mention, an event's keys with the event, and deletes each of them
itself. These tests hold it to that after merges, splits, deletions and corrections, on both
backends (SQLite still checks its foreign keys)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa

from sitrep import fuse
from sitrep.model import EventPlace
from sitrep.settings import Settings
from sitrep.store import Store, open_store
from sitrep.store import schema as t
from tests.store.helpers import (
    CHUHUIV,
    KHARKIV_OBLAST,
    ODESA,
    postgres_database,
    strike_report,
)

pytest_plugins = ["tests.store.helpers"]

VAGUE = strike_report("In March, Russia struck Kharkiv, killing 12 there.", date="2024-03",
                      precision="month", killed=None)
"""A month's dates: filed under five weeks, so it joins and leaves events with many keys."""
OBLAST = strike_report("Russian missiles hit Kharkiv Oblast on Wednesday, killing 14.",
                       place=KHARKIV_OBLAST, killed=14, published="2024-03-15")
CITY = strike_report("A Russian missile strike on Kharkiv killed 12 on Wednesday.", killed=12,
                     url="https://wire.example/kharkiv")
NEAR = strike_report("Russian shelling hit Chuhuiv on Wednesday, killing two.", place=CHUHUIV,
                     killed=2)
LATER = strike_report("A second strike on Kharkiv killed 19 on Friday, Oleh Syniehubov said.",
                      killed=19, published="2024-03-15", date="2024-03-15")
PORT = strike_report("Russian drones struck the port of Odesa, killing three.", place=ODESA,
                     killed=3)


def _mention(row: Any) -> fuse.Mention:
    """A stored mention as fusion reads it."""
    def who(value: dict[str, Any] | None) -> fuse.Who | None:
        return fuse.Who(value["name"], value.get("country"), value.get("sector")) if value else None

    place = row.place
    return fuse.mention_from(
        row.type, row.status, who(row.actor1), who(row.actor2), row.date, row.date_precision,
        EventPlace(place["name"], place.get("lat"), place.get("lon"), place.get("country"),
                   place.get("admin1"), int(place["precision"])) if place else None,
        row.published)


def _broken_promises(store: Store) -> list[str]:
    """Every row that points at an event or article it should not, and every event filed
    under other keys than its mentions' (empty when the store kept its word)."""
    m, k, e = t.event_mentions.c, t.event_keys.c, t.events.c
    found: list[str] = []
    with store.engine.connect() as conn:
        events = set(conn.execute(sa.select(e.id)).scalars())
        mentions = {row.id: row for row in conn.execute(
            sa.select(m.id, m.article_id, m.event_id, m.type, m.status, m.actor1, m.actor2,
                      m.date, m.date_precision, m.place, t.articles.c.published)
            .join_from(t.event_mentions, t.articles))}
        for table in (t.event_sources, t.count_history):
            c = table.c
            for row in conn.execute(sa.select(c.mention_id, c.event_id, c.article_id)):
                held = mentions.get(row.mention_id)
                if held is None or (row.event_id, row.article_id) != (held.event_id,
                                                                      held.article_id):
                    found.append(f"{table.name} {tuple(row)} is not its mention's")
        articles = set(conn.execute(sa.select(t.articles.c.id)).scalars())
        for table in (t.event_mentions, t.actors, t.places, t.quotes):
            found += [f"{table.name} of article {a} that is not stored" for a in conn.execute(
                sa.select(table.c.article_id).distinct()).scalars() if a not in articles]
        sourced = set(conn.execute(sa.select(t.event_sources.c.mention_id)).scalars())
        found += [f"mention {i} has no source row" for i in mentions.keys() - sourced]
        filed: dict[int, set[str]] = {}
        for key, event_id in conn.execute(sa.select(k.key, k.event_id)):
            filed.setdefault(event_id, set()).add(key)
    found += [f"mention {i} names no event" for i, row in mentions.items()
              if row.event_id not in events]
    members: dict[int, set[str]] = {}
    for row in mentions.values():
        members.setdefault(row.event_id, set()).update(fuse.index_keys(_mention(row)))
    found += [f"event {i} is filed under {sorted(filed.get(i, set()))}, its mentions under "
              f"{sorted(members.get(i, set()))}"
              for i in sorted(events | filed.keys(), key=str)
              if filed.get(i, set()) != members.get(i, set())]
    return found


def test_merges_splits_deletions_and_corrections_leave_no_row_astray(store: Store) -> None:
    for report in (NEAR, CITY, PORT, VAGUE, OBLAST, LATER):
        assert store.add(report).status == "added"
        assert _broken_promises(store) == []
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.event_keys)).scalar()
    # The city's strike is taken out: the vague and regional mentions it held together are
    # fused again without it.
    store.delete(CITY.article.id)
    assert _broken_promises(store) == []
    # A correction moves the port's strike to Kharkiv, into the events there.
    moved = replace(PORT.events[0], place=CITY.events[0].place)
    assert store.replace(PORT.article.id, replace(PORT, events=(moved,))).status == "added"
    assert _broken_promises(store) == []
    # And back (the event it joined loses it again), then the rest goes.
    assert store.replace(PORT.article.id, PORT).status == "added"
    assert _broken_promises(store) == []
    for report in (VAGUE, OBLAST, LATER, NEAR, PORT):
        store.delete(report.article.id)
        assert _broken_promises(store) == []
    sizes = store.table_sizes()
    assert [name for name in ("events", "event_keys", "event_mentions", "event_sources",
                              "count_history", "actors", "places", "quotes")
            if sizes[name]] == []


def test_a_row_astray_is_found(store: Store) -> None:
    """The check above can fail: a key of no mention, and a source row of another event."""
    for report in (CITY, LATER):
        store.add(report)
    with store.engine.begin() as conn:
        event_id = conn.execute(sa.select(t.events.c.id)).scalars().first()
        conn.execute(sa.insert(t.event_keys).values(key="ASSAULT|r|g:0:0|1", event_id=event_id))
    assert [p for p in _broken_promises(store) if "filed under" in p]
    with store.engine.begin() as conn:
        conn.execute(sa.delete(t.event_keys).where(t.event_keys.c.key == "ASSAULT|r|g:0:0|1"))
        conn.execute(sa.update(t.count_history).values(reported_on=dt.date(2024, 3, 1)))
        conn.execute(sa.delete(t.event_sources).where(
            t.event_sources.c.article_id == LATER.article.id))
    assert [p for p in _broken_promises(store) if "no source row" in p]


@pytest.fixture
def postgres_store() -> Iterator[Store]:
    for url in postgres_database():
        with open_store(Settings(), url) as opened:
            yield opened


@pytest.mark.postgres
def test_postgresql_checks_no_reference_the_store_keeps_itself(
        postgres_store: Store) -> None:
    """Steps 20 and 22: the store keeps every reference between its rows, writers taking
    turns (a mention's event was the last checked)."""
    with postgres_store.engine.connect() as conn:
        checked = set(conn.exec_driver_sql(
            "SELECT conrelid::regclass::text || '.' || a.attname FROM pg_constraint AS c "
            "JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "WHERE c.contype = 'f'").scalars())
    assert checked == set()
