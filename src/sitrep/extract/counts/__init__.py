"""Counts: typed figures of killed, injured, missing, arrested and displaced people."""

from sitrep.extract.counts.extractor import CountReader
from sitrep.extract.counts.mention import CountMention

VERSION = "sitrep.counts.v4"
"""Bumped whenever this stage's code or data changes what it finds."""

__all__ = ["VERSION", "CountMention", "CountReader"]
