"""The API's reads on top of the store's tables: a page of events (keyset or offset), one
article."""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from sitrep.api import loop_budget, name_walk
from sitrep.api.cursor import Cursor
from sitrep.api.rowjson import event_json
from sitrep.api.statements import Statements
from sitrep.errors import NotFoundError
from sitrep.geo.distance import distance_km
from sitrep.store import actor_index, rollup
from sitrep.store import schema as t
from sitrep.store.database import Store
from sitrep.store.name_walk import event_names
from sitrep.store.names import like_patterns, name_matches
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


def _inside(box: BBox, seek: bool = True, bind: Bind | None = None, prefix: str = "box",
            columns: tuple[sa.ColumnElement[float], sa.ColumnElement[float]] | None = None
            ) -> list[sa.ColumnElement[bool]]:
    """A box as SQL; ``seek=False`` keeps the database off the (lat, lon) index for it.
    ``bind`` and ``prefix`` name its four values as parameters (`Statements`); ``columns``
    are the (lat, lon) compared (default: the events')."""
    c_lat, c_lon = columns or (t.events.c.lat, t.events.c.lon)
    lat, lon = (c_lat, c_lon) if seek else (c_lat + 0, c_lon + 0)
    put = bind or _as_is
    return [lat.between(put(f"{prefix}_minlat", box.minlat, c_lat),
                        put(f"{prefix}_maxlat", box.maxlat, c_lat)),
            lon.between(put(f"{prefix}_minlon", box.minlon, c_lon),
                        put(f"{prefix}_maxlon", box.maxlon, c_lon))]


def straddling(since: dt.date) -> list[sa.ColumnElement[bool]]:
    """The events that start before ``since`` and end on or after it: only events of more
    than one day can, and the partial index ix_events_spanning (migration 11) holds just
    those (its condition, `date_end > date_start`, is spelled here as it is there)."""
    c = t.events.c
    return [c.date_end > c.date_start, c.date_start < since,
            c.date_start >= earliest_start(since), c.date_end >= since]


Bind = Callable[[str, Any, sa.ColumnElement[Any]], Any]
"""How a condition's value goes into its SQL: (parameter name, value, the column compared)
to the value itself (SQLAlchemy binds it anonymously) or to a named parameter."""


def _as_is(_name: str, value: Any, _column: sa.ColumnElement[Any]) -> Any:
    return value


def _named(name: str, value: Any, column: sa.ColumnElement[Any]) -> Any:
    return sa.bindparam(name, value, type_=column.type)


def filter_values(f: EventFilter, bbox: BBox | None, *, since: bool = True) -> dict[str, Any]:
    """The values `conditions` compares with, by the names it gives them as parameters: which
    names there are, with the actor's spellings and `relevant`, decides the SQL's shape."""
    values: dict[str, Any] = {}
    if f.country:
        values["country"] = country_code(f.country)
    if f.type:
        values["type"] = f.type.upper()
    if f.status:
        values["status"] = f.status.lower()
    if f.since and since:
        # Stored dates span at most a year, so bounding the start lets the index read a window.
        values["since"] = f.since
        values["since_start"] = earliest_start(f.since)
    if f.until:
        values["until"] = f.until
    if f.actor:
        values.update((f"actor_{i}", p) for i, p in enumerate(like_patterns(f.actor)))
    if f.min_fatalities:
        values["min_fatalities"] = f.min_fatalities
    for i, box in enumerate(_boxes(f, bbox)):
        values.update(_box_values(box, f"box{i}"))
    return values


def conditions(f: EventFilter, bbox: BBox | None, seek_box: bool = True, *,
               since: bool = True, dialect: str = "", actor_index_wanted: bool = False,
               named: bool = False) -> list[sa.ColumnElement[bool]]:
    """The SQL conditions of a filter; `near` only as its bounding box (refined afterwards).
    ``seek_box=False``: the boxes are checked on the rows another index reads. ``since=False``
    leaves the `since` date out (for a caller that splits it, see `straddling`).
    ``dialect`` picks how names are compared (`names.name_matches`); with ``actor_index_wanted`` on
    SQLite the actor filter reads the trigram index (`store.actor_index`) instead of testing
    each row, when the index can answer it. ``named``: every value is a parameter named as in
    `filter_values` (SQL that other filters of the same shape can run again)."""
    c = t.events.c
    put = _named if named else _as_is
    v = filter_values(f, bbox, since=since)
    where: list[sa.ColumnElement[bool]] = []
    if "country" in v:
        where.append(c.country == put("country", v["country"], c.country))
    if "type" in v:
        where.append(c.type == put("type", v["type"], c.type))
    if "status" in v:
        where.append(c.status == put("status", v["status"], c.status))
    if "since" in v:
        where += [c.date_end >= put("since", v["since"], c.date_end),
                  c.date_start >= put("since_start", v["since_start"], c.date_start)]
    if "until" in v:
        where.append(c.date_start <= put("until", v["until"], c.date_start))
    if f.actor:
        indexed = (actor_index.indexed_condition(f.actor)
                   if actor_index_wanted and dialect == "sqlite" else None)
        where.append(indexed if indexed is not None else name_matches(
            [c.actor1, c.actor2], f.actor, dialect,
            bound=lambda i, pattern: put(f"actor_{i}", pattern, c.actor1)))
    if "min_fatalities" in v:
        where.append(c.fatalities >= put("min_fatalities", v["min_fatalities"], c.fatalities))
    if f.relevant is not None:
        where.append(relevance_condition(f.relevant))
    for i, box in enumerate(_boxes(f, bbox)):
        where += _inside(box, seek_box, put, f"box{i}")
    return where


