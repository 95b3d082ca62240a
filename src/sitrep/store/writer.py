"""Writes one report inside the caller's transaction: article, mentions, then fusion into events."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import sqlalchemy as sa

from sitrep import data
from sitrep.model import Event, EventActor, Report
from sitrep.store import fusion
from sitrep.store import schema as t
from sitrep.store.batches import pipelined
from sitrep.store.bulk import insert_rows

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Plan:
    """A report made ready to store, before any read: its events (without the counts no count
    can be), their mention ids, and their mentions as fusion reads stored ones."""

    report: Report
    events: list[Event]
    ids: list[str]
    seeds: list[fusion.Stored]
    reported: dt.date


def plan(report: Report, now: dt.datetime) -> Plan:
    """The report ready to store; the store is not read."""
    a = report.article
    # Keyed by position, not by the extractor's id, so that a repeated id cannot fail the
    # article; the contract's ids have this form anyway.
    events = [_countable(event, a.origin or a.id) for event in report.events]
    ids = [f"{a.id}:{index}" for index in range(len(events))]
    reported = a.published or now.date()
    seeds = [fusion.seed(i, a.id, event, a.published, reported)
             for i, event in zip(ids, events, strict=True)]
    return Plan(report, events, ids, seeds, reported)


def write_report(conn: sa.Connection, report: Report, km: float, now: dt.datetime) -> int:
    """Insert the report's rows and fuse its events; returns how many mentions joined an event."""
    return write_plan(conn, plan(report, now), km, now)


def write_plan(conn: sa.Connection, planned: Plan, km: float, now: dt.datetime, *,
               found: dict[int, list[fusion.Stored]] | None = None,
               commit: Callable[[], object] | None = None) -> int:
    """Insert the planned report's rows and fuse its events; returns how many mentions joined
    an event.

    Fusion reads first (the report's mentions are known without reading them back), then
    every write of the article goes in one batch: on PostgreSQL one pipeline, one round trip,
    which ends with `commit` when given (the transaction's COMMIT in the same round trip).
    `found`: the seeds' `fusion.candidates`, when the caller read them already.
    """
    report, events, ids, reported = planned.report, planned.events, planned.ids, planned.reported
    a = report.article
    postgres = conn.dialect.name == "postgresql"
    if not postgres:
        # SQLite: the article's first write takes the database's write lock before fusion
        # reads, as it always did, so that a second writer waits for it instead of failing.
        _insert_rows(conn, report, now)
    fused = fusion.fuse_group(conn, planned.seeds, set(), km, now, found) if ids else None
    assigned = fused.assigned if fused else {}
    with pipelined(conn):
        if postgres:
            _insert_rows(conn, report, now)
        if fused:
            fusion.write(conn, fused, now)
        insert_rows(conn, t.event_mentions, [
            _mention_row(report, mention_id, event, assigned[mention_id])
            for mention_id, event in zip(ids, events, strict=True)])
        insert_rows(conn, t.event_sources, [
            dict(event_id=assigned[i], mention_id=i, article_id=a.id, joined_at=now)
            for i in ids])
        insert_rows(conn, t.count_history, [
            {"event_id": assigned[i], "mention_id": i, "article_id": a.id,
             "reported_on": reported, "kind": c.kind, "noun": c.noun, "value": c.value,
             "qualifier": c.qualifier}
            for i, event in zip(ids, events, strict=True) for c in event.counts])
        if commit is not None:
            commit()
    # A mention joined a known event when its event holds a mention of another article.
    shared = {e for i, e in assigned.items() if not i.startswith(f"{a.id}:")}
    return sum(assigned[i] in shared for i in ids)


