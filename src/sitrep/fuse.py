"""Cross-article event fusion: the same real event reported by many sources becomes one event.

A mention joins an event when the type and status agree, the actors are compatible, the dates
overlap at their precision and the places are within a radius (or share an admin1 when one of
them is only known to the region). Candidates are found through keys (type, status group, place
cell, week) so that each mention looks at a handful of events, never at all of them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from sitrep.extract.times.calendar import date_range, shift_days
from sitrep.geo.distance import distance_km
from sitrep.model import Event, EventActor, EventPlace

Level = Literal["point", "region", "country", "name", "none"]

DATE_SLACK = dt.timedelta(days=1)
"""Night strikes straddle midnight and outlets date them either side: one day of slack."""
CELL_LAT = 0.5
CELL_LON = 1.0
"""Grid cells (degrees). A cell is wider than the largest radius used (50 km) up to about 60°
of latitude, so a 3x3 neighbourhood holds every point within the radius."""
STATE_SECTORS = frozenset({"GOV", "MIL", "COP"})
"""A state's government, army and police are one actor for fusion ("Russia" / "Russian forces")."""
NEVER_FUSED = frozenset({"negated", "hypothetical"})
"""Things that did not happen are not evidence of one real event."""
_STATUS_GROUP = {"reported": "r", "background": "r", "planned": "p", "threatened": "t"}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True, slots=True)
class Who:
    """An actor as fusion compares it."""

    name: str
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class Mention:
    """What fusion needs of one event mention (or of a fused event's representative)."""

    type: str
    status: str
    actor1: Who | None
    actor2: Who | None
    start: dt.date | None
    end: dt.date | None
    date_precision: str | None
    place: str | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    geo_precision: int | None
    """None when the mention has no place at all."""
    site: str | None = None
    """The facility, street or quarter the place's report names (it goes with the place)."""
    place_source: str | None = None
    """How the place was chosen (the report's place.source)."""


def mention_of(event: Event, published: dt.date | None) -> Mention:
    """The fusion view of a report's event; an undated one is dated by its article, to the week."""
    return mention_from(event.type, event.status, _who(event.actor1), _who(event.actor2),
                        event.date, event.date_precision, event.place, published)


def mention_from(type_: str, status: str, actor1: Who | None, actor2: Who | None,
                 date: str | None, precision: str | None, place: EventPlace | None,
                 published: dt.date | None) -> Mention:
    """The fusion view of an event mention's fields (as a report or the store holds them)."""
    span = date_range(date, precision)
    if span is None and published is not None:
        span = (shift_days(published, -6), published)
        precision = "week"
    return Mention(
        type=type_, status=status, actor1=actor1, actor2=actor2,
        start=span[0] if span else None, end=span[1] if span else None,
        date_precision=precision if span else None,
        place=place.name if place else None,
        lat=place.lat if place else None, lon=place.lon if place else None,
        country=place.country if place else None, admin1=place.admin1 if place else None,
        geo_precision=place.precision if place else None,
        site=place.site if place else None, place_source=place.source if place else None,
    )


def _who(actor: EventActor | None) -> Who | None:
    if actor is None:
        return None
    return Who(actor.name, actor.country, actor.sector)


def level(m: Mention) -> Level:
    """How precisely the mention is placed, as fusion uses it."""
    if m.geo_precision is None:
        return "none"
    if m.geo_precision <= 2 and m.lat is not None and m.lon is not None:
        return "point"
    if m.admin1 and m.country and m.geo_precision <= 3:
        return "region"
    if m.country:
        return "country"
    return "name"


def same_event(a: Mention, b: Mention, km: float) -> bool:
    """Whether two mentions describe one real event."""
    if a.type != b.type or a.status in NEVER_FUSED or b.status in NEVER_FUSED:
        return False
    if _STATUS_GROUP.get(a.status) != _STATUS_GROUP.get(b.status):
        return False
    if not (_same_actor(a.actor1, b.actor1) and _same_actor(a.actor2, b.actor2)):
        return False
    return _same_time(a, b) and _same_place(a, b, km)


