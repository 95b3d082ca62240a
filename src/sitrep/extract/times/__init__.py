"""Times: temporal expressions resolved against the publication date.

The extractor lives in `sitrep.extract.times.extractor`; this package does not import it, so
that the calendar arithmetic (`calendar`), which the store's fusion uses, comes without spaCy.
"""

VERSION = "sitrep.times.v5"
"""Bumped whenever this stage's code or data changes what it finds."""

__all__ = ["VERSION"]
