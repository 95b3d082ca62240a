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
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, NamedTuple

import sqlalchemy as sa

from sitrep import figures, fuse
from sitrep.model import Event, EventPlace
from sitrep.store import schema as t
from sitrep.store.batches import among, fetch, outside, pipelined
from sitrep.store.bulk import (
    delete_others,
    delete_rows,
    draw_ids,
    insert_rows,
    placeholders,
    update_rows,
)


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
    killed: tuple[Told, ...] = ()
    """Its killed counts as count_history holds them: its event's figures come from them."""


class Told(NamedTuple):
    """A count_history row as an event's figures need it."""

    mention_id: str
    kind: str
    value: int
    reported_on: dt.date | None


def _who(value: dict[str, Any] | None) -> fuse.Who | None:
    if not value:
        return None
    return fuse.Who(value["name"], value.get("country"), value.get("sector"))


def _place(value: dict[str, Any] | None) -> EventPlace | None:
    if not value:
        return None
    return EventPlace(value["name"], value.get("lat"), value.get("lon"), value.get("country"),
                      value.get("admin1"), int(value["precision"]), value.get("source"),
                      value.get("site"))


def _stored(rows: Iterable[Any]) -> list[Stored]:
    """Mentions from rows of `_select_mentions` (a row per killed count, or one without)."""
    found: dict[str, Stored] = {}
    for row in rows:
        held = found.get(row.id)
        if held is None:
            mention = fuse.mention_from(row.type, row.status, _who(row.actor1), _who(row.actor2),
                                        row.date, row.date_precision, _place(row.place),
                                        row.published)
            held = found[row.id] = Stored(row.id, row.article_id, row.event_id, mention, row.mode,
                                          row.acled_event_type, row.acled_sub_event_type)
        if row.killed is not None:
            found[row.id] = replace(held, killed=(*held.killed, Told(
                row.id, "killed", row.killed, row.reported_on)))
    return list(found.values())


def seed(mention_id: str, article_id: str, event: Event, published: dt.date | None,
         reported_on: dt.date) -> Stored:
    """A report's event about to be stored as a mention, as the store would read it back."""
    killed = tuple(Told(mention_id, c.kind, c.value, reported_on)
                   for c in event.counts if c.kind == "killed")
    return Stored(mention_id, article_id, None, fuse.mention_of(event, published), event.mode,
                  event.acled_event_type, event.acled_sub_event_type, killed)


@cache
def _select_mentions() -> sa.Select[Any]:
    """Mentions with their killed counts, one row per count (the figures need them).
    Built once: a statement is not changed by the `where` that makes another from it."""
    m, h = t.event_mentions.c, t.count_history.c
    return sa.select(m.id, m.article_id, m.event_id, m.type, m.status, m.actor1, m.actor2,
                     m.date, m.date_precision, m.place, m.mode, m.acled_event_type,
                     m.acled_sub_event_type, t.articles.c.published,
                     h.value.label("killed"), h.reported_on).join_from(
        t.event_mentions, t.articles).outerjoin(
        t.count_history, sa.and_(h.mention_id == m.id, h.kind == "killed"))


def _event_members(conn: sa.Connection, event_ids: Iterable[int]) -> dict[int, list[Stored]]:
    members: dict[int, list[Stored]] = {event_id: [] for event_id in sorted(set(event_ids))}
    for where in among(conn, t.event_mentions.c.event_id, members):
        for stored in _stored(conn.execute(_select_mentions().where(where))):
            assert stored.event_id is not None
            members[stored.event_id].append(stored)
    return members


def searches(conn: sa.Connection, seeds: Iterable[Stored], skip: Collection[int] = ()
             ) -> list[sa.Select[Any]]:
    """The statements of the candidate search for these mentions (one on PostgreSQL): the
    mentions of the events filed under any key they probe, but those of the `skip` events, one
    row per killed count (both lookups indexed). Read them with `candidates`."""
    keys = set().union(*(fuse.probe_keys(s.mention) for s in seeds))
    k, m = t.event_keys.c, t.event_mentions.c
    out = []
    for where in among(conn, k.key, keys):
        query = _select_mentions().where(m.event_id.in_(sa.select(k.event_id).where(where)))
        if skip:
            query = query.where(outside(conn, m.event_id, skip))
        out.append(query)
    return out