def _same_actor(a: Who | None, b: Who | None) -> bool:
    if a is None or b is None:
        return True
    if a.name.casefold() == b.name.casefold():
        return True
    if a.country is None or a.country != b.country:
        return False
    if a.sector is None or b.sector is None or a.sector == b.sector:
        return True
    return a.sector in STATE_SECTORS and b.sector in STATE_SECTORS


def _same_time(a: Mention, b: Mention) -> bool:
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return False
    slack = DATE_SLACK.days
    return a.start <= shift_days(b.end, slack) and b.start <= shift_days(a.end, slack)


def _same_place(a: Mention, b: Mention, km: float) -> bool:
    la, lb = level(a), level(b)
    if la == "point" and lb == "point":
        assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
        return distance_km(a.lat, a.lon, b.lat, b.lon) <= km
    if {la, lb} <= {"point", "region"}:
        return (a.country == b.country and a.admin1 is not None and b.admin1 is not None
                and a.admin1.casefold() == b.admin1.casefold())
    if la == lb == "country":
        return a.country == b.country
    if la == lb == "name":
        return (a.place or "").casefold() == (b.place or "").casefold()
    return la == lb == "none"


def _cell(m: Mention, dlat: int = 0, dlon: int = 0) -> str:
    assert m.lat is not None and m.lon is not None
    return f"g:{math.floor(m.lat / CELL_LAT) + dlat}:{math.floor(m.lon / CELL_LON) + dlon}"


def _region(m: Mention) -> str:
    return f"a:{m.country}:{(m.admin1 or '').casefold()}"