CROWDED = 10_000
"""A box holding more events than this is read by walking the dates (SQLite)."""
FEW_TOLLED = 5_000
"""A toll met by at most this many events is read from its own index and sorted (SQLite)."""

Row = Any
"""A page's row: (doc, date_start, id, lat, lon), from SQLAlchemy or the driver's cursor."""
Conditions = list[sa.ColumnElement[bool]]
Shape = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Ask:
    """One statement a page reads, by the shape of its SQL: ``build`` makes it (the first time
    a shape is asked for, when compiled once, `Statements`), with every value a parameter
    named in ``values``."""

    shape: Shape
    build: Callable[[], sa.Select[Any]]
    values: dict[str, Any]


Streamed = Callable[[sa.Connection], list[Row]]
"""A read that only SQLAlchemy runs (rows streamed inside the `near` radius, an offset)."""

PageReads = Generator[Ask | Streamed, list[Row], EventPage]
"""A page's reads one at a time, each sent the rows of the one before; it returns the page.
Who runs the statements (SQLAlchemy, a driver's cursor, an async connection) is the caller's
choice: `event_page` runs them on a connection of the store, `api.pg_pages` on asyncio."""


def _run(reads: PageReads, conn: sa.Connection, statements: Statements | None) -> EventPage:
    """The page the reads make, each statement run through SQLAlchemy, or (``statements``
    given) compiled once per shape and run on the driver's cursor: the same statement."""
    try:
        ask = next(reads)
        while True:
            if not isinstance(ask, Ask):
                rows = ask(conn)
            elif statements is None:
                rows = list(conn.execute(ask.build()))
            else:
                rows = statements.rows(conn, ask.shape, ask.build, ask.values)
            ask = reads.send(rows)
    except StopIteration as done:
        page: EventPage = done.value
        return page


def _counted(sample: sa.Select[Any]) -> sa.Select[Any]:
    return sa.select(sa.func.count()).select_from(sample.subquery())


def _box_values(box: BBox, prefix: str = "box") -> dict[str, float]:
    """A box's four values by the names `_inside` gives them."""
    return {f"{prefix}_minlat": box.minlat, f"{prefix}_maxlat": box.maxlat,
            f"{prefix}_minlon": box.minlon, f"{prefix}_maxlon": box.maxlon}


def _in_box(box: BBox) -> Generator[Ask, list[Row], int]:
    """How many events have their point in the box, summed from the store's kept counts by
    point (`store.rollup`; SQLite reads them from ix_rollup_points_box alone)."""
    p = rollup.points.c

    def build() -> sa.Select[Any]:
        return sa.select(sa.func.coalesce(sa.func.sum(p.n), 0)).where(
            *_inside(box, True, _named, columns=(p.lat, p.lon)))

    counted = yield Ask(("in box",), build, _box_values(box))
    return int(counted[0][0])


def _few_tolled(dialect: str, q: _Query) -> Generator[Ask, list[Row], bool]:
    """SQLite: whether a toll is met by at most FEW_TOLLED events, which are read from the
    toll's index and sorted sooner than found by walking the dates (at least 50 killed: 1,860
    events of a million, 0.5 ms sorted against 6 ms walked). The planner cannot tell one toll
    from another (it keeps no statistics of values)."""
    if dialect != "sqlite" or "min_fatalities" not in q.values:
        return False
    c = t.events.c

    def build() -> sa.Select[Any]:
        return _counted(sa.select(sa.literal(1)).where(
            c.fatalities >= sa.bindparam("min_fatalities", q.values["min_fatalities"],
                                         type_=c.fatalities.type)).limit(FEW_TOLLED + 1))

    counted = yield Ask(("tolled",), build, q.values)
    return int(counted[0][0]) <= FEW_TOLLED


