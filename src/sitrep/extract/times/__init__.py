"""Times: temporal expressions resolved against the publication date."""

from sitrep.extract.times.extractor import TimeExtractor, Timex

VERSION = "sitrep.times.v4"
"""Bumped whenever this stage's code or data changes what it finds."""

__all__ = ["VERSION", "TimeExtractor", "Timex"]
