"""Times: temporal expressions resolved against the publication date."""

from sitrep.extract.times.extractor import TimeExtractor, Timex

__all__ = ["TimeExtractor", "Timex"]