def _crowded(counts: list[int]) -> bool:
    """Whether SQLite should walk the dates for a box: it holds more than CROWDED events, so
    the newest hundred come sooner by walking the date index and checking the box than by
    reading the whole box and sorting it, which SQLite's planner picks. (PostgreSQL's planner
    weighs the two from its statistics.)"""
    return any(n > CROWDED for n in counts)


@dataclass(frozen=True, slots=True)
class _Query:
    """A page's filter as its conditions' values and the shape of their SQL."""

    f: EventFilter
    bbox: BBox | None
    values: dict[str, Any]
    shape: Shape

    @classmethod
    def of(cls, f: EventFilter, bbox: BBox | None, dialect: str) -> _Query:
        values = filter_values(f, bbox)
        ascii_names = tuple(values[k].isascii() for k in values if k.startswith("actor_"))
        return cls(f, bbox, values, (dialect, tuple(values), ascii_names, f.relevant))

    def where(self, dialect: str, seek_box: bool) -> Conditions:
        return conditions(self.f, self.bbox, seek_box=seek_box, dialect=dialect, named=True)


def _after(cursor: Cursor | None, day: sa.ColumnElement[Any] = t.events.c.date_start,
           row: sa.ColumnElement[Any] = t.events.c.id) -> tuple[Conditions, Conditions]:
    """The conditions that start each part of the order (dated, then undated) after a
    cursor (false for a part the cursor is already past), on the events' start date and id
    or on the columns that stand for them (``day``, ``row``)."""
    c = t.events.c
    dated: Conditions = [day.is_not(None)]
    undated: Conditions = [day.is_(None)]
    if cursor is not None:
        if cursor.date is None:
            dated.append(sa.false())
            undated.append(row < sa.bindparam("cursor_id", cursor.id, type_=c.id.type))
        else:
            # A row value: both backends seek it on an index of (date_start, id).
            dated.append(sa.tuple_(day, row) < sa.tuple_(
                sa.bindparam("cursor_date", cursor.date, type_=c.date_start.type),
                sa.bindparam("cursor_id", cursor.id, type_=c.id.type)))
    return dated, undated


def _cursor_values(cursor: Cursor | None) -> dict[str, Any]:
    """The values `_after` names."""
    if cursor is None:
        return {}
    if cursor.date is None:
        return {"cursor_id": cursor.id}
    return {"cursor_date": cursor.date, "cursor_id": cursor.id}


def _page_columns(dialect: sa.Dialect) -> list[sa.ColumnElement[Any]]:
    """What a page reads of each row: its JSON (made by the database), its place in the order
    (the next cursor) and its point (the `near` radius)."""
    c = t.events.c
    return [event_json(dialect).label("doc"), c.date_start, c.id, c.lat, c.lon]


def _no_index(column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """The column under SQLite's unary +: the same value, which no index is in the order of."""
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type)


def _ordered(where: Conditions, cursor: Cursor | None, dialect: sa.Dialect,
             sort: bool = False) -> list[sa.Select[Any]]:
    """The queries that read the events after the cursor in page order: dated newest first,
    then undated by id (each an index walk on its own; one query mixing both could not be).
    ``sort``: the order as expressions no index has (SQLite reads the matches from the
    filter's own index and sorts them, instead of walking the dates)."""
    c = t.events.c
    # Sorted, the cursor too is kept off the date index: seeking it there would read every
    # event older than the cursor to sort them.
    day, row = (_no_index(c.date_start), _no_index(c.id)) if sort else (c.date_start, c.id)
    dated, undated = _after(cursor, day, row)
    columns = _page_columns(dialect)
    return [sa.select(*columns).where(*where, *dated).order_by(day.desc(), row.desc()),
            sa.select(*columns).where(*where, *undated).order_by(row.desc())]


def _rows_last(query: sa.Select[Any], dialect: sa.Dialect) -> sa.Select[Any]:
    """The same page, its rows' JSON made for the page's rows only. When the page is read
    from another index than the dates and sorted (a sparse box, a rare toll), SQLite makes
    every column of every match before the sort: thousands of JSON objects for a hundred kept
    (27 ms for a box of 6,000 events at a million). Here the sort carries (date, id) and the
    page's rows are read again by id. PostgreSQL's walk then reads the index alone
    (migration 18), and the table for the page's rows only."""
    c = t.events.c
    found = query.with_only_columns(c.date_start, c.id).subquery("found")
    return (sa.select(*_page_columns(dialect))
            .select_from(found.join(t.events, c.id == found.c.id))
            .order_by(found.c.date_start.desc(), found.c.id.desc()))


