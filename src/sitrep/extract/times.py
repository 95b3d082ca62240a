"""Times: temporal expressions resolved against the publication date."""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.model import Article, TimeMention


class TimeExtractor:
    version = "sitrep.times.v1"

    def __call__(self, doc: Doc, article: Article) -> tuple[TimeMention, ...]:
        return ()
