"""Places: toponyms resolved offline to GeoNames."""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.model import Article, Place, Span


class PlaceExtractor:
    version = "sitrep.places.v1"

    def __call__(self, doc: Doc, article: Article, metonyms: frozenset[Span]) -> tuple[Place, ...]:
        return ()
