"""The API's reads on top of the store's tables: a page of events (keyset or offset), one
article."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from sitrep.api.cursor import Cursor
from sitrep.api.rowjson import event_json
from sitrep.errors import NotFoundError
from sitrep.geo.distance import distance_km
from sitrep.store import actor_index
from sitrep.store import schema as t
from sitrep.store.database import Store
from sitrep.store.names import name_matches
from sitrep.store.queries import (
    EventFilter,
    country_code,
    earliest_start,
    relevance_condition,
)


@dataclass(frozen=True, slots=True)
class BBox:
    """A longitude/latitude box: west, south, east, north."""

    minlon: float
    minlat: float
    maxlon: float
    maxlat: float


TOTAL_CAP = 1000
"""A first page counts its matches up to this many (a LIMIT, not a count of a million rows);
past it the total says "at least" ("1,000+"). /api/events/summary counts them all; pages
after a cursor count nothing."""


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of events, how many match (up to TOTAL_CAP) and where the next page starts."""

    total: int | None
    """How many match, up to TOTAL_CAP (None: not counted, on a page after a cursor)."""
    capped: bool
    """True: at least ``total`` match (more than TOTAL_CAP)."""
    events: list[str]
    """The page's events, each as its JSON object text (`api.rowjson`)."""
    more: bool
    """Whether rows follow this page."""
    next_cursor: Cursor | None


def _boxes(f: EventFilter, bbox: BBox | None) -> list[BBox]:
    """The boxes a filter asks for: the bbox, and `near`'s bounding box."""
    boxes = [bbox] if bbox else []
    if f.near:
        lat, lon = f.near
        dlat = f.km / 111.0
        dlon = f.km / max(1.0, 111.32 * math.cos(math.radians(lat)))
        boxes.append(BBox(lon - dlon, lat - dlat, lon + dlon, lat + dlat))
    return boxes


def _inside(box: BBox, seek: bool = True) -> list[sa.ColumnElement[bool]]:
    """A box as SQL; ``seek=False`` keeps the database off the (lat, lon) index for it."""
    c = t.events.c
    lat, lon = (c.lat, c.lon) if seek else (c.lat + 0, c.lon + 0)
    return [lat.between(box.minlat, box.maxlat), lon.between(box.minlon, box.maxlon)]


def straddling(since: dt.date) -> list[sa.ColumnElement[bool]]:
    """The events that start before ``since`` and end on or after it: only events of more
    than one day can, and the partial index ix_events_spanning (migration 11) holds just
    those (its condition, `date_end > date_start`, is spelled here as it is there)."""
    c = t.events.c
    return [c.date_end > c.date_start, c.date_start < since,
            c.date_start >= earliest_start(since), c.date_end >= since]


def conditions(f: EventFilter, bbox: BBox | None, seek_box: bool = True, *,
               since: bool = True, dialect: str = "", actor_index_wanted: bool = False
               ) -> list[sa.ColumnElement[bool]]:
    """The SQL conditions of a filter; `near` only as its bounding box (refined afterwards).
    ``seek_box=False``: the boxes are checked on the rows another index reads. ``since=False``
    leaves the `since` date out (for a caller that splits it, see `straddling`).
    ``dialect`` picks how names are compared (`names.name_matches`); with ``actor_index_wanted`` on
    SQLite the actor filter reads the trigram index (`store.actor_index`) instead of testing
    each row, when the index can answer it."""
    c = t.events.c
    where: list[sa.ColumnElement[bool]] = []
    if f.country:
        where.append(c.country == country_code(f.country))
    if f.type:
        where.append(c.type == f.type.upper())
    if f.status:
        where.append(c.status == f.status.lower())
    if f.since and since:
        # Stored dates span at most a year, so bounding the start lets the index read a window.
        where += [c.date_end >= f.since, c.date_start >= earliest_start(f.since)]
    if f.until:
        where.append(c.date_start <= f.until)
    if f.actor:
        indexed = (actor_index.indexed_condition(f.actor)
                   if actor_index_wanted and dialect == "sqlite" else None)
        where.append(indexed if indexed is not None
                     else name_matches([c.actor1, c.actor2], f.actor, dialect))
    if f.min_fatalities:
        where.append(c.fatalities >= f.min_fatalities)
    if f.relevant is not None:
        where.append(relevance_condition(f.relevant))
    for box in _boxes(f, bbox):
        where += _inside(box, seek_box)
    return where


CROWDED = 10_000
"""A box holding more events than this is read by walking the dates (SQLite)."""


def _crowded(conn: sa.Connection, boxes: list[BBox]) -> bool:
    """Whether SQLite should walk the dates for a box: it holds more than CROWDED events
    (counted on the (lat, lon) index alone), so the newest hundred come sooner by walking
    the date index and checking the box than by reading the whole box and sorting it, which
    SQLite's planner picks. (PostgreSQL's planner weighs the two from its statistics.)"""
    if conn.dialect.name != "sqlite":
        return False
    for box in boxes:
        sample = sa.select(sa.literal(1)).select_from(t.events).where(*_inside(box)).limit(
            CROWDED + 1)
        if conn.execute(sa.select(sa.func.count()).select_from(sample.subquery())
                        ).scalar_one() > CROWDED:
            return True
    return False


Conditions = list[sa.ColumnElement[bool]]


