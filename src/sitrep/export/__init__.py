"""Exports of the fused events, in the formats of `sitrep.export.registry.FORMATS`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitrep.errors import StoreError
from sitrep.export.registry import FORMATS, Format, Formats

if TYPE_CHECKING:
    from sitrep.export.rows import EventRecord, event_records
    from sitrep.store import Store

__all__ = ["FORMATS", "EventRecord", "Format", "Formats", "event_records", "export"]


def __getattr__(name: str) -> Any:
    # The rows (and through them the store and SQLAlchemy) load when first asked for, so that
    # a command that only lists the formats (every `sitrep` command's parser) does not pay.
    if name in ("EventRecord", "event_records"):
        from sitrep.export import rows

        return getattr(rows, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def export(store: Store, fmt: str, out: Path, *, status: str | None = None,
           formats: Formats = FORMATS) -> int:
    """Write every fused event (optionally of one status) to OUT; returns the rows written.

    The file appears whole or not at all: it is written beside OUT and renamed into place.
    """
    from sitrep.export.rows import event_records

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
