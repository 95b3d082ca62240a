"""Seas, world regions, named areas and well-known sites: the places GeoNames' packaged cities
and subdivisions leave out (data/geo/features.tsv, a hand table: no PyPI package ships them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sitrep import data

FILE = "geo/features.tsv"

FeatureKind = Literal["water", "area", "site"]
_KINDS: dict[str, FeatureKind] = {"water": "water", "area": "area", "site": "site"}


@dataclass(frozen=True, slots=True)
class Feature:
    """One row of the table."""

    name: str
    aliases: tuple[str, ...]
    kind: FeatureKind
    lat: float
    lon: float
    country: str | None
    geonameid: int | None


def read_features() -> list[Feature]:
    """Every feature of the table, in its order."""
    features = []
    for row in data.read_rows(FILE):
        if len(row) != 7:
            raise ValueError(f"{FILE}: {row!r} has {len(row)} columns, not 7")
        name, aliases, kind, lat, lon, country, geonameid = (
            "" if cell == "-" else cell for cell in row)
        features.append(
            Feature(
                name=name,
                aliases=tuple(a for a in aliases.split(";") if a),
                kind=_KINDS[kind],
                lat=float(lat),
                lon=float(lon),
                country=country or None,
                geonameid=int(geonameid) if geonameid else None,
            )
        )
    return features