def _after(cursor: Cursor | None) -> tuple[Conditions, Conditions]:
    """The conditions that start each part of the order (dated, then undated) after a
    cursor (false for a part the cursor is already past)."""
    c = t.events.c
    dated: list[sa.ColumnElement[bool]] = [c.date_start.is_not(None)]
    undated: list[sa.ColumnElement[bool]] = [c.date_start.is_(None)]
    if cursor is not None:
        if cursor.date is None:
            dated.append(sa.false())
            undated.append(c.id < cursor.id)
        else:
            # A row value: both backends seek it on an index of (date_start, id).
            dated.append(sa.tuple_(c.date_start, c.id)
                         < sa.tuple_(sa.literal(cursor.date, sa.Date), sa.literal(cursor.id)))
    return dated, undated


def _page_columns(dialect: sa.Dialect) -> list[sa.ColumnElement[Any]]:
    """What a page reads of each row: its JSON (made by the database), its place in the order
    (the next cursor) and its point (the `near` radius)."""
    c = t.events.c
    return [event_json(dialect).label("doc"), c.date_start, c.id, c.lat, c.lon]


def _ordered(where: list[sa.ColumnElement[bool]], cursor: Cursor | None,
             dialect: sa.Dialect) -> list[sa.Select[Any]]:
    """The queries that read the events after the cursor in page order: dated newest first,
    then undated by id (each an index walk on its own; one query mixing both could not be)."""
    c = t.events.c
    dated, undated = _after(cursor)
    columns = _page_columns(dialect)
    return [sa.select(*columns).where(*where, *dated).order_by(c.date_start.desc(), c.id.desc()),
            sa.select(*columns).where(*where, *undated).order_by(c.id.desc())]


def _rows_after(conn: sa.Connection, f: EventFilter, where: list[sa.ColumnElement[bool]],
                cursor: Cursor | None, offset: int, wanted: int) -> list[Any]:
    """Up to ``wanted`` matching rows after the cursor (or after ``offset`` rows)."""
    if f.near:
        lat, lon = f.near
        found: list[Any] = []
        skip = offset
        for query in _ordered(where, cursor, conn.dialect):
            # Streamed, and closed as soon as the page is full: the box may hold many more.
            result = conn.execute(query, execution_options={"yield_per": 500})
            try:
                for row in result:
                    if distance_km(lat, lon, row.lat, row.lon) > f.km:
                        continue
                    if skip:
                        skip -= 1
                        continue
                    found.append(row)
                    if len(found) >= wanted:
                        return found
            finally:
                result.close()
        return found
    rows: list[Any] = []
    if offset:
        # Old clients' offsets: counted over both parts in one (slower) sort.
        c = t.events.c
        query = (sa.select(*_page_columns(conn.dialect)).where(*where)
                 .order_by(c.date_start.is_(None), c.date_start.desc(), c.id.desc())
                 .limit(wanted).offset(offset))
        return list(conn.execute(query))
    for query in _ordered(where, cursor, conn.dialect):
        rows += conn.execute(query.limit(wanted - len(rows))).all()
        if len(rows) >= wanted:
            break
    return rows


def _capped_total(conn: sa.Connection, f: EventFilter, where: list[sa.ColumnElement[bool]]
                  ) -> int:
    """How many rows match, counted up to TOTAL_CAP + 1."""
    if f.near:
        return len(_rows_after(conn, f, where, None, 0, TOTAL_CAP + 1))
    sample = sa.select(sa.literal(1)).select_from(t.events).where(*where)
    if f.since:
        # Newest first, as the page reads: `since` bounds the start a year early (long spans),
        # and walking up from there would pass a year of rows that end too soon. Otherwise the
        # database picks its cheapest index (a covering one for a box or a toll).
        sample = sample.order_by(t.events.c.date_start.desc())
    sample = sample.limit(TOTAL_CAP + 1)
    return int(conn.execute(sa.select(sa.func.count()).select_from(sample.subquery())
                            ).scalar_one())


def event_page(store: Store, f: EventFilter, bbox: BBox | None, limit: int, *,
               offset: int = 0, cursor: Cursor | None = None) -> EventPage:
    """A page of the events matching filter and box, newest first (undated last): the page
    after the cursor, or after ``offset`` rows; without a cursor, the total up to TOTAL_CAP."""
    with store.engine.connect() as conn:
        boxes = _boxes(f, bbox)
        crowded = bool(boxes) and _crowded(conn, boxes)
        # A page tests names row by row down the dates (see docs/api.md, "The actor filter").
        where = conditions(f, bbox, seek_box=not crowded, dialect=conn.dialect.name)
        rows = _rows_after(conn, f, where, cursor, offset, limit + 1)
        more = len(rows) > limit
        if cursor is not None:
            total = None
        elif not more and not offset:
            total = len(rows)  # the whole match is on this page: nothing more to count
        else:
            # A count has no order: a crowded box is counted on the (lat, lon) index it is
            # kept off for the page (not found by scanning that index from the South Pole),
            # unless `since` has the count read newest first (_capped_total).
            counted = (where if f.since or not crowded
                       else conditions(f, bbox, dialect=conn.dialect.name))
            total = _capped_total(conn, f, counted)
    rows = rows[:limit]
    last = rows[-1] if rows else None
    following = Cursor(last.date_start, last.id) if more and last is not None else None
    capped = total is not None and total > TOTAL_CAP
    return EventPage(min(total, TOTAL_CAP) if total is not None else None, capped,
                     [r.doc for r in rows], more, following)


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
