"""Counts: typed figures of killed, injured, missing, arrested and displaced people."""

from sitrep.extract.counts.extractor import CountMention, CountReader

__all__ = ["CountMention", "CountReader"]
