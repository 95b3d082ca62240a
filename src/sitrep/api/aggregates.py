"""What the page draws without loading rows: counts by type and the timeline of the matching
events (GROUP BY), and the map's clusters (GROUP BY a grid cell of the events' points).

`near` is a great-circle radius in the list; here it is the radius on a flat projection around
its centre, so that the database can count: the two agree closely at the tens of kilometres a
page asks for, and drift apart at continental radii.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import Counter
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from sitrep.api import cluster_members
from sitrep.api.kept_months import MonthRead, month_end, month_read
from sitrep.api.queries import BBox, _boxes, conditions, straddling
from sitrep.store import rollup, rollup_months
from sitrep.store import schema as t
from sitrep.store.database import Store
from sitrep.store.queries import EventFilter, country_code, earliest_start

MIN_CELL = 0.001
"""The finest cell, in degrees (about 100 m): one marker per place, as events store points."""
MAX_CELL = 90.0
MAX_DETAIL = 5000
"""The most events a request may ask to see place by place."""
MAX_CLUSTERS = 20_000
"""The most cells one answer holds (the page asks for its view: about a thousand)."""
DAY_SPAN = 400
"""A timeline over at most this many days has a bar per day; up to WEEK_SPAN a bar per week,
beyond it a bar per month."""
WEEK_SPAN = 5 * 366


def _within(f: EventFilter, lat_column: sa.ColumnElement[float] = t.events.c.lat,
            lon_column: sa.ColumnElement[float] = t.events.c.lon
            ) -> list[sa.ColumnElement[bool]]:
    """The `near` radius as SQL: a flat projection around the centre (the box is in the
    conditions already)."""
    if not f.near:
        return []
    lat, lon = f.near
    east = 111.32 * max(0.01, math.cos(math.radians(lat)))
    dy, dx = (lat_column - lat) * 111.0, (lon_column - lon) * east
    return [dy * dy + dx * dx <= f.km * f.km]


_DAY_FIELDS = frozenset({"type", "status", "since", "until"})
"""The filters `rollup_days` can answer..."""
_POINT_FIELDS = frozenset({"country", "near", "bbox"})
"""...and those `rollup_points` can..."""
_MONTH_FIELDS = _DAY_FIELDS | _POINT_FIELDS
"""...and those `rollup_place_months` can (with `since` and `until` at months' edges)."""
_NOT_FILTERS = frozenset({"km", "limit"})
"""Fields of a filter that select nothing by themselves (the radius of `near`, a page size)."""


def _asks_only(f: EventFilter, bbox: BBox | None, allowed: frozenset[str]) -> bool:
    """Whether the filter sets no field but these (a field added to EventFilter later is read
    from the events, never silently ignored by a kept count)."""
    asked = {field.name for field in dataclasses.fields(f) if field.name not in _NOT_FILTERS
             and getattr(f, field.name) != field.default}
    if bbox is not None:
        asked.add("bbox")
    return asked <= allowed


def _by_day(f: EventFilter, bbox: BBox | None) -> list[sa.ColumnElement[bool]] | None:
    """The conditions on `rollup_days` of the events that start within the filter (those that
    straddle its `since` are not in it), or None when the filter asks for more than type,
    status and dates."""
    if not _asks_only(f, bbox, _DAY_FIELDS):
        return None
    d = rollup.days.c
    where = _by_day_values(f)
    if f.since:
        where.append(d.day >= f.since)
    if f.until:
        where += [d.day <= f.until, d.day > rollup.UNDATED]
    return where


def _by_day_values(f: EventFilter) -> list[sa.ColumnElement[bool]]:
    """The type and status of a filter as conditions on `rollup_days`."""
    d = rollup.days.c
    return ([d.type == f.type.upper()] if f.type else []) + (
        [d.status == f.status.lower()] if f.status else [])


def _by_point(f: EventFilter, bbox: BBox | None) -> list[sa.ColumnElement[bool]] | None:
    """The conditions on `rollup_points` of the filter, or None when it asks for more than
    country, box and radius."""
    if not _asks_only(f, bbox, _POINT_FIELDS):
        return None
    p = rollup.points.c
    where: list[sa.ColumnElement[bool]] = [p.n > 0]
    if f.country:
        where.append(p.country == country_code(f.country))
    for box in _boxes(f, bbox):
        where += [p.lat.between(box.minlat, box.maxlat), p.lon.between(box.minlon, box.maxlon)]
    return where + _within(f, p.lat, p.lon)


def _by_month(f: EventFilter, bbox: BBox | None) -> MonthRead | None:
    """How `rollup_place_months` answers the filter, or None when it asks for more than
    country, box, radius, type, status and dates (or for dates inside one month)."""
    if not _asks_only(f, bbox, _MONTH_FIELDS):
        return None
    m = rollup_months.months.c
    place = [m.country == country_code(f.country)] if f.country else []
    for box in _boxes(f, bbox):
        place += [m.lat.between(box.minlat, box.maxlat), m.lon.between(box.minlon, box.maxlon)]
    return month_read(f, rollup_months.months, place + _within(f, m.lat, m.lon))


def _edge_parts(f: EventFilter, bbox: BBox | None, read: MonthRead, dialect: str
                ) -> list[list[sa.ColumnElement[bool]]]:
    """What the kept months of ``read`` cannot say, as disjoint parts read from `events`: the
    starts in its edge ranges, and the events that straddle `since`."""
    c = t.events.c
    base = [*conditions(f, bbox, since=False, dialect=dialect), *_within(f)]
    parts = []
    for first, last in read.edges:
        bounds = ([c.date_start >= first] if first else []) + (
            [c.date_start <= last] if last else [])
        parts.append([*base, *bounds])
    if read.straddling and f.since:
        parts.append([*base, *straddling(f.since)])
    return parts


def _parts(f: EventFilter, bbox: BBox | None, dialect: str
           ) -> list[list[sa.ColumnElement[bool]]]:
    """The matching events as disjoint parts whose counts add up. With `since`: the events
    that start on or after it (every stored range ends on or after its start), a walk of the
    dates asked for, and those that straddle it, a walk of the partial index of multi-day
    events; not one walk of a year of the date index, which a start bound a year early reads.
    On SQLite an actor is looked up in its trigram index: all its matches are read anyway."""
    base = [*conditions(f, bbox, since=False, dialect=dialect,
                            actor_index_wanted=True), *_within(f)]
    if not f.since:
        return [base]
    return [[*base, t.events.c.date_start >= f.since], [*base, *straddling(f.since)]]


def _grouped(column: sa.ColumnElement[Any], where: list[sa.ColumnElement[bool]],
             dialect: str) -> sa.ColumnElement[Any]:
    """A column to GROUP BY. Unfiltered, SQLite walks an index in the column's order and
    needs no sort; filtered, that same walk would test every row of the table, so the column
    is wrapped (the same values) and SQLite reads the filter's own index and sorts what it
    finds. (PostgreSQL weighs the two itself.)"""
    if dialect != "sqlite" or not where:
        return column
    if isinstance(column.type, sa.Date):
        return sa.func.date(column, type_=sa.Date)
    if isinstance(column.type, sa.String):
        return column.concat("")
    return column + 0


def _period(day: dt.date, unit: str) -> dt.date:
    """The first day of the bar a day falls in."""
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _day(value: Any) -> dt.date:
    """A grouped date as a date (SQLite gives the stored text back from an aggregate)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _unit(first: dt.date, last: dt.date) -> str:
    """The bar of a timeline from ``first`` to ``last``: a day, a week or a month, whichever
    keeps the bars few enough to draw."""
    span = (last - first).days + 1
    return "day" if span <= DAY_SPAN else "week" if span <= WEEK_SPAN else "month"


def timeline(days: list[tuple[dt.date, str, int]], unit: str | None = None) -> dict[str, Any]:
    """Counts per (day, type) as bars of a day, a week or a month, whichever keeps the bars
    few enough to draw: {"unit", "bars": [[first day, type, count], ...]}. ``unit``: the bar
    chosen already (the days may then be first days of bars)."""
    if not days:
        return {"unit": unit or "day", "bars": []}
    unit = unit or _unit(min(d for d, _, _ in days), max(d for d, _, _ in days))
    bars: Counter[tuple[dt.date, str]] = Counter()
    for day, kind, n in days:
        bars[(_period(day, unit), kind)] += n
    return {"unit": unit, "bars": [[d.isoformat(), kind, n]
                                   for (d, kind), n in sorted(bars.items())]}


def summary(store: Store, f: EventFilter, bbox: BBox | None) -> dict[str, Any]:
    """How many events match, how many of each type, and the timeline of the day-precise
    ones: GROUP BY queries, no rows loaded. (Where they lie: the clusters' boxes.)
    A filter of type, status and dates sums the counts kept by month, the days of its edge
    months from those kept by day; one with a place too, the counts kept by place and month
    (`store.rollup`, `store.rollup_months`)."""
    dialect = store.engine.dialect.name
    parts = _parts(f, bbox, dialect)
    with store.reader.connect() as conn:
        kept = _by_day(f, bbox)
        if kept is not None:
            return _day_summary(conn, f, kept, parts, dialect)
        read = _by_month(f, bbox) if not _days_needed(f) else None
        if read is not None:
            edge = _Found()
            for where in _edge_parts(f, bbox, read, dialect):
                edge.add_events(conn, where, dialect)
            return edge.with_months(conn, rollup_months.months, read, lambda: timeline(
                [day for where in parts for day in _event_days(conn, where, dialect)]))
        found = _Found()
        for where in parts:
            found.add_events(conn, where, dialect)
    return found.result(timeline(found.days))


def _days_needed(f: EventFilter) -> bool:
    """Whether the filter's dates keep its timeline short enough for bars of days or weeks
    (its straddlers start up to a year before `since`): its days are read from the events
    then, and with them its types, in the same reads."""
    return (f.since is not None and f.until is not None
            and _unit(earliest_start(f.since), f.until) != "month")


@dataclasses.dataclass
class _Found:
    """Counts by type and the day-precise events by (day, type), gathered part by part."""

    types: Counter[str] = dataclasses.field(default_factory=Counter)
    days: list[tuple[dt.date, str, int]] = dataclasses.field(default_factory=list)

    def add_events(self, conn: sa.Connection, where: list[sa.ColumnElement[bool]],
                   dialect: str) -> None:
        """Add the matching events of one part, grouped from `events`."""
        self.types.update(_event_types(conn, where, dialect))
        self.days += _event_days(conn, where, dialect)

    def result(self, bars: dict[str, Any]) -> dict[str, Any]:
        return {"total": sum(self.types.values()), "types": dict(sorted(self.types.items())),
                "timeline": bars}

    def with_months(self, conn: sa.Connection, table: sa.Table, read: MonthRead,
                    days: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """The summary with the kept months of ``read`` (in ``table``) added. The timeline's
        bars are those months when its span is surely past WEEK_SPAN; shorter, ``days``
        makes it (the kept months cannot place an event in its week)."""
        m = table.c
        total = sa.func.sum(m.n)
        # One read of the kept rows: by (month, precise, type), a few thousand groups at most.
        groups = [(_day(month), int(precise), str(kind), int(n)) for month, precise, kind, n
                  in conn.execute(sa.select(m.month, m.precise, m.type, total)
                                  .where(*read.kept).group_by(m.month, m.precise, m.type)
                                  .having(total > 0))]
        for _, _, kind, n in groups:
            self.types[kind] += n
        bars = [(month, kind, n) for month, precise, kind, n in groups if precise == 1]
        if not bars:
            return self.result(timeline(self.days))
        edge_days = [day for day, _, _ in self.days]
        if _unit(min([*edge_days, month_end(min(month for month, _, _ in bars))]),
                 max([*edge_days, max(month for month, _, _ in bars)])) != "month":
            return self.result(days())
        return self.result(timeline([*self.days, *bars], "month"))


def _day_summary(conn: sa.Connection, f: EventFilter, kept: list[sa.ColumnElement[bool]],
                 parts: list[list[sa.ColumnElement[bool]]], dialect: str) -> dict[str, Any]:
    """`summary` of a filter of type, status and dates: the whole months from the counts kept
    by month, the days of its edge months from those kept by day, and the events that
    straddle `since` (which the kept days cannot say) from `events`."""
    found = _Found()
    for where in parts[1:]:
        found.add_events(conn, where, dialect)
    straddling_days = list(found.days)
    read = month_read(f, rollup_months.type_months, [])
    if read is None:
        found.types.update(_kept_types(conn, kept))
        return found.result(_kept_timeline(conn, kept, straddling_days, dialect))
    d = rollup.days.c
    for first, last in read.edges:
        edge = [*_by_day_values(f), *([d.day >= first] if first else []),
                *([d.day <= last] if last else [])]
        found.types.update(_kept_types(conn, edge))
        total = sa.func.sum(d.n)
        found.days += [(_day(day), str(k), int(n)) for day, k, n in conn.execute(
            sa.select(d.day, d.type, total).where(*edge, d.precise == 1)
            .group_by(d.day, d.type).having(total > 0))]
    return found.with_months(conn, rollup_months.type_months, read, lambda: _kept_timeline(
        conn, kept, straddling_days, dialect))


def _event_types(conn: sa.Connection, where: list[sa.ColumnElement[bool]], dialect: str
                 ) -> dict[str, int]:
    """Matching events by type, grouped from the events."""
    kind = _grouped(t.events.c.type, where, dialect)
    query = sa.select(kind, sa.func.count()).where(*where).group_by(kind)
    return {str(k): int(n) for k, n in conn.execute(query)}


def _event_days(conn: sa.Connection, where: list[sa.ColumnElement[bool]], dialect: str
                ) -> list[tuple[dt.date, str, int]]:
    """Matching day-precise events by (day, type), grouped from the events."""
    c = t.events.c
    day, kind = _grouped(c.date_start, where, dialect), _grouped(c.type, where, dialect)
    query = (sa.select(day, kind, sa.func.count())
             .where(*where, c.date_precision == "day", c.date_start.is_not(None))
             .group_by(day, kind))
    return [(_day(d), str(k), int(n)) for d, k, n in conn.execute(query)]


def _kept_types(conn: sa.Connection, where: list[sa.ColumnElement[bool]]) -> dict[str, int]:
    """Events by type, from the counts kept by day."""
    d = rollup.days.c
    total = sa.func.sum(d.n)
    query = sa.select(d.type, total).where(*where).group_by(d.type).having(total > 0)
    return {str(k): int(n) for k, n in conn.execute(query)}


def _bar_start(day: sa.ColumnElement[Any], unit: str, dialect: str) -> sa.ColumnElement[Any]:
    """SQL: the first day of the bar a day falls in (`_period`), weeks from Monday."""
    if unit == "day":
        return day
    if dialect == "postgresql":
        return sa.cast(sa.func.date_trunc(unit, day), sa.Date)
    # SQLite: 'weekday 0' moves to the next Sunday (or stays on one); six days before is Monday.
    shift = ("weekday 0", "-6 days") if unit == "week" else ("start of month",)
    return sa.func.date(day, *shift, type_=sa.Date)


def _kept_timeline(conn: sa.Connection, where: list[sa.ColumnElement[bool]],
                   more: list[tuple[dt.date, str, int]], dialect: str) -> dict[str, Any]:
    """The timeline of the day-precise events from the counts kept by day, with ``more``
    (days read elsewhere) added: the span first, then the bars summed by the database, so
    that six years come back as some seventy months, not thirty thousand days."""
    d = rollup.days.c
    precise = [*where, d.precise == 1, d.n > 0]
    first, last = conn.execute(sa.select(sa.func.min(d.day), sa.func.max(d.day))
                               .where(*precise)).one()
    ends = [day for day, _, _ in more] + [_day(x) for x in (first, last) if x is not None]
    if not ends:
        return timeline([])
    unit = _unit(min(ends), max(ends))
    bar, total = _bar_start(d.day, unit, dialect), sa.func.sum(d.n)
    query = (sa.select(bar, d.type, total).where(*precise).group_by(bar, d.type)
             .having(total > 0))
    return timeline([*more, *((_day(b), str(k), int(n)) for b, k, n in conn.execute(query))],
                    unit)


def _cell(column: sa.ColumnElement[Any], origin: float, cell: float, dialect: str
          ) -> sa.ColumnElement[Any]:
    """The grid index of a coordinate: floor((value - origin) / cell), value >= origin."""
    scaled = (column - origin) / cell
    if dialect == "postgresql":
        return sa.func.floor(scaled)
    # SQLite may lack floor(); a cast truncates, the same for the non-negative values here.
    return sa.cast(scaled, sa.Integer)


def clusters(store: Store, f: EventFilter, bbox: BBox | None, cell: float, detail: int = 0
             ) -> tuple[float, list[dict[str, Any]]]:
    """The matching events with a point, grouped by grid cell: each cell's count, mean point
    and box; a cell of one event carries it, a cell of a few events lists them. When at most
    ``detail`` events fall in the cells, they are grouped by place (MIN_CELL) instead.
    Returns the cell used and the clusters."""
    dialect = store.engine.dialect.name
    with store.reader.connect() as conn:
        cells = _grid(conn, f, bbox, cell, dialect)
        if cell > MIN_CELL and sum(int(r.n) for r in cells) <= detail:
            cell = MIN_CELL
            cells = _grid(conn, f, bbox, cell, dialect)
        members = cluster_members.members(
            conn, _parts(f, bbox, dialect), cluster_members.listed(cells), cell,
            sum(int(r.n) for r in cells))
    out = []
    for row in cells:
        west, south, east, north = cluster_members.box(row)
        # The mean point, kept inside the box (a float mean of equal values may stray a hair).
        found: dict[str, Any] = {
            "count": int(row.n), "lat": min(max(float(row[3]), south), north),
            "lon": min(max(float(row[4]), west), east), "box": [west, south, east, north]}
        events = members.get((west, south, east, north))
        if events is not None:
            found["events"] = events
        out.append(found)
    return cell, out


def _grid(conn: sa.Connection, f: EventFilter, bbox: BBox | None, cell: float, dialect: str
          ) -> list[Any]:
    """The cells of one grid: (x, y, count, mean lat, mean lon, west, south, east, north).

    Events at one place share its gazetteer point, so the matching events are first counted
    per point (on SQLite a walk of the (lat, lon) index in its order, no sort; for a filter of
    country, box and radius the counts kept per point, `store.rollup`; with a type, a status
    or dates too, those kept by place and month, `store.rollup_months`), and the far fewer
    points are then grouped by cell. Events without a point fall in a cell of nulls,
    dropped below: "lat IS NOT NULL" in SQL would make SQLite read every row through the
    (lat, lon) index whatever else is asked.
    """
    c = t.events.c
    kept = _by_point(f, bbox)
    read = _by_month(f, bbox) if kept is None else None
    counted: list[sa.Select[Any]] = []
    read_events = _parts(f, bbox, dialect)
    if kept is not None:
        r = rollup.points.c
        counted.append(sa.select(r.lat.label("lat"), r.lon.label("lon"), r.n.label("n"))
                       .where(*kept))
        read_events = []
    elif read is not None:
        m = rollup_months.months.c
        summed = sa.func.sum(m.n)
        counted.append(sa.select(m.lat.label("lat"), m.lon.label("lon"), summed.label("n"))
                       .where(*read.kept, m.lat != rollup_months.NOWHERE)
                       .group_by(m.lat, m.lon).having(summed > 0))
        read_events = _edge_parts(f, bbox, read, dialect)
    for where in read_events:
        lat, lon = _grouped(c.lat, where, dialect), _grouped(c.lon, where, dialect)
        counted.append(sa.select(lat.label("lat"), lon.label("lon"), sa.func.count().label("n"))
                       .where(*where).group_by(lat, lon))
    # A point counted in two parts adds up in the grid's sums.
    points = (counted[0] if len(counted) == 1 else sa.union_all(*counted)).subquery()
    p = points.c
    x, y = _cell(p.lon, -180.0, cell, dialect), _cell(p.lat, -90.0, cell, dialect)
    total = sa.func.sum(p.n)
    grid = (sa.select(x.label("x"), y.label("y"), total.label("n"),
                      sa.func.sum(p.lat * p.n) / total, sa.func.sum(p.lon * p.n) / total,
                      sa.func.min(p.lon), sa.func.min(p.lat), sa.func.max(p.lon),
                      sa.func.max(p.lat))
            .group_by(x, y).order_by(sa.desc("n"), x, y).limit(MAX_CLUSTERS))
    return [r for r in conn.execute(grid) if r.x is not None and r.y is not None]
