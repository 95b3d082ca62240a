"""Quotes: direct, partial and reported speech with resolved speakers."""

from sitrep.extract.quotes.extractor import QuoteExtractor

VERSION = "sitrep.quotes.v4"
"""Bumped whenever this stage's code or data changes what it finds."""

__all__ = ["VERSION", "QuoteExtractor"]
