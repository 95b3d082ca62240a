"""The words that tie an event to its own place and date (data/events/context.json)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from sitrep import data
from sitrep.extract.times.rules import Lexicon
from sitrep.geo.tables import words

FILE = "events/context.json"


@dataclass(frozen=True, slots=True)
class ContextWords:
    """What the event context reads: place anaphors, directions, asides and continuations."""

    lead_paragraphs: int
    meeting_types: frozenset[str]
    verbal_types: frozenset[str]
    home_types: frozenset[str]
    """Acts a state carries out at home: placed in its country when the text names no place."""
    field_sectors: frozenset[str]
    """Sectors whose such acts happen where they fight, not at home."""
    dominant_ratio: float
    place_anaphors: Mapping[str, int]
    """'city' -> 1: a definite place noun and the level of the place it stands for (0 any)."""
    anaphor_determiners: frozenset[str]
    there: frozenset[str]
    directions: Mapping[str, tuple[int, int]]
    """'eastern' -> (0, 1): the part of a country the adjective names, as (north, east)."""
    participant_prepositions: frozenset[str]
    locator_directions: frozenset[str]
    locator_units: frozenset[str]
    running_sentences: int
    span_starts: frozenset[str]
    note_cues: frozenset[str]
    continuers: frozenset[str]
    event_determiners: frozenset[str]
    where_nouns: frozenset[str]
    """Nouns a place name can modify and still say where (data/places/where_nouns.txt)."""
    times: Lexicon
    """The times lexicon, for weekday names and relative words."""


@cache
def load_context_words() -> ContextWords:
    """Read the context words shipped with sitrep (once: they are immutable)."""
    raw = data.read_json(FILE)
    return ContextWords(
        lead_paragraphs=int(raw["lead_paragraphs"]),
        meeting_types=frozenset(raw["meeting_types"]),
        verbal_types=frozenset(raw["verbal_types"]),
        home_types=frozenset(raw["home_types"]),
        field_sectors=frozenset(raw["field_sectors"]),
        dominant_ratio=float(raw["dominant_ratio"]),
        place_anaphors=MappingProxyType({k: int(v) for k, v in raw["place_anaphors"].items()}),
        anaphor_determiners=frozenset(raw["place_anaphor_determiners"]),
        there=frozenset(raw["there"]),
        directions=MappingProxyType(
            {k: (int(v[0]), int(v[1])) for k, v in raw["directions"].items()}
        ),
        participant_prepositions=frozenset(raw["participant_prepositions"]),
        locator_directions=frozenset(raw["locator_directions"]),
        locator_units=frozenset(raw["locator_units"]),
        running_sentences=int(raw["running_sentences"]),
        span_starts=frozenset(raw["span_starts"]),
        note_cues=frozenset(raw["note_cues"]),
        continuers=frozenset(raw["continuers"]),
        event_determiners=frozenset(raw["event_determiners"]),
        where_nouns=words("places/where_nouns.txt"),
        times=Lexicon.load(),
    )
