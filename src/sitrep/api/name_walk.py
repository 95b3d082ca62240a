"""A page of the `actor` filter read from each matching name's events in date order.

The names an actor filter finds are matched against `actor_names` (`store.name_walk`), not
against every row. Each matching name's events are a backwards walk of the (name, day, id)
index; a UNION of the walks with the page's ORDER BY is merged by SQLite as it reads them (a
co-routine per name), and stops at the LIMIT: a page reads its hundred rows and a few more, a
capped count its thousand, however rare or common the name. An event whose two actors both
match comes once (UNION). PostgreSQL (before 17) merges only a UNION ALL of ordered walks
(Merge Append); a DISTINCT over it in the same order drops the twin rows as they come, next to
each other (Unique), still stopping at the LIMIT. The other conditions of the filter (type,
status, dates, relevance) are tested on the event of each row read.

Used when the filter sets no condition another index reads better (a country, a box, a radius,
a toll: the planner reads those and tests the names), and when the spellings match at most
MOST_NAMES names.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sqlalchemy as sa

from sitrep.store import schema as t
from sitrep.store.name_walk import actor_names, event_names
from sitrep.store.names import name_matches
from sitrep.store.queries import EventFilter

MOST_NAMES = 24
"""The most names one walk merges (a spelling found in more reads the dates, as before)."""

_READ_ELSEWHERE = ("country", "near", "min_fatalities")
"""Filter fields whose own index the planner reads before testing the names."""

Conditions = list[sa.ColumnElement[bool]]


WALKED = ("sqlite", "postgresql")
"""The backends whose stores keep the names (`store.name_walk`: migrations 17 and 19)."""


def walkable(f: EventFilter, has_box: bool, dialect: str) -> bool:
    """Whether a page of this filter is read by walking its names (an actor, nothing read
    from another index)."""
    return (dialect in WALKED and bool(f.actor) and not has_box
            and not any(getattr(f, name) for name in _READ_ELSEWHERE))


def without_actor(f: EventFilter) -> EventFilter:
    """The filter's other conditions, tested on each event the walk reads."""
    return dataclasses.replace(f, actor=None)


def names_query(f: EventFilter, dialect: str) -> sa.Select[Any]:
    """The names that carry events and contain a spelling of the filter's actor (its spellings
    as the parameters actor_0, actor_1, ... of `queries.filter_values`), one more than
    MOST_NAMES at most."""
    assert f.actor is not None
    name = actor_names.c.name
    bound = sa.bindparam  # the i-th spelling's value is `filter_values`' actor_i
    return (sa.select(name).where(actor_names.c.n > 0, name_matches(
        [name], f.actor, dialect,
        bound=lambda i, pattern: bound(f"actor_{i}", pattern, type_=sa.Text)))
        .limit(MOST_NAMES + 1))


def name_values(names: list[str]) -> dict[str, str]:
    """The names as the parameters name_0, name_1, ... of `ordered`."""
    return {f"name_{i}": name for i, name in enumerate(names)}


def ordered(names: list[str], others: Conditions, part: Conditions,
            values: dict[str, Any], dialect: str, limit: Any) -> sa.Select[Any]:
    """(day, id) of the first ``limit`` events of the names, newest first, deduplicated: one
    walk per name, merged. ``part`` conditions event_names' day and id (dated or undated,
    after a cursor); ``others`` are the filter's conditions on the event; the filter's
    ``values`` (`queries.filter_values`) also bound the walk by its dates."""
    n = event_names.c
    day_type = t.events.c.date_start.type
    bounds: Conditions = []
    if "since_start" in values:
        bounds.append(n.day >= sa.bindparam("since_start", values["since_start"], day_type))
    if "until" in values:
        bounds.append(n.day <= sa.bindparam("until", values["until"], day_type))
    arms = []
    for i, value in enumerate(names):
        arm = sa.select(n.day, n.id).where(
            n.name == sa.bindparam(f"name_{i}", value, type_=sa.Text), *bounds, *part)
        if others:
            arm = arm.select_from(event_names.join(t.events, t.events.c.id == n.id)).where(
                *others)
        arms.append(arm)
    walk: Any
    if len(arms) == 1:
        walk = arms[0]
    elif dialect == "postgresql":
        # Each walk ordered and limited in its own right: PostgreSQL plans the arms of a
        # UNION ALL with a WHERE as subqueries of their own, so an order asked for only
        # outside them reaches none of them (each would read every event of its name, to
        # be sorted); ordered inside, each is a backwards walk of the index, merged.
        merged = sa.union_all(*(arm.order_by(n.day.desc(), n.id.desc()).limit(limit)
                                for arm in arms)).subquery("arms")
        walk = sa.select(merged.c.day, merged.c.id).distinct()
    else:
        walk = sa.union(*arms)
    found = walk.selected_columns
    return walk.order_by(found.day.desc(), found.id.desc()).limit(limit)  # type: ignore[no-any-return]


def page(columns: list[sa.ColumnElement[Any]], walk: sa.Select[Any]) -> sa.Select[Any]:
    """The page's columns of the events a limited walk found, in its order."""
    found = walk.subquery("walk")
    return (sa.select(*columns)
            .select_from(found.join(t.events, t.events.c.id == found.c.id))
            .order_by(found.c.day.desc(), found.c.id.desc()))


def counted(walk: sa.Select[Any]) -> sa.Select[Any]:
    """How many events a limited walk found."""
    return sa.select(sa.func.count()).select_from(walk.subquery("walk"))