def _insert_rows(conn: sa.Connection, report: Report, now: dt.datetime) -> None:
    """The article's own rows (the article, its actors, places and quotes), and its failure
    forgotten."""
    a = report.article
    # The article is stored: it is no longer a failure to retry.
    conn.execute(sa.delete(t.failures).where(
        t.failures.c.origin.in_({a.origin or a.id, a.url or a.id})))
    insert_rows(conn, t.articles, [dict(
        id=a.id, url=a.url, title=a.title, source=a.source, published=a.published,
        dateline=a.dateline, language=a.language, origin=a.origin or a.url or a.id,
        text=a.text, ingested_at=now, versions=dict(report.versions) or None,
        relevant=report.relevant, published_source=a.published_source)])
    insert_rows(conn, t.actors, [
        {"article_id": a.id, "name": x.name, "kind": x.kind, "country": x.country,
         "sector": x.sector, "title": x.title, "mentions": [list(m) for m in x.mentions]}
        for x in report.actors])
    insert_rows(conn, t.places, [
        {"article_id": a.id, "name": p.name, "geonameid": p.geonameid, "lat": p.lat,
         "lon": p.lon, "country": p.country, "admin1": p.admin1, "precision": p.precision,
         "mentions": [list(m) for m in p.mentions]}
        for p in report.places])
    insert_rows(conn, t.quotes, [
        {"article_id": a.id, "text": q.text, "start": q.start, "end": q.end, "kind": q.kind,
         "speaker": q.speaker,
         "speaker_start": q.speaker_mention[0] if q.speaker_mention else None,
         "speaker_end": q.speaker_mention[1] if q.speaker_mention else None, "cue": q.cue,
         "cue_class": q.cue_class}
        for q in report.quotes])


@cache
def _max_figure() -> int:
    """The counts stage's largest possible figure, read from its data (not through its reader,
    which would load spaCy into every process that opens a store)."""
    return int(data.read_json("counts/counts.json")["max_figure"])


def _countable(event: Event, origin: str) -> Event:
    """The event without counts no count can be (negative, or beyond the world's population, as
    a hand-edited batch output may hold), each dropped with a note; the rest is kept, and both
    backends store the same."""
    limit = _max_figure()
    kept = tuple(c for c in event.counts if 0 <= c.value <= limit)
    if len(kept) == len(event.counts):
        return event
    for c in event.counts:
        if not 0 <= c.value <= limit:
            log.warning("%s: %s figure %s dropped: no count can be below 0 or above %s",
                        origin, c.kind, _short(c.value), f"{limit:,}")
    return replace(event, counts=kept)


def _short(value: int) -> str:
    """A figure for a message, however many digits it has."""
    if value.bit_length() <= 64:
        return str(value)
    # str() of a very long int raises (Python limits it): give its size instead.
    return f"of about {round(value.bit_length() * 0.30103)} digits"


def _actor_json(actor: EventActor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"name": actor.name, "country": actor.country, "sector": actor.sector}


def _mention_row(report: Report, mention_id: str, event: Event, event_id: int
                 ) -> dict[str, Any]:
    a = report.article
    place = event.place
    return dict(
        id=mention_id, article_id=a.id, event_id=event_id, type=event.type, mode=event.mode,
        acled_event_type=event.acled_event_type, acled_sub_event_type=event.acled_sub_event_type,
        actor1=_actor_json(event.actor1), actor2=_actor_json(event.actor2),
        date=event.date, date_precision=event.date_precision,
        place=None if place is None else {
            "name": place.name, "lat": place.lat, "lon": place.lon, "country": place.country,
            "admin1": place.admin1, "precision": place.precision, "source": place.source,
            "site": place.site},
        counts=[{"kind": c.kind, "value": c.value, "qualifier": c.qualifier, "noun": c.noun}
                for c in event.counts],
        status=event.status, evidence=[list(s) for s in event.evidence],
        sentence=_sentence(a.text, event), confidence=event.confidence)


def _sentence(text: str, event: Event) -> str | None:
    if not event.evidence:
        return None
    start, end = event.evidence[0]
    return text[start:end][:2000] or None
