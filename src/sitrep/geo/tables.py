"""Readers for sitrep's own place data files (renamings, region abbreviations, demonyms)."""

from __future__ import annotations

from sitrep import data
from sitrep.geo.countries import countries


def variants() -> list[tuple[str, str, str]]:
    """(variant, GeoNames city name, country) for renamed and transliterated towns."""
    return [(row[0], row[1], row[2]) for row in data.read_rows("places/variants.tsv")]


def region_aliases() -> list[tuple[str, str]]:
    """(abbreviation, admin1 code) of first-level regions ("Calif.", "US.CA")."""
    return [(row[0], row[1]) for row in data.read_rows("places/region_aliases.tsv")]


def demonyms() -> frozenset[str]:
    """Lower-cased words for peoples and languages: never places."""
    table = countries()
    # "U.S." and "Vatican" name a people and a place: as a country's name they stay places.
    names = {n.lower() for c in table for n in (*c.names, *c.official)}
    states = {d.lower() for c in table for d in c.demonyms} - names
    return frozenset(states | {word.lower() for word in data.read_lines("places/demonyms.txt")})


def words(name: str) -> frozenset[str]:
    """A one-word-a-line data file (``stage/name``) as a set of lower-cased words."""
    return frozenset(word.lower() for word in data.read_lines(name))


def region_points() -> dict[str, tuple[float, float]]:
    """admin1 code -> (lat, lon) near the middle of the region's land (data/geo/regions.tsv)."""
    return {row[0]: (float(row[2]), float(row[3])) for row in data.read_rows("geo/regions.tsv")}
