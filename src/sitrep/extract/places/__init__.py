"""Places: toponyms resolved offline to GeoNames cities, regions and countries."""

from sitrep.extract.places.extractor import PlaceExtractor

__all__ = ["PlaceExtractor"]
