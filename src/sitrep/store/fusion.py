"""Fusion in the store: a mention added or removed re-fuses the group it is connected to.

A group is every stored mention reachable from the changed ones through pairs that
`fuse.same_event` accepts. Its events are `fuse.cluster` of its mentions, which does not depend on
the order they arrived in; so neither do the store's events, whatever order articles are ingested
or deleted in. Each mention files its own keys under its event, so that any mention of the group
can be found from any other.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from sitrep import figures, fuse
from sitrep.model import EventPlace
from sitrep.store import schema as t

_CHUNK = 500
"""Values per IN (...) list: a year-precision mention probes hundreds of keys."""


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored mention as the group needs it."""

    id: str
    article_id: str
    event_id: int | None
    mention: fuse.Mention
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None


def _who(value: dict[str, Any] | None) -> fuse.Who | None:
    if not value:
        return None
    return fuse.Who(value["name"], value.get("country"), value.get("sector"))


def _place(value: dict[str, Any] | None) -> EventPlace | None:
    if not value:
        return None
    return EventPlace(value["name"], value.get("lat"), value.get("lon"), value.get("country"),
                      value.get("admin1"), int(value["precision"]))


def _stored(row: Any) -> Stored:
    mention = fuse.mention_from(row.type, row.status, _who(row.actor1), _who(row.actor2),
                                row.date, row.date_precision, _place(row.place), row.published)
    return Stored(row.id, row.article_id, row.event_id, mention, row.mode,
                  row.acled_event_type, row.acled_sub_event_type)


def _select_mentions() -> sa.Select[Any]:
    m = t.event_mentions.c
    return sa.select(m.id, m.article_id, m.event_id, m.type, m.status, m.actor1, m.actor2,
                     m.date, m.date_precision, m.place, m.mode, m.acled_event_type,
                     m.acled_sub_event_type, t.articles.c.published).join_from(
        t.event_mentions, t.articles)


def load_mentions(conn: sa.Connection, ids: Iterable[str]) -> list[Stored]:
    """Stored mentions by id."""
    wanted = sorted(set(ids))
    found: list[Stored] = []
    for i in range(0, len(wanted), _CHUNK):
        found += [_stored(r) for r in conn.execute(
            _select_mentions().where(t.event_mentions.c.id.in_(wanted[i:i + _CHUNK])))]
    return found


def _event_members(conn: sa.Connection, event_ids: Iterable[int]) -> dict[int, list[Stored]]:
    wanted = sorted(set(event_ids))
    members: dict[int, list[Stored]] = {event_id: [] for event_id in wanted}
    for i in range(0, len(wanted), _CHUNK):
        for row in conn.execute(_select_mentions().where(
                t.event_mentions.c.event_id.in_(wanted[i:i + _CHUNK]))):
            members[int(row.event_id)].append(_stored(row))
    return members


def _filed_under(conn: sa.Connection, keys: set[str]) -> set[int]:
    ordered = sorted(keys)
    found: set[int] = set()
    for i in range(0, len(ordered), _CHUNK):
        found.update(int(e) for e in conn.execute(
            sa.select(t.event_keys.c.event_id).distinct().where(
                t.event_keys.c.key.in_(ordered[i:i + _CHUNK]))).scalars())
    return found


def _group(conn: sa.Connection, seeds: list[Stored], events: set[int], km: float
           ) -> tuple[dict[str, Stored], set[int]]:
    """Every mention connected to the seeds or held by these events, and the events they hold."""
    group = {s.id: s for s in seeds}
    touched: set[int] = set()
    frontier = list(seeds)
    pending = set(events)
    loaded: dict[int, list[Stored]] = {}
    while frontier or pending:
        if frontier:
            keys = set().union(*(fuse.probe_keys(s.mention) for s in frontier))
            candidates = _filed_under(conn, keys) - touched - pending if keys else set()
            loaded.update(_event_members(conn, candidates - loaded.keys()))
            pending |= {event_id for event_id in candidates if any(
                fuse.same_event(s.mention, n.mention, km)
                for s in frontier for n in loaded[event_id])}
        loaded.update(_event_members(conn, pending - loaded.keys()))
        frontier = [n for event_id in sorted(pending) for n in loaded[event_id]
                    if n.id not in group]
        group.update((n.id, n) for n in frontier)
        touched |= pending
        pending = set()
    return group, touched


