"""The events a map cluster of a few events lists (the page's popup), read without testing the
rows of a crowded place one by one.

A listed cell holds at most MEMBERS matching events, but its box may hold a town of a hundred
thousand events that do not match: found by the boxes (an OR of a hundred, each a band of
latitude of the point index) the events of a type or a month took seconds at a million. So:

- when few events match in all (FEW_MATCHING), they are read through the filter's own index,
  their points alone first, and each is put in its cell in Python;
- else the places inside the listed cells' boxes are taken from the counts kept by point
  (`store.rollup`, a small index), and only the events at those places are read (the point
  index, an equality each): cheap unless a box holds a crowded place its filter mostly
  leaves out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from sitrep.store import rollup
from sitrep.store import schema as t
from sitrep.store.queries import event_dict

MEMBERS = 10
"""A cluster of at most this many events lists them (the page's popup)..."""
MEMBER_ROWS = 1000
"""...as long as all listed clusters together hold no more than this many."""
FEW_MATCHING = 30_000
"""At most this many matching events with a point: read them all by the filter (their
points only) rather than by the listed points."""

Box = tuple[float, float, float, float]
"""A cell's box: west, south, east, north."""
Cell = tuple[int, int]
Conditions = list[sa.ColumnElement[bool]]


def box(row: Any) -> Box:
    """A grid row's box: west, south, east, north."""
    return float(row[5]), float(row[6]), float(row[7]), float(row[8])


def listed(cells: Sequence[Any]) -> dict[Cell, Box]:
    """The cells whose events are listed, by grid index: the smallest first, within budget."""
    chosen: dict[Cell, Box] = {}
    budget = MEMBER_ROWS
    for row in sorted(cells, key=lambda r: int(r.n)):
        if row.n > MEMBERS or row.n > budget:
            break
        chosen[(int(row.x), int(row.y))] = box(row)
        budget -= row.n
    return chosen


def _newest_first(row: Any) -> tuple[bool, int, int]:
    """The page's order as a sort key: dated newest first, ties by id, undated last."""
    day = row.date_start
    return day is None, -day.toordinal() if day is not None else 0, -int(row.id)


def _cell_of(lat: float, lon: float, cell: float) -> Cell:
    """The grid index of a point, as the grid's SQL computes it (`aggregates._cell`)."""
    return math.floor((lon - -180.0) / cell), math.floor((lat - -90.0) / cell)


def _places_inside(boxes: list[Box]) -> sa.TextClause:
    """The kept points inside any of the boxes. Written as text: built as expressions, a
    hundred boxes cost more Python than the read."""
    inside = " OR ".join(f"(lat BETWEEN :s{i} AND :n{i} AND lon BETWEEN :w{i} AND :e{i})"
                         for i in range(len(boxes)))
    values = {f"{k}{i}": v for i, (w, s, e, n) in enumerate(boxes)
              for k, v in (("w", w), ("s", s), ("e", e), ("n", n))}
    return sa.text(f"SELECT lat, lon FROM {rollup.points.name} WHERE n > 0 AND ({inside})"
                   ).bindparams(**values)


def members(conn: sa.Connection, parts: list[Conditions], cells: dict[Cell, Box],
            cell: float, matched: int) -> dict[Box, list[dict[str, Any]]]:
    """The events of each listed cell, newest first, by the cell's box. ``parts``: the
    matching events' conditions on `events` (disjoint); ``matched``: how many of them have a
    point."""
    if not cells:
        return {}
    c = t.events.c
    matching = [sa.or_(*(sa.and_(*where) for where in parts))] if len(parts) > 1 else parts[0]
    if matched <= FEW_MATCHING:
        # Part by part (disjoint): an OR of them would keep each from its own index.
        spots = [s for where in parts
                 for s in conn.execute(sa.select(c.id, c.lat, c.lon).where(*where))]
        ids = [i for i, lat, lon in spots if lat is not None and lon is not None
               and _cell_of(float(lat), float(lon), cell) in cells]
        rows = [r for i in range(0, len(ids), 500) for r in conn.execute(
            sa.select(t.events).where(c.id.in_(ids[i: i + 500])))]
    else:
        # Every place in the boxes, matching or not (the kept points, a small index).
        at = sorted({(float(lat), float(lon)) for lat, lon in conn.execute(
            _places_inside(list(cells.values())))})
        # By latitude alone (one expanding parameter; an expression a point cost more in
        # Python than the read), then the exact places kept.
        lats, places = sorted({lat for lat, _ in at}), set(at)
        rows = [r for i in range(0, len(lats), 500) for r in conn.execute(
            sa.select(t.events).where(*matching, c.lat.in_(lats[i: i + 500])))
            if (r.lat, r.lon) in places]
    found: dict[Box, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=_newest_first):
        where = cells.get(_cell_of(float(r.lat), float(r.lon), cell))
        if where is not None:
            found.setdefault(where, []).append(event_dict(r))
    return found
