"""Readers for sitrep's own place data files (renamings, country short forms, demonyms)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sitrep import data


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


def country_aliases() -> dict[str, list[str]]:
    """Common English names of countries, by ISO alpha-2 code."""
    aliases: dict[str, list[str]] = defaultdict(list)
    for name, code in _rows("places/countries.tsv"):
        aliases[code].append(name)
    return dict(aliases)


def region_aliases() -> list[tuple[str, str]]:
    """(abbreviation, admin1 code) of first-level regions ("Calif.", "US.CA")."""
    return [(row[0], row[1]) for row in _rows("places/region_aliases.tsv")]


def demonyms() -> frozenset[str]:
    """Lower-cased words for peoples and languages: never places."""
    return frozenset(row[0].lower() for row in _rows("places/demonyms.txt"))


def words(name: str) -> frozenset[str]:
    """A one-word-a-line data file (``stage/name``) as a set of lower-cased words."""
    return frozenset(row[0].lower() for row in _rows(name))
