"""Places: toponyms resolved offline to GeoNames cities, regions and countries."""

from sitrep.extract.places.extractor import PlaceExtractor

VERSION = "sitrep.places.v7"
"""Bumped whenever this stage's code or data changes what it finds."""

__all__ = ["VERSION", "PlaceExtractor"]
