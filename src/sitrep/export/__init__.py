"""Exports of the fused events, in the formats of `sitrep.export.registry.FORMATS`."""

from __future__ import annotations

import os
from pathlib import Path

from sitrep.errors import StoreError
from sitrep.export.registry import FORMATS, Format, Formats
from sitrep.export.rows import EventRecord, event_records
from sitrep.store import Store

__all__ = ["FORMATS", "EventRecord", "Format", "Formats", "event_records", "export"]


def export(store: Store, fmt: str, out: Path, *, status: str | None = None,
           formats: Formats = FORMATS) -> int:
    """Write every fused event (optionally of one status) to OUT; returns the rows written.

    The file appears whole or not at all: it is written beside OUT and renamed into place.
    """
    writer = formats.get(fmt).write
    records = event_records(store, status=status)
    partial = out.with_name(f".{out.name}.partial")
    try:
        written = writer(records, partial)
        os.replace(partial, out)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise StoreError(str(out), f"cannot write the export: {err.strerror or err}") from err
    return written
