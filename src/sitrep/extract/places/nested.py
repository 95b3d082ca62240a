"""A town and the region or country written after it ("Tacoma, Washington", "Suffolk, England").

"A, B" where some reading of A lies inside some reading of B settles both: B is that region or
country, A that town in it. A list of towns ("Bakhmut, Donetsk and Avdiivka") is not read so:
B must not go on into a list, unless what follows is another such pair ("Tacoma, Washington, and
Portland, Oregon").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitrep.geo.gazetteer import Entry, Gazetteer, Match

_COMMA = re.compile(r"^\s*,\s*$")
LIST_JOIN = re.compile(r"^\s*(?:,\s*(?:(?:and|or|&)\s+)?|(?:and|or|&)\s+)$")
"""The gap between two names of a list: ", ", " and ", ", and ", " or ", " & "."""
_TOWNS = ("city", "district")
_AREAS = ("region", "country")


def nested(
    pairs: Sequence[tuple[Sequence[Match], str, Entry | None]],
    gazetteer: Gazetteer,
    text: str,
    spans: Sequence[tuple[int, int]],
) -> dict[int, Entry]:
    """Entries that a following "…, Region" settles, by toponym index.

    ``pairs`` holds, for each toponym in text order, its candidates, its name and its entry
    chosen so far; ``spans`` their character spans in ``text``.
    """
    chosen: dict[int, Entry] = {}
    for i in range(len(pairs) - 1):
        settled = _pair(pairs, gazetteer, text, spans, i)
        if settled is None:
            continue
        # "Bakhmut, Donetsk and Avdiivka" is a list of towns; "Tacoma, Washington, and
        # Portland, Oregon" a list of towns with their states.
        after = i + 2
        if _joined(text, spans, after - 1) and _pair(pairs, gazetteer, text, spans, after) is None:
            continue
        chosen[i], chosen[i + 1] = settled
    return chosen


def _pair(
    pairs: Sequence[tuple[Sequence[Match], str, Entry | None]],
    gazetteer: Gazetteer,
    text: str,
    spans: Sequence[tuple[int, int]],
    i: int,
) -> tuple[Entry, Entry] | None:
    """The town and its area when toponyms ``i`` and ``i + 1`` are written "Town, Area"."""
    if i + 1 >= len(pairs) or not _COMMA.match(text[spans[i][1] : spans[i + 1][0]]):
        return None
    (found, _, current), (_, name, _) = pairs[i], pairs[i + 1]
    if current is not None and current.kind in _AREAS:
        return None  # "California, United States": a region already, not a town
    areas = [m.entry for m in gazetteer.lookup(name) if m.entry.kind in _AREAS]
    towns = [m for m in found if m.entry.kind in _TOWNS]
    return _inside(towns, areas, current)


def _joined(text: str, spans: Sequence[tuple[int, int]], i: int) -> bool:
    """Whether toponym ``i`` goes on into a list with the toponym after it ("Donetsk and
    Avdiivka", "Washington, and Portland")."""
    return i + 1 < len(spans) and bool(LIST_JOIN.match(text[spans[i][1] : spans[i + 1][0]]))


def _inside(
    towns: Sequence[Match], areas: Sequence[Entry], current: Entry | None
) -> tuple[Entry, Entry] | None:
    """The town and the area holding it: a region before a country, the reading already chosen
    before another, a town's own name before an alias, then the bigger town."""
    best: tuple[tuple[bool, bool, bool, int], Entry, Entry] | None = None
    for area in areas:
        for town in towns:
            if not _holds(area, town.entry):
                continue
            is_current = current is not None and town.entry.geonameid == current.geonameid
            rank = (area.kind == "region", is_current, town.main, town.entry.population)
            if best is None or rank > best[0]:
                best = (rank, town.entry, area)
    return None if best is None else (best[1], best[2])


def _holds(area: Entry, town: Entry) -> bool:
    if area.kind == "region":
        return area.admin1_code is not None and town.admin1_code == area.admin1_code
    return area.country is not None and town.country == area.country
