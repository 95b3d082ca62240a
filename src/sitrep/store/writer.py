"""Writes one report inside the caller's transaction: article, mentions, then fusion into events."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from sitrep import figures, fuse
from sitrep.model import Event, EventActor, Report
from sitrep.store import schema as t

_UPDATE_EVENT = sa.update(t.events).where(t.events.c.id == sa.bindparam("event_id"))


def write_report(conn: sa.Connection, report: Report, km: float, now: dt.datetime) -> int:
    """Insert the report's rows and fuse its events; returns how many mentions joined an event."""
    a = report.article
    # Statements take their values as parameters, never .values(...): SQLAlchemy then compiles
    # each statement once and reuses it, which is most of the cost of a small insert.
    conn.execute(sa.insert(t.articles), dict(
        id=a.id, url=a.url, title=a.title, source=a.source, published=a.published,
        dateline=a.dateline, language=a.language, origin=a.origin or a.url or a.id,
        text=a.text, ingested_at=now, versions=dict(report.versions) or None,
        relevant=report.relevant))
    if report.actors:
        conn.execute(sa.insert(t.actors), [
            {"article_id": a.id, "name": x.name, "kind": x.kind, "country": x.country,
             "sector": x.sector, "title": x.title, "mentions": [list(m) for m in x.mentions]}
            for x in report.actors])
    if report.places:
        conn.execute(sa.insert(t.places), [
            {"article_id": a.id, "name": p.name, "geonameid": p.geonameid, "lat": p.lat,
             "lon": p.lon, "country": p.country, "admin1": p.admin1, "precision": p.precision,
             "mentions": [list(m) for m in p.mentions]}
            for p in report.places])
    if report.quotes:
        conn.execute(sa.insert(t.quotes), [
            {"article_id": a.id, "text": q.text, "start": q.start, "end": q.end, "kind": q.kind,
             "speaker": q.speaker,
             "speaker_start": q.speaker_mention[0] if q.speaker_mention else None,
             "speaker_end": q.speaker_mention[1] if q.speaker_mention else None, "cue": q.cue}
            for q in report.quotes])
    joined = 0
    for index, event in enumerate(report.events):
        # Keyed by position, not by the extractor's id, so that a repeated id cannot fail the
        # article; the contract's ids have this form anyway.
        joined += _fuse_event(conn, report, f"{a.id}:{index}", event, km, now)
    return joined


def _actor_json(actor: EventActor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"name": actor.name, "country": actor.country, "sector": actor.sector}


def _fuse_event(conn: sa.Connection, report: Report, mention_id: str, event: Event, km: float,
                now: dt.datetime) -> int:
    a = report.article
    place = event.place
    mention = fuse.mention_of(event, a.published)
    found = _find_event(conn, mention, km)
    if found is None:
        event_id = _found_event(conn, event, mention, now)
    else:
        event_id = int(found.id)
        _join_event(conn, found, event, mention, a.id, now)
    conn.execute(sa.insert(t.event_mentions), dict(
        id=mention_id, article_id=a.id, event_id=event_id, type=event.type, mode=event.mode,
        acled_event_type=event.acled_event_type, acled_sub_event_type=event.acled_sub_event_type,
        actor1=_actor_json(event.actor1), actor2=_actor_json(event.actor2),
        date=event.date, date_precision=event.date_precision,
        place=None if place is None else {
            "name": place.name, "lat": place.lat, "lon": place.lon, "country": place.country,
            "admin1": place.admin1, "precision": place.precision},
        counts=[{"kind": c.kind, "value": c.value, "qualifier": c.qualifier, "noun": c.noun}
                for c in event.counts],
        status=event.status, evidence=[list(s) for s in event.evidence],
        sentence=_sentence(a.text, event), confidence=event.confidence))
    conn.execute(sa.insert(t.event_sources), dict(
        event_id=event_id, mention_id=mention_id, article_id=a.id, joined_at=now))
    if event.counts:
        reported = a.published or now.date()
        conn.execute(sa.insert(t.count_history), [
            {"event_id": event_id, "mention_id": mention_id, "article_id": a.id,
             "reported_on": reported, "kind": c.kind, "noun": c.noun, "value": c.value,
             "qualifier": c.qualifier} for c in event.counts])
        if found is not None and any(c.kind == "killed" for c in event.counts):
            _refresh_fatalities(conn, event_id)
    return int(found is not None)


def row_mention(row: Any) -> fuse.Mention:
    """The fusion representative stored in an events row."""
    def who(prefix: str) -> fuse.Who | None:
        name = getattr(row, prefix)
        if name is None:
            return None
        return fuse.Who(name, getattr(row, f"{prefix}_country"), getattr(row, f"{prefix}_sector"))

    return fuse.Mention(
        type=row.type, status=row.status, actor1=who("actor1"), actor2=who("actor2"),
        start=row.date_start, end=row.date_end, date_precision=row.date_precision,
        place=row.place, lat=row.lat, lon=row.lon, country=row.country, admin1=row.admin1,
        geo_precision=row.geo_precision)


