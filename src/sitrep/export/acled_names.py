"""ACLED's names for what sitrep codes: regions, ISO numeric codes, state forces and civilians."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from sitrep import data
from sitrep.geo.countries import countries


@dataclass(frozen=True, slots=True)
class AcledNames:
    """data/export/acled.json, read once."""

    regions: dict[str, str]
    """ISO alpha-3 -> ACLED region."""
    actor_names: dict[str, str]
    """Sector -> name pattern with {country}."""
    periods: dict[str, tuple[tuple[dt.date, dt.date | None], ...]]
    civilian_targeting_types: frozenset[str]
    political_violence_types: frozenset[str]


@cache
def acled_names() -> AcledNames:
    """ACLED's naming data."""
    raw = data.read_json("export/acled.json")
    return AcledNames(
        regions={code: region for region, codes in raw["regions"].items() for code in codes},
        actor_names=dict(raw["actor_names"]),
        periods={code: tuple((dt.date.fromisoformat(start),
                              dt.date.fromisoformat(end) if end else None)
                             for start, end in spans)
                 for code, spans in raw["periods"].items()},
        civilian_targeting_types=frozenset(raw["civilian_targeting_types"]),
        political_violence_types=frozenset(raw["political_violence_types"]),
    )


def iso_numeric(alpha2: str | None) -> str:
    """ISO 3166 numeric code of a country, as ACLED's `iso` column holds it; "" if none."""
    if not alpha2:
        return ""
    import pycountry

    found = pycountry.countries.get(alpha_2=alpha2)
    return str(int(found.numeric)) if found is not None else ""


def region(alpha2: str | None) -> str:
    """ACLED's region of a country; "" if unknown."""
    alpha3 = countries().alpha3(alpha2) if alpha2 else None
    return acled_names().regions.get(alpha3 or "", "")


def actor_name(name: str | None, sector: str | None, country: str | None, event_type: str,
               day: dt.date | None) -> str:
    """The actor as ACLED names it: "Military Forces of Russia (2000-)", "Civilians (Ukraine)";
    any other actor keeps sitrep's name ("Rapid Support Forces")."""
    if not name:
        return ""
    names = acled_names()
    if sector == "GOV" and event_type in names.political_violence_types:
        sector = "MIL"  # a government fights through its forces
    pattern = names.actor_names.get(sector or "")
    if pattern is None or not country:
        return name
    named = pattern.format(country=countries().name_of(country))
    if sector in ("MIL", "GOV", "COP") and day is not None:
        for start, end in names.periods.get(country, ()):
            if start <= day and (end is None or day < end):
                return f"{named} ({start.year}-{end.year if end else ''})"
    return named
