"""What `sitrep serve` is told: database, ingest token, URL policy, map tiles."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ApiConfig:
    """The server's own settings; None or False means the feature is off."""

    db_url: str | None = None
    """Database URL; None means the sitrep settings' db_url."""
    ingest_token: str | None = None
    """Bearer token that enables POST /api/ingest; without one the API is read-only."""
    allow_private_urls: bool = False
    """Whether ingest may fetch URLs on loopback, private or link-local addresses."""
    tile_url: str | None = None
    """Optional XYZ tile template for the page's map; the shipped outlines are always drawn."""

    @classmethod
    def from_env(cls, **overrides: object) -> ApiConfig:
        """SITREP_INGEST_TOKEN, SITREP_ALLOW_PRIVATE_URLS, SITREP_TILE_URL, then overrides."""
        values: dict[str, object] = {
            "ingest_token": os.environ.get("SITREP_INGEST_TOKEN") or None,
            "allow_private_urls": os.environ.get("SITREP_ALLOW_PRIVATE_URLS", "").lower()
            in {"1", "true", "yes"},
            "tile_url": os.environ.get("SITREP_TILE_URL") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
