"""The API's reads on top of the store's tables: a page of events with its total, one article."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from sitrep.errors import NotFoundError
from sitrep.geo.distance import distance_km
from sitrep.store import schema as t
from sitrep.store.database import Store
from sitrep.store.names import name_matches
from sitrep.store.queries import (
    EventFilter,
    country_code,
    earliest_start,
    event_dict,
    relevance_condition,
)


@dataclass(frozen=True, slots=True)
class BBox:
    """A longitude/latitude box: west, south, east, north."""

    minlon: float
    minlat: float
    maxlon: float
    maxlat: float


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of events and how many match in all."""

    total: int
    events: list[dict[str, Any]]


def _conditions(f: EventFilter, bbox: BBox | None) -> list[sa.ColumnElement[bool]]:
    """The SQL conditions of a filter; `near` only as its bounding box (refined afterwards)."""
    c = t.events.c
    where: list[sa.ColumnElement[bool]] = []
    if f.country:
        where.append(c.country == country_code(f.country))
    if f.type:
        where.append(c.type == f.type.upper())
    if f.status:
        where.append(c.status == f.status.lower())
    if f.since:
        # Stored dates span at most a year, so bounding the start lets the index read a window.
        where += [c.date_end >= f.since, c.date_start >= earliest_start(f.since)]
    if f.until:
        where.append(c.date_start <= f.until)
    if f.actor:
        where.append(name_matches([c.actor1, c.actor2], f.actor))
    if f.min_fatalities:
        where.append(c.fatalities >= f.min_fatalities)
    if f.relevant is not None:
        where.append(relevance_condition(f.relevant))
    if bbox:
        where += [c.lat.between(bbox.minlat, bbox.maxlat), c.lon.between(bbox.minlon, bbox.maxlon)]
    if f.near:
        lat, lon = f.near
        dlat = f.km / 111.0
        dlon = f.km / max(1.0, 111.32 * math.cos(math.radians(lat)))
        where += [c.lat.between(lat - dlat, lat + dlat), c.lon.between(lon - dlon, lon + dlon)]
    return where


def event_page(store: Store, f: EventFilter, bbox: BBox | None, offset: int, limit: int
               ) -> EventPage:
    """A page of the events matching filter and box, newest first, with the total."""
    where = _conditions(f, bbox)
    c = t.events.c
    query = sa.select(t.events).where(*where).order_by(c.date_start.desc(), c.id.desc())
    with store.engine.connect() as conn:
        if f.near:
            # The exact radius is a distance, checked in Python on the box's rows.
            lat, lon = f.near
            rows = [r for r in conn.execute(query)
                    if distance_km(lat, lon, r.lat, r.lon) <= f.km]
            return EventPage(len(rows), [event_dict(r) for r in rows[offset: offset + limit]])
        total = conn.execute(sa.select(sa.func.count()).select_from(t.events).where(*where)
                             ).scalar_one()
        rows = list(conn.execute(query.limit(limit).offset(offset)))
    return EventPage(int(total), [event_dict(r) for r in rows])


def _spans(value: Any) -> list[list[int]]:
    """Stored mention offsets (JSON lists of pairs) as a list of [start, end]."""
    return [[int(s), int(e)] for s, e in (value or [])]


def show_article(store: Store, article_id: str) -> dict[str, Any]:
    """One article's clean text with every mention's offsets: actors, places, quotes, events."""
    with store.engine.connect() as conn:
        a = conn.execute(sa.select(t.articles).where(t.articles.c.id == article_id)).first()
        if a is None:
            raise NotFoundError(article_id, "no such article")
        actors = conn.execute(sa.select(t.actors).where(t.actors.c.article_id == article_id)
                              .order_by(t.actors.c.id)).all()
        places = conn.execute(sa.select(t.places).where(t.places.c.article_id == article_id)
                              .order_by(t.places.c.id)).all()
        quotes = conn.execute(sa.select(t.quotes).where(t.quotes.c.article_id == article_id)
                              .order_by(t.quotes.c.start)).all()
        mentions = conn.execute(sa.select(t.event_mentions).where(
            t.event_mentions.c.article_id == article_id).order_by(t.event_mentions.c.id)).all()
    return {
        "id": a.id, "url": a.url, "title": a.title, "source": a.source,
        "published": a.published.isoformat() if a.published else None,
        "published_source": a.published_source, "dateline": a.dateline,
        "language": a.language, "text": a.text,
        "actors": [{"name": r.name, "kind": r.kind, "country": r.country, "sector": r.sector,
                    "title": r.title, "mentions": _spans(r.mentions)} for r in actors],
        "places": [{"name": r.name, "geonameid": r.geonameid, "lat": r.lat, "lon": r.lon,
                    "country": r.country, "admin1": r.admin1, "precision": r.precision,
                    "mentions": _spans(r.mentions)} for r in places],
        "quotes": [{"text": r.text, "start": r.start, "end": r.end, "kind": r.kind,
                    "speaker": r.speaker, "cue": r.cue, "cue_class": r.cue_class,
                    "speaker_span": None if r.speaker_start is None
                    else [r.speaker_start, r.speaker_end]} for r in quotes],
        "events": [{"mention": r.id, "event_id": r.event_id, "type": r.type,
                    "status": r.status, "date": r.date, "counts": r.counts,
                    "evidence": _spans(r.evidence)} for r in mentions],
    }