def _near_rows(conn: sa.Connection, f: EventFilter, where: Conditions,
               cursor: Cursor | None, offset: int, wanted: int) -> list[Row]:
    """Up to ``wanted`` rows inside the `near` radius after the cursor (or ``offset``)."""
    assert f.near is not None
    lat, lon = f.near
    found: list[Row] = []
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


def _rows_after(dialect: sa.Dialect, q: _Query, seek_box: bool, cursor: Cursor | None,
               offset: int, wanted: int, sort: bool = False
               ) -> Generator[Ask | Streamed, list[Row], list[Row]]:
    """Up to ``wanted`` matching rows after the cursor (or after ``offset`` rows); ``sort``
    as in `_ordered`."""
    if q.f.near:
        where = q.where(dialect.name, seek_box)
        return (yield lambda conn: _near_rows(conn, q.f, where, cursor, offset, wanted))
    if offset:
        # Old clients' offsets: counted over both parts in one (slower) sort.
        c = t.events.c
        query = (sa.select(*_page_columns(dialect)).where(*q.where(dialect.name, seek_box))
                 .order_by(c.date_start.is_(None), c.date_start.desc(), c.id.desc())
                 .limit(wanted).offset(offset))
        return (yield lambda conn: list(conn.execute(query)))
    rows: list[Row] = []
    kind = None if cursor is None else "undated" if cursor.date is None else "dated"
    for part in (0, 1):
        left = wanted - len(rows)

        def build(part: int = part, left: int = left) -> sa.Select[Any]:
            limit = sa.bindparam("limit", left, type_=sa.Integer)
            query = _ordered(q.where(dialect.name, seek_box), cursor, dialect,
                             sort)[part].limit(limit)
            return _rows_last(query, dialect)

        values = {**q.values, **_cursor_values(cursor), "limit": left}
        rows += yield Ask(("page", part, kind, seek_box, sort, *q.shape), build, values)
        if len(rows) >= wanted:
            break
    return rows


def _walked_rows(dialect: sa.Dialect, q: _Query, names: list[str], cursor: Cursor | None,
                 wanted: int) -> Generator[Ask, list[Row], list[Row]]:
    """Up to ``wanted`` rows after the cursor, read by walking the names (`api.name_walk`)."""
    others = conditions(name_walk.without_actor(q.f), None, dialect=dialect.name, named=True)
    dated, undated = _after(cursor, event_names.c.day, event_names.c.id)
    kind = None if cursor is None else "undated" if cursor.date is None else "dated"
    rows: list[Row] = []
    for part, after in enumerate((dated, undated)):
        left = wanted - len(rows)

        def build(after: Conditions = after, left: int = left) -> sa.Select[Any]:
            walk = name_walk.ordered(names, others, after, q.values, dialect.name,
                                     sa.bindparam("limit", left, type_=sa.Integer))
            return name_walk.page(_page_columns(dialect), walk)

        values = {**q.values, **name_walk.name_values(names), **_cursor_values(cursor),
                  "limit": left}
        rows += yield Ask(("walk", part, kind, len(names), *q.shape), build, values)
        if len(rows) >= wanted:
            break
    return rows


def _walked_total(dialect: str, q: _Query, names: list[str]
                  ) -> Generator[Ask, list[Row], int]:
    """How many rows match, up to TOTAL_CAP + 1, read by walking the names."""
    others = conditions(name_walk.without_actor(q.f), None, dialect=dialect, named=True)

    def build() -> sa.Select[Any]:
        return name_walk.counted(name_walk.ordered(names, others, [], q.values, dialect,
                                                   TOTAL_CAP + 1))

    values = {**q.values, **name_walk.name_values(names)}
    counted = yield Ask(("walk-total", len(names), *q.shape), build, values)
    return int(counted[0][0])


def _walked_names(dialect: str, q: _Query, offset: int
                  ) -> Generator[Ask, list[Row], list[str] | None]:
    """The names a page of the filter walks, or None when it reads the dates instead."""
    if offset or not name_walk.walkable(q.f, q.bbox is not None, dialect):
        return None
    rows = yield Ask(("names", *q.shape), lambda: name_walk.names_query(q.f, dialect),
                     q.values)
    found = [row[0] for row in rows]
    return found if len(found) <= name_walk.MOST_NAMES else None


