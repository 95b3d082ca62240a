"""sitrep: news on wars and diplomacy -> a structured, sourced, geolocated event database."""

from __future__ import annotations

import logging

from sitrep.model import (
    Actor,
    Article,
    Count,
    Event,
    Failure,
    Place,
    Quote,
    RawDocument,
    Report,
    TimeMention,
)
from sitrep.settings import Settings

__all__ = [
    "Actor",
    "Article",
    "Count",
    "Event",
    "Failure",
    "Place",
    "Quote",
    "RawDocument",
    "Report",
    "Settings",
    "TimeMention",
    "__version__",
]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