def refuse(conn: sa.Connection, seeds: list[Stored], events: set[int], km: float,
           now: dt.datetime) -> dict[str, int]:
    """Re-fuse the group of the seed mentions and of these events' mentions (events that lost a
    mention: each is rewritten); the event of each mention of the group. Events left without a
    mention are deleted."""
    group, touched = _group(conn, seeds, events, km)
    clusters = fuse.cluster([(s.id, s.mention) for s in group.values()], km)
    held: dict[int, set[str]] = {}
    for s in group.values():
        if s.event_id is not None:
            held.setdefault(s.event_id, set()).add(s.id)
    assigned: dict[str, int] = {}
    free = set(touched)
    for c in clusters:
        # An event keeps its id when most of its mentions stay together: ids users have seen
        # stay valid across ingests.
        votes = Counter(group[i].event_id for i in c.members if group[i].event_id in free)
        event_id = min(votes, key=lambda e: (-votes[e], e)) if votes else None
        if event_id is not None:
            free.discard(event_id)
            if event_id not in events and held.get(event_id) == set(c.members):
                assigned.update((i, event_id) for i in c.members)
                continue
        event_id = _write_event(conn, event_id, [group[i] for i in c.members], c, now)
        assigned.update((i, event_id) for i in c.members)
    for event_id in sorted(free):
        conn.execute(sa.delete(t.event_keys).where(t.event_keys.c.event_id == event_id))
        conn.execute(sa.delete(t.events).where(t.events.c.id == event_id))
    return assigned


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


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def _write_event(conn: sa.Connection, event_id: int | None, members: list[Stored],
                 c: fuse.Cluster, now: dt.datetime) -> int:
    """Write one cluster as an event (a new row when event_id is None) and point its rows at it."""
    values = dict(
        mode=_first(s.mode for s in members),
        acled_event_type=_first(s.acled_event_type for s in members),
        acled_sub_event_type=_first(s.acled_sub_event_type for s in members),
        sources=len({s.article_id for s in members}), updated_at=now,
        **_representative(c.representative))
    if event_id is None:
        event_id = int(conn.execute(sa.insert(t.events).returning(t.events.c.id),
                                    dict(first_seen=now, **values)).scalar_one())
    else:
        conn.execute(sa.update(t.events).where(t.events.c.id == event_id).values(**values))
        conn.execute(sa.delete(t.event_keys).where(t.event_keys.c.event_id == event_id))
    ids = [s.id for s in members]
    for table, column in ((t.event_mentions, t.event_mentions.c.id),
                          (t.event_sources, t.event_sources.c.mention_id),
                          (t.count_history, t.count_history.c.mention_id)):
        for i in range(0, len(ids), _CHUNK):
            conn.execute(sa.update(table).where(column.in_(ids[i:i + _CHUNK]))
                         .values(event_id=event_id))
    keys = set().union(*(fuse.index_keys(s.mention) for s in members))
    if keys:
        conn.execute(sa.insert(t.event_keys),
                     [{"key": key, "event_id": event_id} for key in sorted(keys)])
    return event_id


def refresh_figures(conn: sa.Connection, event_ids: Iterable[int]) -> None:
    """Recompute the events' killed figures (latest and most conservative) from their history."""
    for event_id in sorted(set(event_ids)):
        rows = conn.execute(sa.select(t.count_history).where(
            t.count_history.c.event_id == event_id, t.count_history.c.kind == "killed")).all()
        summary = figures.latest_and_conservative(figures.source_figures(history_of(rows))
                                                  ).get("killed")
        latest, low = summary if summary else (None, None)
        conn.execute(sa.update(t.events).where(t.events.c.id == event_id).values(
            fatalities_latest=latest, fatalities=low))


def history_order(row: Any) -> tuple[dt.date, str, int]:
    """Where a count_history row stands: by report date, then mention and value; never by
    arrival, so the latest of two figures reported the same day does not depend on ingest order."""
    return (row.reported_on or dt.date.min, row.mention_id, row.value)


def history_of(rows: Iterable[Any]) -> list[figures.Reported]:
    """count_history rows as figures, in `history_order`."""
    return [figures.Reported(r.mention_id, r.kind, r.value, r.reported_on, order)
            for order, r in enumerate(sorted(rows, key=history_order))]
