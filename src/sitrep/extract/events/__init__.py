"""Events: PLOVER and ACLED coding, roles, place, date, counts and status of each predicate."""

from sitrep.extract.events.extractor import EventExtractor

__all__ = ["EventExtractor"]
