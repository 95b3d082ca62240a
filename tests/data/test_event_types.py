"""The one table of event types: its loader, and every user of it taking a new type from it alone.

A toy type added to a copy of data/events/types.json is accepted by the report schema, by
`sitrep events --type` and by the API's type filter, and listed by /api/types, with no other
change; the shipped table refuses it everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from sitrep import data
from sitrep import report as report_json
from sitrep.api.app import create_app
from sitrep.cli.main import main
from sitrep.data import event_types
from sitrep.data.event_types import EventTypes, load
from sitrep.errors import InputError
from sitrep.settings import Settings
from sitrep.store import open_store
from tests.store.helpers import strike_report

LOCAL = "http://localhost"  # a Host the app serves (settings.served_hosts)

pytest_plugins = ["tests.store.helpers"]

PLOVER = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
TOY = {"name": "CYBERATTACK", "colour": "#123456",
       "description": "Break into, disable or leak another actor's computer systems or data."}
HACK = ("Hackers linked to Russian military intelligence knocked out power across Kharkiv on "
        "Wednesday, the regional governor said.")


def _shipped() -> dict[str, Any]:
    return data.read_json(event_types.FILE)


def _with_toy() -> EventTypes:
    """The shipped table plus the toy type, read from a copy of its JSON."""
    document = _shipped()
    document["types"] = [*document["types"], TOY]
    return load(json.loads(json.dumps(document)))


@pytest.fixture
def toy_table(monkeypatch: pytest.MonkeyPatch) -> EventTypes:
    """The loader gives the table with the toy type, as if it had been added to the file."""
    table = _with_toy()
    monkeypatch.setattr(event_types, "table", lambda: table)
    return table


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A store holding one hack (of the toy type) and one strike."""
    url = f"sqlite:///{tmp_path / 'types.db'}"
    with open_store(Settings(), url) as store:
        store.add(strike_report(HACK, event_type=TOY["name"], killed=None))
        store.add(strike_report("A Russian missile strike on Kharkiv killed at least 12 people "
                                "on Wednesday, officials said."))
    return url


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db_url=db)), base_url=LOCAL) as c:
        yield c


def test_the_shipped_table_holds_the_plover_types_in_order() -> None:
    table = event_types.table()
    assert table.names() == PLOVER
    assert table.version == "sitrep.events.types.v1"
    assert all(t.description.endswith(".") and t.colour.startswith("#") for t in table)
    assert len({t.colour for t in table}) == len(table)  # each type tells apart on the map


def test_the_trigger_lexicon_codes_only_types_of_the_table() -> None:
    def types_in(value: Any) -> Iterator[str]:
        if isinstance(value, dict):
            if isinstance(value.get("type"), str):
                yield value["type"]
            for item in value.values():
                yield from types_in(item)
        elif isinstance(value, list):
            for item in value:
                yield from types_in(item)

    coded = set(types_in(data.read_json("events/triggers.json")))
    assert {"ASSAULT", "PROTEST", "AGREE"} <= coded
    assert coded <= set(event_types.table().names())


@pytest.mark.parametrize(("row", "problem"), [
    ({"name": "cyber", "description": "Hacks.", "colour": "#123456"}, "upper-case"),
    ({"name": "CYBER", "description": "Hacks.", "colour": "blue"}, "colour"),
    ({"name": "CYBER", "description": "", "colour": "#123456"}, "description"),
    ({"name": "ASSAULT", "description": "Again.", "colour": "#123456"}, "twice"),
])
def test_a_malformed_table_is_refused(row: dict[str, str], problem: str) -> None:
    document = _shipped()
    document["types"] = [*document["types"], row]
    with pytest.raises(ValueError, match=problem):
        load(document)


def test_a_type_is_checked_in_any_case_and_an_unknown_one_lists_the_known() -> None:
    table = event_types.table()
    assert table.check(" protest ") == "PROTEST"
    with pytest.raises(InputError) as refused:
        table.check("HACK")
    assert refused.value.reason == f"unknown event type 'HACK'; one of {', '.join(PLOVER)}"


def test_the_schema_takes_its_types_from_the_table() -> None:
    raw = json.loads((Path(report_json.__file__).parent / "schema.json").read_text("utf-8"))
    assert "enum" not in raw["$defs"]["event_type"]  # the file points to the table instead
    assert "data/events/types.json" in raw["$defs"]["event_type"]["$comment"]
    assert report_json.schema()["$defs"]["event_type"]["enum"] == list(PLOVER)


def _hack_document() -> dict[str, Any]:
    return report_json.to_json(strike_report(HACK, event_type=TOY["name"], killed=None))


def test_the_shipped_table_refuses_the_toy_type_everywhere(db: str, client: TestClient,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    with pytest.raises(jsonschema.ValidationError, match="CYBERATTACK"):
        report_json.validate(_hack_document())
    with pytest.raises(SystemExit) as exit_:
        main(["events", "--db", db, "--type", "cyberattack"])
    assert exit_.value.code == 2
    assert "unknown event type 'cyberattack'; one of AGREE" in capsys.readouterr().err
    response = client.get("/api/events?type=CYBERATTACK")
    assert response.status_code == 422
    assert ", ".join(PLOVER) in response.json()["detail"]
    assert "CYBERATTACK" not in {t["name"] for t in client.get("/api/types").json()["types"]}


def test_a_type_added_to_the_table_is_taken_by_schema_cli_and_api(
        toy_table: EventTypes, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    report_json.validate(_hack_document())
    with pytest.raises(SystemExit):
        main(["events", "--help"])
    assert "CYBERATTACK" in capsys.readouterr().out
    assert main(["events", "--db", db, "--type", "cyberattack", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [e["type"] for e in listed] == ["CYBERATTACK"]
    with TestClient(create_app(Settings(db_url=db)), base_url=LOCAL) as client:
        body = client.get("/api/events?type=cyberattack").json()
        assert [e["type"] for e in body["events"]] == ["CYBERATTACK"]
        served = client.get("/api/types").json()
    assert served["types"][-1] == TOY
    assert [t["name"] for t in served["types"]] == [*PLOVER, "CYBERATTACK"]


def test_api_types_serves_the_table(client: TestClient) -> None:
    served = client.get("/api/types").json()
    table = event_types.table()
    assert served["version"] == table.version
    assert served["types"] == [{"name": t.name, "description": t.description,
                                "colour": t.colour} for t in table]
    openapi = client.get("/openapi.json").json()
    parameter = next(p for p in openapi["paths"]["/api/events"]["get"]["parameters"]
                     if p["name"] == "type")
    assert "ASSAULT" in parameter["description"]