def candidates(found: Iterable[Iterable[Any]]) -> dict[int, list[Stored]]:
    """The rows of `searches` as the stored mentions they hold, by event."""
    by_event: dict[int, list[Stored]] = {}
    seen: set[str] = set()
    for rows in found:
        for stored in _stored(rows):
            # Chunks of keys (SQLite) may find an event twice.
            if stored.id not in seen and stored.event_id is not None:
                seen.add(stored.id)
                by_event.setdefault(stored.event_id, []).append(stored)
    return by_event


def _group(conn: sa.Connection, seeds: list[Stored], events: set[int], km: float,
           found: dict[int, list[Stored]] | None = None) -> tuple[dict[str, Stored], set[int]]:
    """Every mention connected to the seeds or held by these events, and the events they hold.
    `found`: the seeds' `candidates`, when the caller read them already."""
    group = {s.id: s for s in seeds}
    touched: set[int] = set()
    frontier = list(seeds)
    pending = set(events)
    loaded: dict[int, list[Stored]] = {}
    while frontier or pending:
        if frontier:
            if found is None:
                found = candidates(fetch(conn, searches(conn, frontier, touched | pending)))
            loaded.update(found)
            pending |= {event_id for event_id, members in found.items() if any(
                fuse.same_event(s.mention, n.mention, km) for s in frontier for n in members)}
            found = None
        loaded.update(_event_members(conn, pending - loaded.keys()))
        frontier = [n for event_id in sorted(pending) for n in loaded[event_id]
                    if n.id not in group]
        group.update((n.id, n) for n in frontier)
        touched |= pending
        pending = set()
    return group, touched


@dataclass(slots=True)
class _Write:
    """One cluster and the event it becomes (None: a new event, its id known once written)."""

    event_id: int | None
    members: list[Stored]
    cluster: fuse.Cluster
    changed: bool
    keys: frozenset[str] = frozenset()
    """The keys the event is to be filed under: the union of its members' `fuse.index_keys`
    (a changed write's)."""
    filed: frozenset[str] | None = None
    """The keys a kept event is filed under now, when its stored mentions are all in the group
    (the union of their `fuse.index_keys`); None: a new event, or one that lost mentions the
    group cannot see (an article taken out), whose keys are written anew."""


@dataclass(frozen=True, slots=True)
class Fused:
    """A group fused again, its writes still to make (`write`)."""

    writes: list[_Write]
    """The events whose mentions or values change, each with its id: the new ones first."""
    new: int
    """How many of the writes are new events."""
    inserted: bool
    """Whether the new events' rows are in already (SQLite inserts them to learn their ids)."""
    free: set[int]
    """Events left without a mention, to delete."""
    seeds: frozenset[str]
    """The mentions not stored yet: the caller inserts them, with their event, after `write`."""
    assigned: dict[str, int]
    """The event of each mention of the group (a new event's placeholder on PostgreSQL)."""


def refuse(conn: sa.Connection, seeds: list[Stored], events: set[int], km: float,
           now: dt.datetime) -> dict[str, int]:
    """Re-fuse the group of the seed mentions and of these events' mentions (events that lost a
    mention: each is rewritten); the event of each mention of the group. Events left without a
    mention are deleted."""
    fused = fuse_group(conn, seeds, events, km, now)
    with pipelined(conn):
        write(conn, fused, now)
    return fused.assigned


