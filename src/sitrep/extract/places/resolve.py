"""Toponym resolution: pick one GeoNames entry for each name by the article's context, then size.

Scores are in orders of magnitude of population, so that the bonuses read as "worth a town ten
times bigger": context (the country or first-level region the article is about) outweighs size,
a place's own name outweighs an old or foreign alias, a capital outweighs a namesake.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from sitrep.extract.places.lists import listed_regions
from sitrep.extract.places.nested import nested
from sitrep.geo.districts import suffix as district_suffix
from sitrep.geo.gazetteer import FEATURE_KINDS, Entry, Gazetteer, Match, normalize
from sitrep.model import Span

Hint = Literal["plain", "near", "region"]
Support = Literal["ner", "context", "name"]
"""Why a name is a toponym: the model tagged it a place; the model tagged it otherwise but the
words around it say place ("in X"); or only that the gazetteer knows it well."""

_OWN_NAME = 1.0
_CAPITAL = 1.0
_COUNTRY = 1.0
_REGION_BARE = -0.5
_IN_COUNTRY = 2.0
_IN_REGION = 1.5
# A state the article names, or that holds a district of most of its district names, all but
# settles which state's district a county name is.
_SHARED_REGION = 3.0
# An alias of a hamlet with nothing in the article around it is more likely a misreading.
_MIN_ALIAS_POPULATION = 1000
# Short aliases are mostly codes and abbreviations ("Ko" for Kyiv, "Chen" for Chenzhou).
_MIN_ALIAS_LENGTH = 5
# Names the model tagged PERSON or ORG must be well known to count, better known without context.
_MIN_CONTEXT_POPULATION = 10_000
_MIN_NAME_POPULATION = 100_000
_MIN_LOC_POPULATION = 10_000


@dataclass(frozen=True, slots=True)
class Toponym:
    """A name in the text that may be a place, with what its surroundings say about it."""

    text: str
    span: Span
    hint: Hint = "plain"
    support: Support = "ner"
    label: str = "GPE"
    """The model's label; a LOC is a sea, a range or an area more often than a village."""


@dataclass(frozen=True, slots=True)
class Resolved:
    """A toponym and the entry chosen for it."""

    toponym: Toponym
    entry: Entry


@dataclass(frozen=True, slots=True)
class Context:
    """What the rest of the article says about where it is."""

    countries: frozenset[str] = frozenset()
    admin1: frozenset[str] = frozenset()
    shared: frozenset[str] = frozenset()
    """First-level regions that hold a district of most of the article's district names
    ("Daviess, McLean and Pike County" are all in Kentucky)."""


def resolve(
    toponyms: Sequence[Toponym],
    gazetteer: Gazetteer,
    dateline_country: str | None = None,
    text: str = "",
) -> list[Resolved]:
    """Resolve every toponym it can; two passes, so each name is read in the others' light,
    then "Town, Region" pairs of ``text`` settled by which region holds which town, and the
    names of lists of regions read as regions."""
    candidates = [_candidates(t, gazetteer) for t in toponyms]
    seed = frozenset({dateline_country}) if dateline_country else frozenset[str]()
    first = [_best(t, c, Context(seed)) for t, c in zip(toponyms, candidates, strict=True)]
    tallies = _Tallies(toponyms, first)
    shared = _shared_district_regions(toponyms, candidates)
    chosen: list[Entry | None] = []
    for toponym, found in zip(toponyms, candidates, strict=True):
        context = replace(tallies.context(toponym, seed), shared=shared)
        chosen.append(_best(toponym, found, context))
    if text:
        pairs = [(c, t.text, e) for t, c, e in zip(toponyms, candidates, chosen, strict=True)]
        spans = [t.span for t in toponyms]
        for index, entry in nested(pairs, gazetteer, text, spans).items():
            chosen[index] = entry
        names = [t.text for t in toponyms]
        for index, entry in listed_regions(names, chosen, spans, text, gazetteer).items():
            chosen[index] = entry
    return [Resolved(t, e) for t, e in zip(toponyms, chosen, strict=True) if e is not None]


def _candidates(toponym: Toponym, gazetteer: Gazetteer) -> list[Match]:
    features = [m for m in gazetteer.lookup(toponym.text) if m.entry.kind in FEATURE_KINDS]
    if features:
        return features  # "the Middle East" is the region, not Middle East, Pennsylvania
    if toponym.hint == "region" and district_suffix().search(normalize(toponym.text)):
        districts = gazetteer.lookup_district(toponym.text)
        if districts:
            return districts  # "Washington County" is no part of Washington state
    if toponym.hint == "region":
        regions = gazetteer.lookup_region(toponym.text)
        if regions:
            return regions
    found = gazetteer.lookup(toponym.text)
    if toponym.hint != "region":
        found = _prefer_city_over_its_region(found)
    if toponym.support == "context":
        found = [m for m in found if _well_known(m.entry, _MIN_CONTEXT_POPULATION)]
    elif toponym.support == "name":
        found = [m for m in found if m.main and _well_known(m.entry, _MIN_NAME_POPULATION)]
    return found


