"""Events: PLOVER type and mode, ACLED type, actors, date, place, counts, status, evidence."""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.model import Actor, Article, Event, Place, Quote, TimeMention


class EventExtractor:
    version = "sitrep.events.v1"

    def __call__(
        self,
        doc: Doc,
        article: Article,
        actors: tuple[Actor, ...],
        places: tuple[Place, ...],
        times: tuple[TimeMention, ...],
        quotes: tuple[Quote, ...],
    ) -> tuple[Event, ...]:
        return ()
