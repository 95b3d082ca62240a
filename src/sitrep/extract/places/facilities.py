"""Facilities: streets, buildings and sites that no gazetteer holds, placed at their town.

A name the gazetteer does not know that the model tagged a facility, or that ends in a facility
noun ("Royal Street", "Colchester General Hospital"), is a place near a town (precision 2): the
town named right after it ("Kamenné Square in Bratislava", "Royal Street, New Orleans"). A
facility the text does not place so is left out: the nearest town named before it, or the town
the article names most, placed a third of them wrongly on GeoWebNews, and the town in its own
name ("Liverpool Academy" in Cairo) misled too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from sitrep.extract.mentions import overlaps
from sitrep.extract.places.resolve import Resolved, Toponym
from sitrep.geo.gazetteer import Entry
from sitrep.model import Place, Span

_TOWNS = ("city", "district")
_AFTER = re.compile(r"^(?:,|\s+in|\s+of)?\s*$")
_NEXT_WORD = re.compile(r"[ \t]+(\w+)")


def facility_pattern(nouns: frozenset[str]) -> re.Pattern[str]:
    """One to four capitalised words ending in a capitalised facility noun ("Desire Street")."""
    alternatives = "|".join(re.escape(n.title()) for n in sorted(nouns, key=len, reverse=True))
    return re.compile(rf"\b((?:[A-Z][\w'’.-]*\s+){{1,3}}(?:{alternatives}))\b")


def facility_phrases(
    text: str, pattern: re.Pattern[str], metonyms: frozenset[Span]
) -> Iterator[Toponym]:
    """Facility names the model did not tag, not part of a longer name ("Street Journal")."""
    for match in pattern.finditer(text):
        following = _NEXT_WORD.match(text, match.end())
        if following is not None and following.group(1)[0].isupper():
            continue
        span = (match.start(1), match.end(1))
        if not any(overlaps(span, m) for m in metonyms):
            yield Toponym(match.group(1), span, "plain", "context", "FAC")


def is_facility(toponym: Toponym, nouns: frozenset[str]) -> bool:
    """The model tagged it a facility, or its name ends in a facility noun."""
    words = toponym.text.split()
    last = words[-1]
    if len(words) < 2 or not last[0].isupper():
        return False  # "Grand and": a cut-off name
    return toponym.label == "FAC" or last.lower().rstrip(".") in nouns


def place_facilities(
    facilities: Sequence[Toponym], resolved: Sequence[Resolved], text: str
) -> tuple[Place, ...]:
    """Each facility at the town the text puts it in, grouped by name."""
    towns = sorted((r for r in resolved if r.entry.kind in _TOWNS), key=lambda r: r.toponym.span)
    placed: dict[str, Entry] = {}
    spans: dict[str, list[Span]] = {}
    for facility in sorted(facilities, key=lambda t: t.span):
        town = _town(facility, towns, text)
        if town is not None:
            placed.setdefault(facility.text, town)
        spans.setdefault(facility.text, []).append(facility.span)
    # Once the text puts a facility in a town, its other mentions are there too.
    return tuple(
        Place(name=name, geonameid=None, lat=entry.lat, lon=entry.lon, country=entry.country,
              admin1=entry.admin1, precision=2, mentions=tuple(spans[name]))
        for name, entry in placed.items()
    )  # fmt: skip


def _town(facility: Toponym, towns: Sequence[Resolved], text: str) -> Entry | None:
    """The town named right after the facility."""
    end = facility.span[1]
    for town in towns:
        if 0 <= town.toponym.span[0] - end <= 6 and _AFTER.match(text[end : town.toponym.span[0]]):
            return town.entry  # "Eva's Village in Paterson", "Royal Street, New Orleans"
    return None
