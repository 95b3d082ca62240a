"""--near: a place name or "lat,lon" to a point, offline through the places gazetteer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.errors import InputError

if TYPE_CHECKING:
    from sitrep.geo.gazetteer import Gazetteer

_COORDS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True, slots=True)
class Point:
    """A resolved --near argument."""

    label: str
    lat: float
    lon: float


def resolve_point(text: str, cache_dir: Path | None = None) -> Point:
    """The point for "lat,lon" or a town name (the most populous match), else InputError.

    ``cache_dir`` is the gazetteer cache folder (the ``cache_dir`` setting).
    """
    found = _COORDS.match(text)
    if found:
        lat, lon = float(found.group(1)), float(found.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(text, "coordinates out of range (lat -90..90, lon -180..180)")
        return Point(text.strip(), lat, lon)
    name = text.strip()
    if not name:
        raise InputError("--near", "empty place name")
    # The same gazetteer as the place extractor, so that "Kharkov" or "Artemivsk" resolve here
    # as they do in articles; a town is preferred to a region of the same name, then the largest.
    matches = _gazetteer(cache_dir).lookup(name)
    if not matches:
        raise InputError(name, "no such place in the gazetteer; give coordinates as LAT,LON")
    best = min(matches, key=lambda m: (not m.main, m.entry.kind != "city", -m.entry.population))
    return Point(best.entry.name, best.entry.lat, best.entry.lon)


@cache
def _gazetteer(cache_dir: Path | None) -> Gazetteer:
    """The gazetteer, loaded once per process: each load reads its cache file (about a second)."""
    from sitrep.geo.gazetteer import Gazetteer

    return Gazetteer.load(cache_dir)
