"""Readers for sitrep's own place data files (renamings, country short forms, demonyms)."""

from __future__ import annotations

from collections import defaultdict

from sitrep import data


def variants() -> list[tuple[str, str, str]]:
    """(variant, GeoNames city name, country) for renamed and transliterated towns."""
    return [(row[0], row[1], row[2]) for row in data.read_rows("places/variants.tsv")]


def country_aliases() -> dict[str, list[str]]:
    """Common English names of countries, by ISO alpha-2 code."""
    aliases: dict[str, list[str]] = defaultdict(list)
    for name, code in data.read_rows("places/countries.tsv"):
        aliases[code].append(name)
    return dict(aliases)


def region_aliases() -> list[tuple[str, str]]:
    """(abbreviation, admin1 code) of first-level regions ("Calif.", "US.CA")."""
    return [(row[0], row[1]) for row in data.read_rows("places/region_aliases.tsv")]


def demonyms() -> frozenset[str]:
    """Lower-cased words for peoples and languages: never places."""
    return frozenset(word.lower() for word in data.read_lines("places/demonyms.txt"))


def words(name: str) -> frozenset[str]:
    """A one-word-a-line data file (``stage/name``) as a set of lower-cased words."""
    return frozenset(word.lower() for word in data.read_lines(name))
