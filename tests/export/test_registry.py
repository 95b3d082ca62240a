"""The export registry: one table of formats that the CLI choices and the API's enum come from."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.api.app import create_app
from sitrep.cli.main import main
from sitrep.errors import InputError
from sitrep.export import FORMATS, EventRecord, Format, export
from sitrep.settings import Settings
from sitrep.store import open_store
from tests.paths import ROOT
from tests.store.helpers import ODESA, strike_report

LOCAL = "http://localhost"  # a Host the app serves (settings.served_hosts)

pytest_plugins = ["tests.store.helpers"]


def write_places(records: list[EventRecord], path: Path) -> int:
    """A toy format: one line per event, its place and fatalities."""
    lines = [f"{r.event['place']}\t{r.event['fatalities']}" for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


TOY = Format("places", write_places, "text/tab-separated-values", "tsv", "places TSV")
WITH_TOY = FORMATS.with_format(TOY)


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'export.db'}"
    with open_store(Settings(), url) as store:
        store.add(strike_report("A Russian missile strike on Kharkiv killed 12 people on "
                                "Wednesday, governor Oleh Syniehubov said.", killed=12))
        store.add(strike_report("Russian drones hit Odesa port, killing three dock workers.",
                                place=ODESA, date="2024-03-10", killed=3))
    return url


def test_the_shipped_formats_are_labelled_for_downloads() -> None:
    assert FORMATS.names() == ("acled", "plover", "geojson", "parquet")
    assert (FORMATS.get("acled").media_type, FORMATS.get("acled").suffix) == ("text/csv", "csv")
    with pytest.raises(InputError, match="choose one of acled, plover, geojson, parquet"):
        FORMATS.get("xlsx")
    with pytest.raises(ValueError, match="already registered"):
        FORMATS.with_format(Format("acled", write_places, "text/csv", "csv", "another CSV"))
    assert "places" not in FORMATS.names()  # registering made a new registry


def test_a_registered_format_is_a_cli_choice(db: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "events.tsv"
    with pytest.raises(SystemExit):
        main(["export", "--db", db, "--format", "places", str(out)])
    assert "invalid choice: 'places'" in capsys.readouterr().err
    assert main(["export", "--db", db, "--format", "places", str(out)], formats=WITH_TOY) == 0
    assert out.read_text(encoding="utf-8").splitlines() == ["Odesa\t3", "Kharkiv\t12"]
    with pytest.raises(SystemExit):
        main(["export", "--help"], formats=WITH_TOY)
    assert "places TSV" in capsys.readouterr().out


def test_a_registered_format_is_in_the_api_enum_and_downloads(db: str) -> None:
    with TestClient(create_app(Settings(db_url=db)), base_url=LOCAL) as plain:
        assert plain.get("/api/export?format=places").status_code == 422
    with TestClient(create_app(Settings(db_url=db), formats=WITH_TOY),
                    base_url=LOCAL) as client:
        spec = client.get("/openapi.json").json()
        [param] = [p for p in spec["paths"]["/api/export"]["get"]["parameters"]
                   if p["name"] == "format"]
        assert param["schema"]["enum"] == [*FORMATS.names(), "places"]
        response = client.get("/api/export?format=places")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/tab-separated-values")
        assert 'filename="sitrep-events.tsv"' in response.headers["content-disposition"]
        assert response.text.splitlines() == ["Odesa\t3", "Kharkiv\t12"]
        csv = client.get("/api/export?format=acled")
        assert csv.headers["content-type"].startswith("text/csv")


def test_export_writes_a_registered_format_only_when_given_the_registry(
    db: str, tmp_path: Path
) -> None:
    with open_store(Settings(), db) as store:
        with pytest.raises(InputError, match="unknown export format"):
            export(store, "places", tmp_path / "a.tsv")
        assert export(store, "places", tmp_path / "b.tsv", formats=WITH_TOY) == 2


def test_the_readme_lists_the_shipped_formats() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"export --format {'|'.join(FORMATS.names())} OUT" in readme