def _find_event(conn: sa.Connection, mention: fuse.Mention, km: float) -> Any | None:
    """The events row the mention belongs to, if any."""
    probes = sorted(fuse.probe_keys(mention))
    if not probes:
        return None
    rows: dict[int, Any] = {}
    # Chunked: a year-precision mention probes hundreds of keys, beyond some drivers' limits.
    for i in range(0, len(probes), 500):
        candidates = sa.select(t.event_keys.c.event_id).where(
            t.event_keys.c.key.in_(probes[i:i + 500]))
        rows.update((row.id, row) for row in conn.execute(
            sa.select(t.events).where(t.events.c.id.in_(candidates))))
    if not rows:
        return None
    chosen = fuse.best(mention, ((i, row_mention(row)) for i, row in rows.items()), km)
    return None if chosen is None else rows[chosen]


def _representative(m: fuse.Mention) -> dict[str, Any]:
    def who(actor: fuse.Who | None, prefix: str) -> dict[str, Any]:
        return {prefix: actor.name if actor else None,
                f"{prefix}_country": actor.country if actor else None,
                f"{prefix}_sector": actor.sector if actor else None}

    return {
        "type": m.type, "status": m.status, **who(m.actor1, "actor1"), **who(m.actor2, "actor2"),
        "date_start": m.start, "date_end": m.end, "date_precision": m.date_precision,
        "place": m.place, "lat": m.lat, "lon": m.lon, "country": m.country, "admin1": m.admin1,
        "geo_precision": m.geo_precision,
    }


def _found_event(conn: sa.Connection, event: Event, mention: fuse.Mention,
                 now: dt.datetime) -> int:
    # A new event's figures are its only source's: latest and most conservative are one figure.
    killed = figures.event_figures((c.kind, c.value) for c in event.counts).get("killed")
    event_id = conn.execute(sa.insert(t.events).returning(t.events.c.id), dict(
        mode=event.mode, acled_event_type=event.acled_event_type,
        acled_sub_event_type=event.acled_sub_event_type, sources=1,
        fatalities=killed, fatalities_latest=killed,
        first_seen=now, updated_at=now, **_representative(mention),
    )).scalar_one()
    _file_keys(conn, int(event_id), mention, set())
    return int(event_id)


def _join_event(conn: sa.Connection, row: Any, event: Event, mention: fuse.Mention,
                article_id: str, now: dt.datetime) -> None:
    event_id = int(row.id)
    # `sources` counts articles: a second mention of the event in the same article is not a
    # second source.
    known = conn.execute(sa.select(t.event_sources.c.mention_id).where(
        t.event_sources.c.event_id == event_id,
        t.event_sources.c.article_id == article_id).limit(1)).first()
    held = row_mention(row)
    merged = fuse.merge(held, mention)
    conn.execute(_UPDATE_EVENT, dict(
        event_id=event_id, mode=row.mode or event.mode,
        acled_event_type=row.acled_event_type or event.acled_event_type,
        acled_sub_event_type=row.acled_sub_event_type or event.acled_sub_event_type,
        sources=row.sources + (known is None), updated_at=now, **_representative(merged)))
    if merged != held:
        # A finer date or place files the event under new keys; the old ones stay (a stale
        # key only adds a candidate that same_event then turns down).
        filed = set(conn.execute(sa.select(t.event_keys.c.key).where(
            t.event_keys.c.event_id == event_id)).scalars())
        _file_keys(conn, event_id, merged, filed)


def _file_keys(conn: sa.Connection, event_id: int, m: fuse.Mention, filed: set[str]) -> None:
    fresh = fuse.index_keys(m) - filed
    if fresh:
        conn.execute(sa.insert(t.event_keys),
                     [{"key": key, "event_id": event_id} for key in sorted(fresh)])


def _refresh_fatalities(conn: sa.Connection, event_id: int) -> None:
    rows = conn.execute(sa.select(t.count_history).where(
        t.count_history.c.event_id == event_id, t.count_history.c.kind == "killed")).all()
    summary = figures.latest_and_conservative(figures.source_figures(
        figures.Reported(r.mention_id, r.kind, r.value, r.reported_on, r.id) for r in rows
    )).get("killed")
    if summary is not None:
        conn.execute(_UPDATE_EVENT, dict(
            event_id=event_id, fatalities_latest=summary[0], fatalities=summary[1]))


def _sentence(text: str, event: Event) -> str | None:
    if not event.evidence:
        return None
    start, end = event.evidence[0]
    return text[start:end][:2000] or None
