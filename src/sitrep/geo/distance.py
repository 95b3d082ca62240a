"""Geometry for scoring places: great-circle distance and the country of a gold point."""

from __future__ import annotations

import math
from collections import defaultdict

from sitrep.geo.gazetteer import Entry, Gazetteer

_EARTH_KM = 6371.0088
# A gold point further than this from every known town gets no country rather than a guess.
_MAX_NEAREST_KM = 100.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


class GoldCountries:
    """The country of a gold toponym: by its GeoNames id when we know it, else the nearest town."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        rows, _ = gazetteer.tables()
        self._by_id: dict[int, str] = {}
        self._cells: dict[tuple[int, int], list[Entry]] = defaultdict(list)
        self._areas: set[int] = set()
        for row in rows:
            entry = Entry(*row)
            if entry.country is None:
                self._areas.add(entry.geonameid)  # continents belong to no country
                continue
            self._by_id.setdefault(entry.geonameid, entry.country)
            if entry.kind == "city":
                self._cells[_cell(entry.lat, entry.lon)].append(entry)

    def of(self, geonameid: int | None, lat: float, lon: float) -> str | None:
        """ISO alpha-2 of the gold place, or None when it cannot be told."""
        if geonameid in self._areas:
            return None
        if geonameid is not None and geonameid in self._by_id:
            return self._by_id[geonameid]
        row, col = _cell(lat, lon)
        near = [
            e for dr in (-1, 0, 1) for dc in (-1, 0, 1) for e in self._cells[(row + dr, col + dc)]
        ]
        if not near:
            return None
        best = min(near, key=lambda e: distance_km(lat, lon, e.lat, e.lon))
        if distance_km(lat, lon, best.lat, best.lon) > _MAX_NEAREST_KM:
            return None
        return best.country


def _cell(lat: float, lon: float) -> tuple[int, int]:
    """One-degree grid cell."""
    return math.floor(lat), math.floor(lon)
