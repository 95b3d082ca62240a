"""Events: PLOVER and ACLED coding, roles, place, date, counts and status of each predicate."""

from sitrep.extract.events.extractor import EventExtractor

VERSION = "sitrep.events.v7"
"""Bumped whenever this stage's code or data changes what it finds."""

__all__ = ["VERSION", "EventExtractor"]
