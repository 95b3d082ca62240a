"""The flat tables of a batch run: one row per event, counts by kind, written atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from sitrep.batch.tables import EVENTS_SCHEMA, event_rows, report_row, write_table


def _document() -> dict[str, Any]:
    text = "KHARKIV, Ukraine — At least 12 people, among them 3 children, were killed."
    return {
        "schema": "sitrep.report/1",
        "article": {"id": "abc", "url": None, "title": None, "source": "Reuters",
                    "published": "2024-03-14", "dateline": "Kharkiv", "language": "en",
                    "text": text},
        "actors": [], "places": [], "times": [], "quotes": [],
        "events": [{
            "id": "abc:0", "type": "ASSAULT", "mode": "aerial",
            "acled": {"event_type": "Explosions/Remote violence",
                      "sub_event_type": "Air/drone strike"},
            "actor1": {"name": "Russia", "country": "RUS", "sector": "MIL"},
            "actor2": None,
            "date": "2024-03-13", "date_precision": "day",
            "place": {"name": "Kharkiv", "lat": 49.98, "lon": 36.25, "country": "UA",
                      "admin1": "Kharkiv Oblast", "precision": 1},
            "counts": [
                {"kind": "killed", "value": 3, "qualifier": None, "noun": "children"},
                {"kind": "killed", "value": 12, "qualifier": "at least", "noun": "people"},
            ],
            "status": "reported", "evidence": [{"start": 19, "end": 74}], "confidence": 0.8,
        }],
    }


def test_event_row_flattens_actors_place_and_counts() -> None:
    [row] = event_rows(_document())
    assert (row["actor1_name"], row["actor1_country"]) == ("Russia", "RUS")
    assert row["actor2_name"] is None
    assert (row["place_name"], row["place_precision"]) == ("Kharkiv", 1)
    assert (row["killed"], row["injured"]) == (12, None)
    assert json.loads(row["evidence"]) == [[19, 74]]
    assert len(json.loads(row["counts"])) == 2


def test_report_row_keeps_the_whole_document() -> None:
    row = report_row(_document(), "wire/kharkiv.txt")
    assert (row["origin"], row["events"], row["actors"]) == ("wire/kharkiv.txt", 1, 0)
    assert json.loads(row["report"]) == _document()


def test_report_row_counts_speech_quotes_only() -> None:
    document = _document()
    quote = {"text": "the city was hit", "start": 0, "end": 16, "kind": "indirect",
             "speaker": "Kyiv", "speaker_mention": None, "cue": "said"}
    document["quotes"] = [
        {**quote, "cue_class": "speech"},
        {**quote, "cue_class": "belief", "cue": "believes"},
        {**quote, "cue_class": "stance", "cue": "opposes"},
        quote,  # written before cue_class existed: every quote was speech then
    ]
    assert report_row(document, "wire/kharkiv.txt")["quotes"] == 2


def test_write_table_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    write_table(event_rows(_document()), EVENTS_SCHEMA, path)
    write_table([], EVENTS_SCHEMA, path)  # an article without events still leaves a table
    assert [p.name for p in tmp_path.iterdir()] == ["events.parquet"]
    assert pq.read_table(path).schema.names == EVENTS_SCHEMA.names
