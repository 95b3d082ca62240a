"""Correcting the store: take an article out with what only it supports, or replace its rows.

Both run inside the caller's transaction. The article's mentions leave their events, and those
events' groups are fused again (`fusion.refuse`), so the store ends as if the article had never
been ingested: an event only it supported is gone, and the others keep their other sources.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from sitrep.errors import NotFoundError
from sitrep.store import fusion
from sitrep.store import schema as t

PREFIX_MIN = 8
"""The shortest article id prefix accepted (as git accepts short commit ids)."""


def resolve_article(conn: sa.Connection, ref: str) -> str:
    """The id of the article an id, a unique id prefix or a URL names; NotFoundError otherwise."""
    a = t.articles.c
    ref = ref.strip()
    found = conn.execute(sa.select(a.id).where(sa.or_(a.id == ref, a.url == ref))).scalars().all()
    if not found and len(ref) >= PREFIX_MIN and all(ch in "0123456789abcdef" for ch in ref):
        found = conn.execute(sa.select(a.id).where(a.id.like(f"{ref}%")).limit(2)
                             ).scalars().all()
        if len(found) > 1:
            raise NotFoundError(ref, "more than one article has this id prefix; give more of it")
    if not found:
        raise NotFoundError(ref, "no such article (give its id, a unique prefix of "
                                 f"{PREFIX_MIN}+ characters, or its URL)")
    return str(found[0])


def remove_article(conn: sa.Connection, article_id: str) -> set[int]:
    """Delete the article and all its rows; returns the events its mentions belonged to."""
    m = t.event_mentions.c
    events = {int(e) for e in conn.execute(sa.select(m.event_id).distinct().where(
        m.article_id == article_id, m.event_id.is_not(None))).scalars()}
    conn.execute(sa.delete(t.count_history).where(t.count_history.c.article_id == article_id))
    conn.execute(sa.delete(t.event_sources).where(t.event_sources.c.article_id == article_id))
    for table in (t.event_mentions, t.quotes, t.places, t.actors):
        conn.execute(sa.delete(table).where(table.c.article_id == article_id))
    conn.execute(sa.delete(t.articles).where(t.articles.c.id == article_id))
    return events


def refuse_events(conn: sa.Connection, events: set[int], km: float, now: dt.datetime
                  ) -> tuple[int, int]:
    """Fuse again the groups of events that lost mentions; (events kept, events removed)."""
    existing = set(conn.execute(sa.select(t.events.c.id).where(
        t.events.c.id.in_(sorted(events)))).scalars()) if events else set()
    if not existing:
        return 0, 0
    kept = set(fusion.refuse(conn, [], existing, km, now).values())
    return len(kept & existing), len(existing - kept)
