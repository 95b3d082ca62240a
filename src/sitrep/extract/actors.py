"""Actors: people, organisations, states and groups, normalised; metonymic place names are actors."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc

from sitrep.model import Actor, ActorKind, Article, Span

_KINDS: dict[str, ActorKind] = {"PERSON": "person", "ORG": "organization", "NORP": "group"}


@dataclass(frozen=True, slots=True)
class ActorResult:
    actors: tuple[Actor, ...]
    metonyms: frozenset[Span]
    """Spans of place names that stand for an actor ("Kyiv rejected"): not places."""


class ActorExtractor:
    """sitrep.actors.v1"""

    version = "sitrep.actors.v1"

    def __call__(self, doc: Doc, article: Article) -> ActorResult:
        mentions: dict[tuple[str, ActorKind], list[Span]] = defaultdict(list)
        for ent in doc.ents:
            kind = _KINDS.get(ent.label_)
            if kind is not None:
                mentions[(ent.text, kind)].append((ent.start_char, ent.end_char))
        actors = tuple(
            Actor(name, kind, None, None, None, tuple(spans))
            for (name, kind), spans in mentions.items()
        )
        return ActorResult(actors, frozenset())
