"""Exports of the fused events: ACLED CSV, PLOVER JSON Lines, GeoJSON, Parquet."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sitrep.errors import InputError, StoreError
from sitrep.export.formats import write_acled, write_geojson, write_parquet, write_plover
from sitrep.export.rows import EventRecord, event_records
from sitrep.store import Store

Writer = Callable[[list[EventRecord], Path], int]
FORMATS: dict[str, Writer] = {
    "acled": write_acled,
    "plover": write_plover,
    "geojson": write_geojson,
    "parquet": write_parquet,
}

__all__ = ["FORMATS", "EventRecord", "event_records", "export"]


def export(store: Store, fmt: str, out: Path, *, status: str | None = None) -> int:
    """Write every fused event (optionally of one status) to OUT; returns the rows written.

    The file appears whole or not at all: it is written beside OUT and renamed into place.
    """
    writer = FORMATS.get(fmt)
    if writer is None:
        raise InputError(fmt, f"unknown export format; choose one of {', '.join(FORMATS)}")
    records = event_records(store, status=status)
    partial = out.with_name(f".{out.name}.partial")
    try:
        written = writer(records, partial)
        os.replace(partial, out)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise StoreError(str(out), f"cannot write the export: {err.strerror or err}") from err
    return written