def _weeks(start: dt.date, end: dt.date) -> range:
    return range(start.toordinal() // 7, end.toordinal() // 7 + 1)


def _keys(m: Mention, cells: Iterable[str], start: dt.date, end: dt.date) -> set[str]:
    head = f"{m.type}|{_STATUS_GROUP[m.status]}"
    return {f"{head}|{cell}|{week}" for cell in cells for week in _weeks(start, end)}


def index_keys(m: Mention) -> set[str]:
    """Where an event is filed: its place cells and every week its dates (with slack) touch."""
    # The store writes a kept event's keys as the difference from these keys of its stored
    # mentions (store.fusion._write_keys), so a change of what they are is a migration that
    # files every stored event again: else an event keeps keys no search asks for.
    if not fusable(m):
        return set()
    assert m.start is not None and m.end is not None
    lv = level(m)
    cells = [_cell(m)] if lv == "point" else []
    if lv in ("point", "region") and m.admin1:
        cells.append(_region(m))
    cells.extend(_coarse_cells(m, lv))
    slack = DATE_SLACK.days
    return _keys(m, cells, shift_days(m.start, -slack), shift_days(m.end, slack))


def probe_keys(m: Mention) -> set[str]:
    """Where a mention looks for an event: neighbouring cells, its region, its weeks."""
    if not fusable(m):
        return set()
    assert m.start is not None and m.end is not None
    lv = level(m)
    cells: list[str] = []
    if lv == "point":
        cells = [_cell(m, i, j) for i in (-1, 0, 1) for j in (-1, 0, 1)]
    if lv in ("point", "region") and m.admin1:
        cells.append(_region(m))
    cells.extend(_coarse_cells(m, lv))
    return _keys(m, cells, m.start, m.end)


def _coarse_cells(m: Mention, lv: Level) -> list[str]:
    if lv == "country":
        return [f"c:{m.country}"]
    if lv == "name":
        return [f"n:{(m.place or '').casefold()}"]
    if lv == "none":
        return ["-"]
    return []


def fusable(m: Mention) -> bool:
    """Whether the mention can join or be joined at all (it has a date and a real status)."""
    return m.start is not None and m.end is not None and m.status in _STATUS_GROUP


def merge(event: Mention, new: Mention) -> Mention:
    """The event's representative after a mention joins: the finer date, the finer place."""
    merged = event
    if _PRECISION_RANK.get(new.date_precision or "", 9) < _PRECISION_RANK.get(
            event.date_precision or "", 9):
        merged = replace(merged, start=new.start, end=new.end, date_precision=new.date_precision)
    if (new.geo_precision or 9) < (event.geo_precision or 9):
        merged = replace(merged, place=new.place, lat=new.lat, lon=new.lon, country=new.country,
                         admin1=new.admin1, geo_precision=new.geo_precision, site=new.site,
                         place_source=new.place_source)
    # Told as background by one source and as news by another, it happened: reported.
    status = "reported" if new.status == "reported" else merged.status
    return replace(merged, actor1=merged.actor1 or new.actor1, actor2=merged.actor2 or new.actor2,
                   status=status)


def best(m: Mention, candidates: Iterable[tuple[int, Mention]], km: float) -> int | None:
    """The id of the candidate event the mention belongs to: the closest in time, then place."""
    chosen: tuple[float, float, int] | None = None
    for event_id, event in candidates:
        if not same_event(m, event, km):
            continue
        assert m.start is not None and event.start is not None
        days = abs((m.start - event.start).days)
        dist = 0.0
        if level(m) == level(event) == "point":
            assert m.lat is not None and m.lon is not None
            assert event.lat is not None and event.lon is not None
            dist = distance_km(m.lat, m.lon, event.lat, event.lon)
        rank = (float(days), dist, event_id)
        if chosen is None or rank < chosen:
            chosen = rank
    return None if chosen is None else chosen[2]


class MemoryFuser:
    """Fusion held in memory: the same rule and keys as the store, for benchmarks and batch runs."""

    def __init__(self, km: float = 25.0) -> None:
        self.km = km
        self.events: list[Mention] = []
        self.sources: list[int] = []
        self._keys: dict[str, set[int]] = {}
        self.compared = 0
        """Candidate events compared so far: stays proportional to mentions, not their square."""

    def add(self, m: Mention) -> int:
        """The id of the event the mention joined or founded."""
        seen: set[int] = set()
        candidates: list[tuple[int, Mention]] = []
        for key in probe_keys(m):
            for event_id in self._keys.get(key, ()):
                if event_id not in seen:
                    seen.add(event_id)
                    candidates.append((event_id, self.events[event_id]))
        self.compared += len(candidates)
        found = best(m, candidates, self.km)
        if found is None:
            found = len(self.events)
            self.events.append(m)
            self.sources.append(0)
        else:
            self.events[found] = merge(self.events[found], m)
        self.sources[found] += 1
        for key in index_keys(self.events[found]):
            self._keys.setdefault(key, set()).add(found)
        return found

    def __iter__(self) -> Iterator[tuple[Mention, int]]:
        return iter(zip(self.events, self.sources, strict=True))


def canonical_order(m: Mention, mention_id: str) -> tuple[int, int, dt.date, str]:
    """Where a mention stands when a group is fused: the most precise first (they found the
    events the vaguer ones then join), then by date, then by id, never by arrival."""
    return (_PRECISION_RANK.get(m.date_precision or "", 9), m.geo_precision or 9,
            m.start or dt.date.max, mention_id)


@dataclass(frozen=True, slots=True)
class Cluster:
    """One fused event of a group: its representative and its mentions, in canonical order."""

    representative: Mention
    members: tuple[str, ...]


def cluster(mentions: Sequence[tuple[str, Mention]], km: float) -> list[Cluster]:
    """The events a group of mentions makes, whatever order the mentions arrived in.

    The group is fused in canonical order (`canonical_order`), so any permutation of the same
    mentions gives the same events; the store fuses each connected group this way.
    """
    ordered = sorted(mentions, key=lambda item: canonical_order(item[1], item[0]))
    fuser = MemoryFuser(km)
    members: list[list[str]] = []
    for mention_id, m in ordered:
        found = fuser.add(m)
        if found == len(members):
            members.append([])
        members[found].append(mention_id)
    return [Cluster(rep, tuple(ids)) for (rep, _), ids in zip(fuser, members, strict=True)]
