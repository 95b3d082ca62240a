"""Quotes: direct, partial and indirect, with resolved speakers."""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.model import Actor, Article, Quote


class QuoteExtractor:
    version = "sitrep.quotes.v1"

    def __call__(self, doc: Doc, article: Article, actors: tuple[Actor, ...]) -> tuple[Quote, ...]:
        return ()