def fuse_group(conn: sa.Connection, seeds: list[Stored], events: set[int], km: float,
               now: dt.datetime, found: dict[int, list[Stored]] | None = None) -> Fused:
    """The reads of `refuse` and the events its group makes, every one with its id (SQLite
    inserts the new events here; on PostgreSQL a new event has a placeholder, `bulk.placeholders`,
    until `write` draws its id); the rest is `write`'s.
    `found`: the seeds' `candidates`, when the caller read them already."""
    group, touched = _group(conn, seeds, events, km, found)
    clusters = fuse.cluster([(s.id, s.mention) for s in group.values()], km)
    held: dict[int, set[str]] = {}
    for s in group.values():
        if s.event_id is not None:
            held.setdefault(s.event_id, set()).add(s.id)
    writes: list[_Write] = []
    free = set(touched)

    @cache
    def keys_of(mention_id: str) -> frozenset[str]:
        return frozenset(fuse.index_keys(group[mention_id].mention))

    def filed(ids: Iterable[str]) -> frozenset[str]:
        # Every write keeps an event's keys the union of its mentions' keys.
        return frozenset().union(*(keys_of(i) for i in ids))

    for c in clusters:
        # An event keeps its id when most of its mentions stay together: ids users have seen
        # stay valid across ingests.
        votes = Counter(group[i].event_id for i in c.members if group[i].event_id in free)
        event_id = min(votes, key=lambda e: (-votes[e], e)) if votes else None
        if event_id is not None:
            free.discard(event_id)
            if event_id not in events and held.get(event_id) == set(c.members):
                writes.append(_Write(event_id, [group[i] for i in c.members], c, changed=False))
                continue
        # A kept event's keys now are known unless it lost mentions the group cannot see (the
        # `events`): every mention of a touched event is in the group.
        writes.append(_Write(event_id, [group[i] for i in c.members], c, changed=True,
                             keys=filed(c.members),
                             filed=None if event_id is None or event_id in events
                             else filed(held[event_id])))
    fresh = [w for w in writes if w.event_id is None]
    changed = fresh + [w for w in writes if w.event_id is not None and w.changed]
    inserted = _new_events(conn, fresh, now)
    assigned: dict[str, int] = {}
    for w in writes:
        assert w.event_id is not None
        assigned.update((s.id, w.event_id) for s in w.members)
    return Fused(changed, len(fresh), inserted, free, frozenset(s.id for s in seeds), assigned)


def _new_events(conn: sa.Connection, fresh: list[_Write], now: dt.datetime) -> bool:
    """Give the new events their ids (placeholders on PostgreSQL); whether their rows went in
    with them (SQLite)."""
    if not fresh:
        return True
    if conn.dialect.name == "postgresql":
        # Placeholders: the server draws the ids in the writes' pipeline (`write`), so the
        # new events cost no round trip of their own.
        ids = placeholders(len(fresh))
        inserted = False
    else:
        # One multi-row INSERT ... RETURNING; the ids come back in the order of the rows.
        ids = [int(i) for i in conn.execute(
            sa.insert(t.events).returning(t.events.c.id, sort_by_parameter_order=True),
            [dict(first_seen=now, **_event_values(w, now)) for w in fresh]).scalars()]
        inserted = True
    for w, event_id in zip(fresh, ids, strict=True):
        w.event_id = event_id
    return inserted


def _representative(m: fuse.Mention) -> dict[str, Any]:
    def who(actor: fuse.Who | None, prefix: str) -> dict[str, Any]:
        return {prefix: actor.name if actor else None,
                f"{prefix}_country": actor.country if actor else None,
                f"{prefix}_sector": actor.sector if actor else None}

    return {
        "type": m.type, "status": m.status, **who(m.actor1, "actor1"), **who(m.actor2, "actor2"),
        "date_start": m.start, "date_end": m.end, "date_precision": m.date_precision,
        "place": m.place, "lat": m.lat, "lon": m.lon, "country": m.country, "admin1": m.admin1,
        "geo_precision": m.geo_precision, "place_site": m.site, "place_source": m.place_source,
    }


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def _figures(members: Iterable[Stored]) -> dict[str, int | None]:
    """An event's killed figures (latest and most conservative) from its mentions' counts."""
    summary = figures.latest_and_conservative(figures.source_figures(history_of(
        [told for s in members for told in s.killed]))).get("killed")
    latest, low = summary if summary else (None, None)
    return {"fatalities_latest": latest, "fatalities": low}


