"""Quotes: direct, partial and reported speech with resolved speakers."""

from sitrep.extract.quotes.extractor import QuoteExtractor

__all__ = ["QuoteExtractor"]