def _shared_district_regions(
    toponyms: Sequence[Toponym], candidates: Sequence[list[Match]]
) -> frozenset[str]:
    """The first-level regions holding a district of the most distinct district names, when
    that is two names or more."""
    names: dict[str, set[str]] = {}
    for toponym, found in zip(toponyms, candidates, strict=True):
        codes = {m.entry.admin1_code for m in found if m.entry.kind == "district"}
        names.setdefault(toponym.text.lower(), set()).update(c for c in codes if c)
    counts = Counter(code for codes in names.values() for code in codes)
    most = max(counts.values(), default=0)
    return frozenset(c for c, n in counts.items() if n == most) if most >= 2 else frozenset()


def _prefer_city_over_its_region(found: list[Match]) -> list[Match]:
    """A bare "Donetsk" or "York" is the city, not the region or district named after it."""
    city_regions = {m.entry.admin1_code for m in found if m.entry.kind == "city" and m.main}
    areas = ("region", "district")
    # "Luxembourg" is the country, not the Belgian province; "Kharkiv Oblast" not its raion.
    larger = any(m.main and m.entry.kind in ("country", "region") for m in found)
    return [
        m
        for m in found
        if not (m.entry.kind in areas and m.entry.admin1_code in city_regions)
        and not (m.entry.kind == "district" and larger)
    ]


def _well_known(entry: Entry, population: int) -> bool:
    return entry.kind != "city" or entry.population >= population


class _Tallies:
    """How often each country and region is the first-pass choice of the article's names, in
    all and per name, so that each name's context is one subtraction (linear in the article)."""

    def __init__(self, toponyms: Sequence[Toponym], first: Sequence[Entry | None]) -> None:
        self.countries: Counter[str] = Counter()
        self.admin1: Counter[str] = Counter()
        self.by_name: dict[str, tuple[Counter[str], Counter[str]]] = {}
        for toponym, entry in zip(toponyms, first, strict=True):
            if entry is None:
                continue
            own = self.by_name.setdefault(toponym.text.lower(), (Counter(), Counter()))
            if entry.country:
                self.countries[entry.country] += 1
                own[0][entry.country] += 1
            # A capital says which country, not which province ("Ottawa" is no Ontario story).
            local = entry.kind in ("city", "district", "region")
            if entry.admin1_code and local and not entry.capital:
                self.admin1[entry.admin1_code] += 1
                own[1][entry.admin1_code] += 1

    def context(self, toponym: Toponym, seed: frozenset[str]) -> Context:
        """Countries and regions of the other names' first-pass choices (not of this name
        itself, wherever else it occurs)."""
        own_countries, own_admin1 = self.by_name.get(toponym.text.lower(), (Counter(), Counter()))
        countries = {c for c, n in self.countries.items() if n > own_countries[c]}
        admin1 = {a for a, n in self.admin1.items() if n > own_admin1[a]}
        return Context(frozenset(countries | seed), frozenset(admin1))


def _best(toponym: Toponym, found: list[Match], context: Context) -> Entry | None:
    scored = [(_score(m, toponym, context), m) for m in found]
    scored = [(s, m) for s, m in scored if s is not None]
    if not scored:
        return None
    _, match = max(scored, key=lambda pair: (pair[0], pair[1].entry.population))
    return match.entry


def _score(match: Match, toponym: Toponym, context: Context) -> float | None:
    """How likely this entry is meant, in orders of magnitude; None when it is not a candidate."""
    entry = match.entry
    in_country = entry.country is not None and entry.country in context.countries
    in_region = entry.admin1_code is not None and entry.admin1_code in context.admin1
    shared = entry.kind == "district" and entry.admin1_code in context.shared
    in_region = in_region or shared
    small_town = entry.kind == "city" and entry.population < _MIN_LOC_POPULATION
    if (toponym.label == "LOC" or toponym.hint == "region") and small_town and not in_region:
        return None  # "the Atlantic" is not Atlantic, Iowa; "the Baltic region" not Baltic, CT
    if small_town and not in_country and not in_region:
        return None  # a small town only in a story about its country or naming its region
    if toponym.support == "name" and not in_country:
        return None  # a big city's name on a person is only a place in an article about its country
    if entry.kind == "district" and not (in_country or in_region or toponym.hint == "region"):
        return None  # "Orange County", "Suffolk": a district only where the article is
    odd_alias = entry.population < _MIN_ALIAS_POPULATION or len(toponym.text) < _MIN_ALIAS_LENGTH
    if not match.main and not in_country and odd_alias:
        return None  # "Chen" is no name of Chenzhou's that English copy would use
    score = math.log10(entry.population + 10)
    score += _OWN_NAME if match.main else 0.0
    score += _CAPITAL if entry.capital else 0.0
    score += _COUNTRY if entry.kind == "country" and match.main else 0.0
    bare_area = entry.kind in ("region", "district") and toponym.hint != "region"
    score += _REGION_BARE if bare_area else 0.0
    score += _IN_COUNTRY if in_country else 0.0
    score += _IN_REGION if in_region and entry.kind == "city" else 0.0
    score += _SHARED_REGION if entry.kind == "district" and in_region else 0.0
    return score