def _event_values(w: _Write, now: dt.datetime) -> dict[str, Any]:
    members = w.members
    return dict(
        **_figures(members),
        mode=_first(s.mode for s in members),
        acled_event_type=_first(s.acled_event_type for s in members),
        acled_sub_event_type=_first(s.acled_sub_event_type for s in members),
        sources=len({s.article_id for s in members}), updated_at=now,
        **_representative(w.cluster.representative))


_MEMBER_COLUMNS = ((t.event_mentions, t.event_mentions.c.id),
                   (t.event_sources, t.event_sources.c.mention_id),
                   (t.count_history, t.count_history.c.mention_id))


def write(conn: sa.Connection, fused: Fused, now: dt.datetime) -> None:
    """Write the group's events and point their stored rows at them: statements without
    results, a few for the whole group (each with many rows; on PostgreSQL a statement not in
    a pipeline is a round trip). Events left free are deleted last, once nothing points at
    them."""
    writes = fused.writes
    new, kept = writes[:fused.new], writes[fused.new:]
    if not fused.inserted:
        draw_ids(conn, t.events, len(new))
        insert_rows(conn, t.events, [dict(id=w.event_id, first_seen=now, **_event_values(w, now))
                                     for w in new])
    update_rows(conn, t.events, "id", [dict(id=w.event_id, **_event_values(w, now))
                                       for w in kept])
    # Only the stored rows whose event changes are written (a stored mention's sources and
    # history rows always name the event its mention names).
    moved = [(s.id, w.event_id) for w in writes for s in w.members
             if s.event_id != w.event_id and s.id not in fused.seeds]
    for table, column in _MEMBER_COLUMNS:
        update_rows(conn, table, column.name, [{column.name: mention_id, "event_id": event_id}
                                              for mention_id, event_id in moved])
    _write_keys(conn, new, kept)
    for where in among(conn, t.event_keys.c.event_id, fused.free):
        conn.execute(sa.delete(t.event_keys).where(where))
    for where in among(conn, t.events.c.id, fused.free):
        conn.execute(sa.delete(t.events).where(where))


def _write_keys(conn: sa.Connection, new: list[_Write], kept: list[_Write]) -> None:
    """File each written event under its mentions' keys.

    A kept event whose keys are known (`_Write.filed`) gains and loses only the difference:
    before, a mention joining an event of a year's dates re-sent its 100-odd keys, each a
    conflict check for a row already there. A new event's keys are inserted; an event
    rewritten loses the keys it no longer has and gains the others (kept ones are not
    rewritten: on PostgreSQL a rewritten row is a dead row until a vacuum).
    """
    fresh = [row for w in new for row in _key_rows(w.event_id, w.keys)]
    gained: list[dict[str, Any]] = []
    lost: list[dict[str, Any]] = []
    rewritten: list[dict[str, Any]] = []
    for w in kept:
        if w.filed is not None:
            gained += _key_rows(w.event_id, w.keys - w.filed)
            lost += _key_rows(w.event_id, w.filed - w.keys)
        else:
            rewritten += _key_rows(w.event_id, w.keys)
    delete_rows(conn, t.event_keys, "event_id", lost)
    delete_others(conn, t.event_keys, "event_id",
                  {w.event_id for w in kept if w.filed is None}, rewritten)
    # Only a kept event's keys may be there already (ON CONFLICT costs every row a check).
    insert_rows(conn, t.event_keys, fresh)
    insert_rows(conn, t.event_keys, gained + rewritten, held=True)


def _key_rows(event_id: int | None, keys: Collection[str]) -> list[dict[str, Any]]:
    return [{"key": key, "event_id": event_id} for key in sorted(keys)]


def history_order(row: Any) -> tuple[dt.date, str, int]:
    """Where a count_history row stands: by report date, then mention and value; never by
    arrival, so the latest of two figures reported the same day does not depend on ingest order."""
    return (row.reported_on or dt.date.min, row.mention_id, row.value)


def history_of(rows: Iterable[Any]) -> list[figures.Reported]:
    """count_history rows as figures, in `history_order`."""
    return [figures.Reported(r.mention_id, r.kind, r.value, r.reported_on, order)
            for order, r in enumerate(sorted(rows, key=history_order))]
