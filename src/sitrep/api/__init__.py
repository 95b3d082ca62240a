"""The REST API and the analyst's web page, served by one FastAPI app."""

from __future__ import annotations

from sitrep.api.config import ApiConfig

__all__ = ["ApiConfig"]
