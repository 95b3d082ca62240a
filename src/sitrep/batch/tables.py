"""Report JSON documents -> the flat Parquet tables a batch run writes (reports, events)."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sitrep.figures import FIGURE_KINDS, event_figures

COUNT_KINDS = FIGURE_KINDS
"""Count kinds that get a column of their own; every count stays in the ``counts`` JSON column."""

REPORTS_SCHEMA = pa.schema([
    ("article_id", pa.string()),
    ("origin", pa.string()),
    ("url", pa.string()),
    ("title", pa.string()),
    ("source", pa.string()),
    ("published", pa.string()),
    ("actors", pa.int32()),
    ("places", pa.int32()),
    ("times", pa.int32()),
    ("quotes", pa.int32()),
    ("events", pa.int32()),
    ("report", pa.string()),
])
"""One row per article; ``report`` is the whole sitrep.report/1 document as JSON text.
``quotes`` counts speech quotes, what an analyst sees as quotes (SPEC ``quotes[].cue_class``);
beliefs, intentions, stances and evaluations stay in ``report``."""

EVENTS_SCHEMA = pa.schema([
    ("article_id", pa.string()),
    ("event_id", pa.string()),
    ("published", pa.string()),
    ("source", pa.string()),
    ("url", pa.string()),
    ("type", pa.string()),
    ("mode", pa.string()),
    ("acled_event_type", pa.string()),
    ("acled_sub_event_type", pa.string()),
    ("actor1_name", pa.string()),
    ("actor1_country", pa.string()),
    ("actor1_sector", pa.string()),
    ("actor2_name", pa.string()),
    ("actor2_country", pa.string()),
    ("actor2_sector", pa.string()),
    ("date", pa.string()),
    ("date_precision", pa.string()),
    ("place_name", pa.string()),
    ("lat", pa.float64()),
    ("lon", pa.float64()),
    ("place_country", pa.string()),
    ("admin1", pa.string()),
    ("place_precision", pa.int8()),
    ("status", pa.string()),
    ("confidence", pa.float64()),
    *[(kind, pa.int64()) for kind in COUNT_KINDS],
    ("counts", pa.string()),
    ("evidence", pa.string()),
])
"""One row per event mention, ACLED-like: what an analyst loads into pandas, R or QGIS."""


def report_row(document: dict[str, Any], origin: str) -> dict[str, Any]:
    """The reports-table row of one report JSON document."""
    article = document["article"]
    return {
        "article_id": article["id"],
        "origin": origin,
        "url": article.get("url"),
        "title": article.get("title"),
        "source": article.get("source"),
        "published": article.get("published"),
        **{key: len(document.get(key) or ()) for key in ("actors", "places", "times", "events")},
        "quotes": sum(_is_speech(q) for q in document.get("quotes") or ()),
        "report": json.dumps(document, ensure_ascii=False),
    }


def _is_speech(quote: dict[str, Any]) -> bool:
    """Whether a report quote is speech; one written before ``cue_class`` existed was."""
    return bool(quote.get("cue_class", "speech") == "speech")


def event_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The events-table rows of one report JSON document, one per event."""
    article = document["article"]
    return [_event_row(article, event) for event in document.get("events") or ()]


def _event_row(article: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    acled = event.get("acled") or {}
    place = event.get("place") or {}
    row: dict[str, Any] = {
        "article_id": article["id"],
        "event_id": event["id"],
        "published": article.get("published"),
        "source": article.get("source"),
        "url": article.get("url"),
        "type": event["type"],
        "mode": event.get("mode"),
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "date": event.get("date"),
        "date_precision": event.get("date_precision"),
        "place_name": place.get("name"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "place_country": place.get("country"),
        "admin1": place.get("admin1"),
        "place_precision": place.get("precision"),
        "status": event.get("status"),
        "confidence": event.get("confidence"),
        "counts": json.dumps(event.get("counts") or [], ensure_ascii=False),
        "evidence": json.dumps(
            [[span["start"], span["end"]] for span in event.get("evidence") or ()]
        ),
    }
    for slot in ("actor1", "actor2"):
        actor = event.get(slot) or {}
        for key in ("name", "country", "sector"):
            row[f"{slot}_{key}"] = actor.get(key)
    figures = event_figures((c["kind"], c["value"]) for c in event.get("counts") or ())
    for kind in COUNT_KINDS:
        row[kind] = figures.get(kind)
    return row


class TableWriter:
    """Rows streamed into one Parquet file, renamed into place only when the block ends cleanly.

    Rows go out in row groups as they come, so memory stays flat however many documents a
    partition holds (a JSON Lines input can hold millions); an exception discards the file.
    """

    def __init__(self, path: Path, schema: pa.Schema, rows_per_group: int = 256) -> None:
        self.path = path
        self.schema = schema
        self.rows = 0
        self._group_size = rows_per_group
        self._pending: list[dict[str, Any]] = []
        # A dot-prefixed temporary name in the same folder: pyarrow datasets skip it, and
        # os.replace within one file system is atomic.
        self._tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        self._writer: pq.ParquetWriter | None = None

    def __enter__(self) -> TableWriter:
        self._writer = pq.ParquetWriter(self._tmp, self.schema)
        return self

    def add(self, row: dict[str, Any]) -> None:
        """Queue one row; a full row group is written out."""
        self._pending.append(row)
        self.rows += 1
        if len(self._pending) >= self._group_size:
            self._flush()

    def _flush(self) -> None:
        if self._pending and self._writer is not None:
            self._writer.write_table(pa.Table.from_pylist(self._pending, schema=self.schema))
            self._pending = []

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            if exc_type is None:
                self._flush()
            if self._writer is not None:
                self._writer.close()
            if exc_type is None:
                os.replace(self._tmp, self.path)
        finally:
            self._tmp.unlink(missing_ok=True)


def write_table(rows: Iterable[dict[str, Any]], schema: pa.Schema, path: Path) -> None:
    """Write rows as one Parquet file, atomically: readers see the whole file or none of it."""
    with TableWriter(path, schema) as writer:
        for row in rows:
            writer.add(row)


def write_json(document: dict[str, Any], path: Path) -> None:
    """Write a JSON document atomically (the same temporary-name-then-rename rule)."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
