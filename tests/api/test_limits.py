"""The API at the edges of its inputs: huge ids and offsets, year 1, text that is no Unicode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.api.app import create_app
from sitrep.cli.main import main
from sitrep.settings import Settings
from sitrep.store import open_store
from tests.store.helpers import strike_report

pytest_plugins = ["tests.store.helpers"]

TOKEN = "edge-token"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'limits.db'}"
    with open_store(Settings(), url) as store:
        store.add(strike_report("A Russian missile strike on Kharkiv killed 12 people on "
                                "Wednesday, governor Oleh Syniehubov said."))
    return url


@pytest.mark.parametrize("path", [
    "/api/events?offset=9223372036854775808", "/api/events?offset=9223372036854775807",
    "/api/events?offset=" + "9" * 400, "/api/events/9223372036854775808",
    "/api/events/" + "9" * 400, "/api/events?limit=9223372036854775808",
])
def test_ids_and_offsets_past_64_bits_are_422(db: str, path: str) -> None:
    with TestClient(create_app(Settings(db_url=db)), base_url="http://localhost") as client:
        assert client.get(path).status_code == 422


def test_year_one_is_a_date_like_any_other(db: str) -> None:
    with TestClient(create_app(Settings(db_url=db)), base_url="http://localhost") as client:
        for path in ("/api/events?since=0001-01-01", "/api/events?since=0001-01-01&near=Kharkiv",
                     "/api/events?until=9999-12-31"):
            response = client.get(path)
            assert (response.status_code, response.json()["total"]) == (200, 1), path
        assert client.get("/api/quotes?since=0001-01-01").status_code == 200


@pytest.mark.parametrize("field", ["title", "text"])
def test_a_lone_surrogate_is_422_naming_the_field(db: str, field: str) -> None:
    text = "Russian missiles killed 12 civilians in Kharkiv on Monday, officials said."
    body = {"text": text, field: text[:10] + "\ud800" + text[10:]}
    with TestClient(create_app(Settings(db_url=db, ingest_token=TOKEN)),
                    base_url="http://localhost") as client:
        response = client.post("/api/ingest", content=json.dumps(body).encode(), headers={
            "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"] == (f"api: the {field} holds a lone surrogate (U+D800 at "
                                         "character 10), which is no Unicode text")


@pytest.mark.slow
def test_a_count_past_any_figure_is_dropped_and_the_article_stored(db: str) -> None:
    text = (f"Russian shelling killed {'9' * 400} people in Kharkiv on Monday and wounded "
            "7 others, officials said.")
    with TestClient(create_app(Settings(db_url=db, ingest_token=TOKEN)),
                    base_url="http://localhost") as client:
        response = client.post("/api/ingest", json={"text": text},
                               headers={"Authorization": f"Bearer {TOKEN}"})
        assert (response.status_code, response.json()["status"]) == (200, "added")
        events = client.get("/api/events?limit=10").json()["events"]
    assert all(e["fatalities"] in (None, 12) for e in events)


@pytest.mark.parametrize(("args", "problem"), [
    (["show", "9223372036854775808"], "argument EVENT_ID: 9223372036854775808 is out of range"),
    (["events", "--limit", "9" * 30], "argument --limit: " + "9" * 30 + " is out of range"),
    (["events", "--near", "50,30", "--km", "nan"], "argument --km: nan is not a radius in km"),
    (["quotes", "--limit", "0"], "argument --limit: 0 is out of range"),
])
def test_the_cli_refuses_the_same_in_one_line(db: str, args: list[str], problem: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([*args, "--db", db])
    assert stopped.value.code == 2
    assert problem in capsys.readouterr().err.splitlines()[-1]


def test_the_cli_takes_year_one(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--since", "0001-01-01", "--format", "json", "--db", db]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1
