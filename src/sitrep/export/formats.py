"""The shipped export writers, each a function (records, path) -> rows written (see registry)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

from sitrep.export.acled import acled_row
from sitrep.export.rows import EventRecord
from sitrep.store.render import safe_row

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "timestamp",
)
"""ACLED's column names, in its order, for the columns sitrep can fill (assoc_actor and
admin2 stay empty: sitrep records neither)."""


def write_acled(records: list[EventRecord], path: Path) -> int:
    """ACLED-style CSV: only events with an ACLED type that did happen (ACLED codes no other)."""
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
        writer.writeheader()
        for record in records:
            row = acled_row(record)
            if row is not None:
                writer.writerow(safe_row(row))
                written += 1
    return written


def _plover(record: EventRecord) -> dict[str, Any]:
    e = record.event

    def party(prefix: str) -> list[dict[str, Any]]:
        if e[prefix] is None:
            return []
        return [{"actorText": e[prefix], "code": e[f"{prefix}_country"],
                 "agent": e[f"{prefix}_sector"]}]

    return {
        "id": f"sitrep-{e['id']}", "date": e["date"], "datePrecision": e["date_precision"],
        "event": e["type"], "mode": e["mode"], "status": e["status"],
        "source": party("actor1"), "target": party("actor2"),
        "location": None if e["place"] is None else {
            "placeName": e["place"], "lat": e["lat"], "lon": e["lon"], "country": e["country"],
            "admin1": e["admin1"], "precision": e["geo_precision"]},
        "fatalities": e["fatalities"], "fatalitiesLatest": e["fatalities_latest"],
        "text": record.sentence, "publication": list(record.publishers),
        "urls": list(record.urls), "sources": e["sources"], "language": "en",
        "version": "PLOVER 0.8", "coder": "sitrep",
    }


def write_plover(records: list[EventRecord], path: Path) -> int:
    """PLOVER JSON Lines: one event per line, source/target actors as in the PLOVER gold files."""
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(_plover(record), ensure_ascii=False) + "\n")
    return len(records)


def write_geojson(records: list[EventRecord], path: Path) -> int:
    """A GeoJSON FeatureCollection; an event without coordinates has a null geometry."""
    features = []
    for record in records:
        e = record.event
        geometry = None
        if e["lat"] is not None and e["lon"] is not None:
            # GeoJSON orders coordinates longitude first.
            geometry = {"type": "Point", "coordinates": [e["lon"], e["lat"]]}
        # The properties' start and end are ISO dates that temporal tools (QGIS, kepler.gl)
        # read, beside `date` at its precision (2024-W11), which they do not.
        features.append({"type": "Feature", "id": e["id"], "geometry": geometry,
                         "properties": {**e, "sentence": record.sentence,
                                        "publishers": list(record.publishers)}})
    with path.open("w", encoding="utf-8") as out:
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    return len(features)


def write_parquet(records: list[EventRecord], path: Path) -> int:
    """Parquet with typed columns (dates as dates), for pandas, R and DuckDB."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    text, integer, real = pa.string(), pa.int64(), pa.float64()
    columns: dict[str, Any] = {
        "id": integer, "type": text, "mode": text, "acled_event_type": text,
        "acled_sub_event_type": text, "status": text, "date": text, "date_precision": text,
        "actor1": text, "actor1_country": text, "actor1_sector": text, "actor2": text,
        "actor2_country": text, "actor2_sector": text, "place": text, "lat": real, "lon": real,
        "country": text, "admin1": text, "geo_precision": integer, "fatalities": integer,
        "fatalities_latest": integer, "sources": integer,
    }
    fields = [pa.field(name, kind) for name, kind in columns.items()]
    fields += [pa.field("date_start", pa.date32()), pa.field("date_end", pa.date32()),
               pa.field("publishers", pa.list_(text)), pa.field("sentence", text)]
    data: dict[str, list[Any]] = {f.name: [] for f in fields}
    for record in records:
        for name in columns:
            data[name].append(record.event[name])
        data["date_start"].append(_date(record.date_start))
        data["date_end"].append(_date(record.date_end))
        data["publishers"].append(list(record.publishers))
        data["sentence"].append(record.sentence)
    table = pa.table(data, schema=pa.schema(fields))
    pq.write_table(table, path)
    return int(table.num_rows)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))

