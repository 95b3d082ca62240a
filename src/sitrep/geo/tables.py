"""Readers for sitrep's own place data files (renamings, region abbreviations, demonyms)."""

from __future__ import annotations

from collections.abc import Iterator

from sitrep import data
from sitrep.geo.countries import countries


def _rows(name: str) -> Iterator[list[str]]:
    """Tab-separated rows of a data file, without comments and blank lines."""
    with data.path(name).open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                yield line.split("\t")


def variants() -> list[tuple[str, str, str]]:
    """(variant, GeoNames city name, country) for renamed and transliterated towns."""
    return [(row[0], row[1], row[2]) for row in _rows("places/variants.tsv")]


def region_aliases() -> list[tuple[str, str]]:
    """(abbreviation, admin1 code) of first-level regions ("Calif.", "US.CA")."""
    return [(row[0], row[1]) for row in _rows("places/region_aliases.tsv")]


def demonyms() -> frozenset[str]:
    """Lower-cased words for peoples and languages: never places."""
    table = countries()
    # "U.S." and "Vatican" name a people and a place: as a country's name they stay places.
    names = {n.lower() for c in table for n in (*c.names, *c.official)}
    states = {d.lower() for c in table for d in c.demonyms} - names
    return frozenset(states | {row[0].lower() for row in _rows("places/demonyms.txt")})


def words(name: str) -> frozenset[str]:
    """A one-word-a-line data file (``stage/name``) as a set of lower-cased words."""
    return frozenset(row[0].lower() for row in _rows(name))
