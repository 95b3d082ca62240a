"""Read side: fused events by filter, quotes by speaker/date/text, one event with its sources."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, cast, get_args

import sqlalchemy as sa

from sitrep import figures
from sitrep.errors import InputError, NotFoundError
from sitrep.geo.countries import countries
from sitrep.geo.distance import distance_km
from sitrep.model import CueClass
from sitrep.store import schema as t
from sitrep.store.database import Store
from sitrep.store.fusion import history_of, history_order
from sitrep.store.names import contains, name_matches

MAX_ROW = 2**62
"""The largest row id, offset or limit a query takes: the databases' integers are 64-bit, and
an offset plus a page must still be one (the API and the CLI refuse larger ones)."""
MAX_KM = 20_000.0
"""The largest radius a --near query takes: half the Earth's circumference, everything."""
MAX_SPAN_DAYS = 366
"""The longest an event's date can span (year precision)."""


def earliest_start(since: dt.date) -> dt.date:
    """The earliest start date an event ending on or after ``since`` can have (no stored date
    spans more than MAX_SPAN_DAYS); year 1 at the least, so that `--since 0001-01-01` works."""
    return dt.date.fromordinal(max(since.toordinal() - MAX_SPAN_DAYS, dt.date.min.toordinal()))


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What `sitrep events` asks for; None means no filter."""

    country: str | None = None
    type: str | None = None
    status: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    near: tuple[float, float] | None = None
    km: float = 50.0
    actor: str | None = None
    min_fatalities: int | None = None
    """At least this many killed (the most conservative figure)."""
    limit: int | None = None
    relevant: bool | None = None
    """True: events with a source article about conflict or politics (or not recorded);
    False: events with a source article that is not."""


def relevance_condition(relevant: bool) -> sa.ColumnElement[bool]:
    """Events told by at least one article of that relevance (null counts as relevant)."""
    a, s = t.articles.c, t.event_sources.c
    wanted = sa.or_(a.relevant.is_(None), a.relevant.is_(True)) if relevant else (
        a.relevant.is_(False))
    told = sa.select(s.event_id).join(t.articles, a.id == s.article_id).where(wanted)
    return t.events.c.id.in_(told)


def country_code(value: str) -> str:
    """ISO alpha-2 for an alpha-2, alpha-3 or English name ("UA", "UKR", "Ukraine")."""
    found = countries().lookup(value)
    if found is None:
        raise InputError(value, "unknown country; use an ISO code (UA, UKR) or a name")
    return found.alpha2


def iso_value(start: dt.date | None, precision: str | None, end: dt.date | None = None
              ) -> str | None:
    """An event's date as ISO 8601 at its precision (2024-03-13, 2024-W11, 2024-03, 2024).

    A week is named by its last day: an undated event is dated to the seven days up to its
    article's publication, which straddle two ISO weeks, and the publication's week is the one
    the report speaks of (for an ISO week, the last day is in the same week as the first).
    """
    if start is None:
        return None
    if precision == "week":
        year, week, _ = (end or start).isocalendar()
        return f"{year}-W{week:02d}"
    if precision == "month":
        return start.strftime("%Y-%m")
    if precision == "year":
        return str(start.year)
    return start.isoformat()


def event_dict(row: Any) -> dict[str, Any]:
    """An events row as the JSON the CLI, exports and API show."""
    return {
        "id": row.id, "type": row.type, "mode": row.mode,
        "acled_event_type": row.acled_event_type, "acled_sub_event_type": row.acled_sub_event_type,
        "status": row.status, "date": iso_value(row.date_start, row.date_precision, row.date_end),
        "date_precision": row.date_precision,
        "actor1": row.actor1, "actor1_country": row.actor1_country,
        "actor1_sector": row.actor1_sector,
        "actor2": row.actor2, "actor2_country": row.actor2_country,
        "actor2_sector": row.actor2_sector,
        "place": row.place, "lat": row.lat, "lon": row.lon, "country": row.country,
        "admin1": row.admin1, "geo_precision": row.geo_precision,
        "place_site": row.place_site, "place_source": row.place_source,
        "fatalities": row.fatalities, "fatalities_latest": row.fatalities_latest,
        "sources": row.sources,
        # The first and last day the date covers, as ISO dates tools can sort and filter on.
        "start": row.date_start.isoformat() if row.date_start else None,
        "end": row.date_end.isoformat() if row.date_end else None,
    }


def event_rows(store: Store, f: EventFilter) -> list[Any]:
    """The events rows matching the filter, newest first, undated last."""
    query = sa.select(t.events)
    c = t.events.c
    if f.country:
        query = query.where(c.country == country_code(f.country))
    if f.type:
        query = query.where(c.type == f.type.upper())
    if f.status:
        query = query.where(c.status == f.status.lower())
    if f.since:
        # No stored date spans more than a year, so the start is bounded too: an index on the
        # start date then reads a window, not everything before `until`.
        query = query.where(c.date_end >= f.since, c.date_start >= earliest_start(f.since))
    if f.until:
        query = query.where(c.date_start <= f.until)
    if f.actor:
        query = query.where(name_matches([c.actor1, c.actor2], f.actor,
                                         store.engine.dialect.name))
    if f.min_fatalities:
        query = query.where(c.fatalities >= f.min_fatalities)
    if f.relevant is not None:
        query = query.where(relevance_condition(f.relevant))
    if f.near:
        lat, lon = f.near
        # A bounding box narrows the rows in SQL (indexed on lat); the exact radius is checked
        # below. Longitude degrees shrink towards the poles, hence the cosine.
        dlat = f.km / 111.0
        dlon = f.km / max(1.0, 111.32 * math.cos(math.radians(lat)))
        query = query.where(c.lat.between(lat - dlat, lat + dlat),
                            c.lon.between(lon - dlon, lon + dlon))
    # The API's order on both backends: dated newest first (ties by id), then the undated
    # by id (PostgreSQL would sort nulls first in a descending order, SQLite last). Two
    # queries, each an index walk in its order, so that a --limit reads only what it shows.
    parts = [query.where(c.date_start.is_not(None)).order_by(c.date_start.desc(), c.id.desc()),
             query.where(c.date_start.is_(None)).order_by(c.id.desc())]
    rows: list[Any] = []
    with store.engine.connect() as conn:
        for part in parts:
            if f.limit is not None and not f.near:
                if len(rows) >= f.limit:
                    break
                part = part.limit(f.limit - len(rows))
            rows += conn.execute(part).all()
    if f.near:
        lat, lon = f.near
        rows = [r for r in rows if distance_km(lat, lon, r.lat, r.lon) <= f.km]
        if f.limit is not None:
            rows = rows[: f.limit]
    return rows


def find_events(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    """The fused events matching the filter, as JSON-ready dicts."""
    return [event_dict(r) for r in event_rows(store, f)]


ALL_CUE_CLASSES = "all"
"""The cue-class choice that asks for every attribution, not only speech."""


def cue_class_choice(value: str) -> CueClass | None:
    """A cue class asked for by name (``speech``, ``belief``, ...), or None for ``all``."""
    if value == ALL_CUE_CLASSES:
        return None
    for known in get_args(CueClass):
        if value == known:
            return cast(CueClass, known)
    names = ", ".join((*get_args(CueClass), ALL_CUE_CLASSES))
    raise InputError(value, f"not a cue class (one of {names})")


def find_quotes(
    store: Store,
    *,
    speaker: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    text: str | None = None,
    limit: int | None = None,
    cue_class: CueClass | None = "speech",
    relevant: bool | None = None,
) -> list[dict[str, Any]]:
    """Quotes whose speaker or text contains the given words, from articles in the date range,
    of one cue class (speech by default; None for every attribution). Quotes stored before
    cue classes were recorded (null) count as speech: they were shown as quotes then."""
    q, a = t.quotes.c, t.articles.c
    query = sa.select(q.speaker, q.text, q.kind, q.cue, q.cue_class, q.start, q.end,
                      q.article_id, a.published, a.source, a.url, a.title
                      ).join_from(t.quotes, t.articles)
    if cue_class == "speech":
        query = query.where(sa.or_(q.cue_class == cue_class, q.cue_class.is_(None)))
    elif cue_class is not None:
        query = query.where(q.cue_class == cue_class)
    if speaker:
        query = query.where(name_matches([q.speaker], speaker, store.engine.dialect.name))
    if text:
        query = query.where(contains(q.text, text.lower(), store.engine.dialect.name))
    if since:
        query = query.where(a.published >= since)
    if until:
        query = query.where(a.published <= until)
    if relevant is not None:
        # An article stored before relevance was recorded (null) counts as relevant.
        query = query.where(sa.or_(a.relevant.is_(None), a.relevant.is_(True)) if relevant
                            else a.relevant.is_(False))
    query = query.order_by(a.published.desc(), q.article_id, q.start)
    if limit is not None:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        return [
            {"speaker": r.speaker, "text": r.text, "kind": r.kind, "cue": r.cue,
             "cue_class": r.cue_class,
             "published": r.published.isoformat() if r.published else None,
             "source": r.source, "url": r.url, "title": r.title, "article_id": r.article_id,
             "start": r.start, "end": r.end}
            for r in conn.execute(query)
        ]


def show_event(store: Store, event_id: int) -> dict[str, Any]:
    """One event with every source, the sentences it came from and its count history."""
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(t.events).where(t.events.c.id == event_id)).first()
        if row is None:
            raise NotFoundError(str(event_id), "no such event; list them with `sitrep events`")
        m, a = t.event_mentions.c, t.articles.c
        sources = conn.execute(
            sa.select(m.id, m.evidence, m.counts, m.date, m.status, a.id.label("article_id"),
                      a.title, a.url, a.source, a.published, a.published_source, a.text,
                      a.versions)
            .join_from(t.event_sources, t.event_mentions)
            .join(t.articles, t.articles.c.id == m.article_id)
            .where(t.event_sources.c.event_id == event_id)
            .order_by(a.published, m.id)).all()
        h = t.count_history.c
        history = conn.execute(
            sa.select(h.kind, h.value, h.qualifier, h.noun, h.reported_on, h.mention_id,
                      a.id.label("article_id"), a.source, a.title, a.url)
            .join_from(t.count_history, t.articles, t.articles.c.id == h.article_id)
            .where(h.event_id == event_id)).all()
    history = sorted(history, key=history_order)
    summary = figures.latest_and_conservative(figures.source_figures(history_of(history)))
    return {
        **event_dict(row),
        "counts": {kind: {"latest": latest, "conservative": low}
                   for kind, (latest, low) in summary.items()},
        "count_history": [
            {"kind": h.kind, "value": h.value, "qualifier": h.qualifier, "noun": h.noun,
             "reported_on": h.reported_on.isoformat() if h.reported_on else None,
             "source": h.source, "title": h.title, "url": h.url, "article_id": h.article_id,
             "mention": h.mention_id} for h in history],
        "sources": [
            {"mention": s.id, "article_id": s.article_id, "title": s.title, "url": s.url,
             "source": s.source, "published": s.published.isoformat() if s.published else None,
             "published_source": s.published_source, "date": s.date, "status": s.status,
             "counts": s.counts, "versions": s.versions,
             "evidence": [{"start": start, "end": end, "text": s.text[start:end]}
                          for start, end in s.evidence]}
            for s in sources],
    }
