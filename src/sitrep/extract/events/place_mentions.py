"""The place mentions of one article as the event context reads them: each with its tokens in the
parse, its level (town, region, country, continent) and the direction naming a part of a
country ("eastern Ukraine"), indexed by offset."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from spacy.tokens import Doc

from sitrep.extract.parse import tokens_at
from sitrep.model import ContextSource, Place

_CONTINENT_LEVEL = 5
"""A continent ranks below a country: "in Europe" is almost never where an event is coded."""


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """One mention of a resolved place, with its tokens in the parse."""

    start: int
    end: int
    place: Place
    root: int | None
    """The index of the mention's head token; None when the offsets fall between tokens."""
    tokens: frozenset[int]
    direction: str | None = None
    """The adjective naming a part of a country ("eastern" in "eastern Ukraine"), if any."""

    @property
    def continent(self) -> bool:
        """A whole continent ("in Europe"); a part of one ("eastern Europe") is a region."""
        return self.place.country is None and self.place.precision >= 4 and not self.direction

    @property
    def level(self) -> int:
        """1 town, 2 near a town, 3 region (or a part of a country), 4 country, 5 continent."""
        if self.continent:
            return _CONTINENT_LEVEL
        return 3 if self.direction else self.place.precision

    def fits(self, level: int) -> bool:
        """Whether this is a place of the level an anaphor asks for (0: any but a country)."""
        if self.continent:
            return False
        if level == 0:
            return self.level <= 3
        if level == 1:
            return self.level <= 2
        return self.level == level


@dataclass(frozen=True, slots=True)
class Choice:
    """A place mention chosen for an event, and how."""

    mention: PlaceMention
    source: ContextSource


Continues = Callable[[int], bool]
"""Whether the event's sentence goes on telling an event of the text from this offset on."""


class Mentions:
    """Every place mention of an article, in text order."""

    def __init__(
        self, doc: Doc, places: tuple[Place, ...], directions: Mapping[str, tuple[int, int]]
    ) -> None:
        self.doc = doc
        self.directions = directions
        self.all = sorted(
            (self._read(p, s, e) for p in places for s, e in p.mentions), key=lambda m: m.start
        )
        self._starts = [m.start for m in self.all]

    def between(self, lo: int, hi: int) -> list[PlaceMention]:
        """The mentions lying wholly in [lo, hi), in text order."""
        first = bisect.bisect_left(self._starts, lo)
        out = []
        for m in self.all[first:]:
            if m.start >= hi:
                break
            if m.end <= hi:
                out.append(m)
        return out

    def _read(self, place: Place, start: int, end: int) -> PlaceMention:
        span = tokens_at(self.doc, start, end)
        if span is None or len(span) == 0:
            return PlaceMention(start, end, place, None, frozenset())
        root = span.root
        direction = None
        if place.precision >= 4:
            before = self.doc[span.start - 1] if span.start > 0 else None
            near = [c for c in root.children if c.dep_ == "amod"]
            if before is not None:
                near.append(before)
            direction = next((t.lower_ for t in near if t.lower_ in self.directions), None)
        return PlaceMention(
            start, end, place, root.i, frozenset(range(span.start, span.end)), direction
        )


def paragraph_starts(text: str) -> list[int]:
    """The offsets where the text's paragraphs start (a blank line separates them)."""
    starts = [0]
    at = text.find("\n\n")
    while at >= 0:
        starts.append(at + 2)
        at = text.find("\n\n", at + 2)
    return starts