def _capped_total(dialect: str, q: _Query, seek_box: bool
                  ) -> Generator[Ask | Streamed, list[Row], int]:
    """How many rows match, counted up to TOTAL_CAP + 1."""
    if q.f.near:
        where = q.where(dialect, seek_box)
        return len((yield lambda conn: _near_rows(conn, q.f, where, None, 0, TOTAL_CAP + 1)))

    def build() -> sa.Select[Any]:
        sample = sa.select(sa.literal(1)).select_from(t.events).where(*q.where(dialect, seek_box))
        if q.f.since:
            # Newest first, as the page reads: `since` bounds the start a year early (long
            # spans), and walking up from there would pass a year of rows that end too soon.
            # Otherwise the database picks its cheapest index (a covering one for a box or a
            # toll).
            sample = sample.order_by(t.events.c.date_start.desc())
        return _counted(sample.limit(TOTAL_CAP + 1))

    counted = yield Ask(("total", seek_box, *q.shape), build, q.values)
    return int(counted[0][0])


def _day(value: Any) -> dt.date | None:
    """A start date as the driver gives it (sqlite3: its ISO text)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def page_reads(dialect: sa.Dialect, f: EventFilter, bbox: BBox | None, limit: int, *,
               offset: int = 0, cursor: Cursor | None = None) -> PageReads:
    """The reads of a page of the events matching filter and box, newest first (undated
    last): the page after the cursor, or after ``offset`` rows; without a cursor, the total
    up to TOTAL_CAP. Only a `near` filter or an offset asks for a `Streamed` read."""
    q = _Query.of(f, bbox, dialect.name)
    boxes = _boxes(f, bbox)
    in_boxes: list[int] = []
    if boxes and dialect.name == "sqlite":
        for box in boxes:
            in_boxes.append((yield from _in_box(box)))
    crowded = _crowded(in_boxes)
    # The events of the names an actor matches are walked; otherwise (another index read
    # first, too many names) a page tests the names row by row (see docs/api.md, "The actor
    # filter").
    names = yield from _walked_names(dialect.name, q, offset)
    if names is not None:
        rows = (yield from _walked_rows(dialect, q, names, cursor, limit + 1)) if names else []
    else:
        # A box of few events is read from the point index and sorted, its next pages
        # too (the cursor alone would have SQLite walk the dates down from it).
        sort = not crowded and (bool(in_boxes) or (yield from _few_tolled(dialect.name, q)))
        rows = yield from _rows_after(dialect, q, not crowded, cursor, offset, limit + 1, sort)
    more = len(rows) > limit
    if cursor is not None:
        total = None
    elif not more and not offset:
        total = len(rows)  # the whole match is on this page: nothing more to count
    elif names is not None:
        total = yield from _walked_total(dialect.name, q, names)
    elif in_boxes and bbox is not None and f == EventFilter():
        total = in_boxes[0]  # the box is the whole filter: its kept count is the total
    else:
        # A count has no order: a crowded box is counted on the (lat, lon) index it is
        # kept off for the page (not found by scanning that index from the South Pole),
        # unless `since` has the count read newest first (_capped_total).
        total = yield from _capped_total(dialect.name, q, seek_box=not (crowded and f.since))
    rows = rows[:limit]
    last = rows[-1] if rows else None
    following = Cursor(_day(last[1]), last[2]) if more and last is not None else None
    capped = total is not None and total > TOTAL_CAP
    return EventPage(min(total, TOTAL_CAP) if total is not None else None, capped,
                     [r[0] for r in rows], more, following)


def event_page(store: Store, f: EventFilter, bbox: BBox | None, limit: int, *,
               offset: int = 0, cursor: Cursor | None = None,
               statements: Statements | None = None, budget: float | None = None
               ) -> EventPage:
    """A page of the events matching filter and box (`page_reads`), read on a connection of
    the store. With ``statements``, the page's SQL is compiled once per shape and run on the
    driver's cursor (`api.statements`): the same SQL, the same answer. ``budget`` (SQLite):
    seconds of CPU the page may spend, past which it raises `loop_budget.OverBudget`."""
    # Rows inside the `near` radius are streamed by a server-side cursor, which PostgreSQL
    # opens only inside a transaction; other pages need none.
    with (store.engine if f.near else store.reader).connect() as conn:
        reads = page_reads(conn.dialect, f, bbox, limit, offset=offset, cursor=cursor)
        raw = conn.connection.dbapi_connection
        if budget is None or not isinstance(raw, sqlite3.Connection):
            return _run(reads, conn, statements)
        with loop_budget.bounded(raw, budget):
            return _run(reads, conn, statements)


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
