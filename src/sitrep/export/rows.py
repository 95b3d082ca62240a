"""Fused events with their sources and first evidence sentence, read once for every export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from sitrep.store import Store
from sitrep.store import schema as t
from sitrep.store.queries import event_dict


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One fused event as the exports see it."""

    event: dict[str, Any]
    """The same fields `sitrep events --format json` prints."""
    date_start: Any
    date_end: Any
    publishers: tuple[str, ...]
    urls: tuple[str, ...]
    sentence: str | None
    """The first evidence sentence of the earliest source: ACLED's notes, PLOVER's text."""
    updated_at: Any = None
    """When the event last changed (UTC): ACLED's timestamp."""


def event_records(store: Store, *, status: str | None = None) -> list[EventRecord]:
    """Every fused event, oldest first, with its sources (two queries, not one per event)."""
    events = sa.select(t.events).order_by(t.events.c.date_start, t.events.c.id)
    if status:
        events = events.where(t.events.c.status == status)
    m, a, s = t.event_mentions.c, t.articles.c, t.event_sources.c
    sources = (sa.select(s.event_id, m.sentence, a.source, a.url)
               .join_from(t.event_sources, t.event_mentions)
               .join(t.articles, a.id == m.article_id)
               .order_by(s.event_id, a.published, m.id))
    publishers: dict[int, list[str]] = {}
    urls: dict[int, list[str]] = {}
    sentence: dict[int, str] = {}
    with store.engine.connect() as conn:
        for row in conn.execute(sources):
            if row.source and row.source not in publishers.setdefault(row.event_id, []):
                publishers[row.event_id].append(row.source)
            if row.url and row.url not in urls.setdefault(row.event_id, []):
                urls[row.event_id].append(row.url)
            if row.event_id not in sentence and row.sentence:
                sentence[row.event_id] = row.sentence
        return [
            EventRecord(event_dict(r), r.date_start, r.date_end,
                        tuple(publishers.get(r.id, ())), tuple(urls.get(r.id, ())),
                        sentence.get(r.id), r.updated_at)
            for r in conn.execute(events)
        ]


def count_events(store: Store, *, status: str | None = None) -> int:
    """How many fused events there are (of one status), as an export would read them."""
    query = sa.select(sa.func.count()).select_from(t.events)
    if status:
        query = query.where(t.events.c.status == status)
    with store.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())
