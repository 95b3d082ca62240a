"""The event routes read their own query (`api.params`): a bad parameter still gets FastAPI's
error body, in FastAPI's order, and /openapi.json still lists every parameter. The bodies
below are those the routes gave when FastAPI checked each parameter itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sitrep.api.app import create_app
from sitrep.settings import Settings
from sitrep.store import open_store
from tests.store.helpers import strike_report

pytest_plugins = ["tests.store.helpers"]

ROUTES = ("/api/events", "/api/events/summary", "/api/events/clusters")
FILTER = ["country", "type", "status", "since", "until", "near", "km", "actor",
          "min_fatalities", "relevant"]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'params.db'}"
    with open_store(Settings(), url) as store:
        store.add(strike_report("A Russian missile strike on Kharkiv killed 12 people on "
                                "Wednesday, governor Oleh Syniehubov said."))
    with TestClient(create_app(Settings(db_url=url)), base_url="http://localhost") as client:
        yield client


def _error(name: str, kind: str, msg: str, given: str, **ctx: Any) -> dict[str, Any]:
    error: dict[str, Any] = {"type": kind, "loc": ["query", name], "msg": msg, "input": given}
    if ctx:
        error["ctx"] = ctx
    return error


@pytest.mark.parametrize("route", ROUTES)
def test_a_bad_filter_parameter_is_fastapis_422_on_every_route(client: TestClient,
                                                               route: str) -> None:
    cases = {
        "km=0": _error("km", "greater_than", "Input should be greater than 0", "0", gt=0.0),
        "status=Bad": _error("status", "string_pattern_mismatch",
                             "String should match pattern '^[a-z_]+$'", "Bad",
                             pattern="^[a-z_]+$"),
        "relevant=maybe": _error("relevant", "bool_parsing",
                                 "Input should be a valid boolean, unable to interpret input",
                                 "maybe"),
        "since=2023-13-01": _error(
            "since", "date_from_datetime_parsing", "Input should be a valid date or datetime, "
            "month value is outside expected range of 1-12", "2023-13-01",
            error="month value is outside expected range of 1-12"),
        "min_fatalities=-1": _error("min_fatalities", "greater_than_equal",
                                    "Input should be greater than or equal to 0", "-1", ge=0),
    }
    for query, error in cases.items():
        response = client.get(f"{route}?{query}")
        assert (response.status_code, response.json()) == (422, {"detail": [error]}), query


def test_errors_of_the_filter_and_the_page_come_together_in_fastapis_order(
        client: TestClient) -> None:
    response = client.get("/api/events?limit=0&km=0&offset=-3&unknown=1")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        _error("km", "greater_than", "Input should be greater than 0", "0", gt=0.0),
        _error("limit", "greater_than_equal", "Input should be greater than or equal to 1", "0",
               ge=1),
        _error("offset", "greater_than_equal", "Input should be greater than or equal to 0",
               "-3", ge=0)]
    # The filter's own checks run before the page's parameters are looked at, as before.
    assert client.get("/api/events?since=2024-01-02&until=2024-01-01&limit=0").json() == {
        "detail": "since is after until"}
    # A repeated parameter: the last one counts.
    assert client.get("/api/events?limit=0&limit=3").json()["limit"] == 3
    assert client.get("/api/events?limit=3&limit=x").json()["detail"] == [_error(
        "limit", "int_parsing", "Input should be a valid integer, unable to parse string as an "
        "integer", "x")]


def test_each_route_checks_its_own_parameters(client: TestClient) -> None:
    assert client.get("/api/events/clusters?cell=0").json()["detail"] == [_error(
        "cell", "greater_than_equal", "Input should be greater than or equal to 0.001", "0",
        ge=0.001)]
    assert client.get("/api/events/clusters?detail=-1").json()["detail"] == [_error(
        "detail", "greater_than_equal", "Input should be greater than or equal to 0", "-1", ge=0)]
    # A parameter of another route is no parameter here.
    assert client.get("/api/events/clusters?limit=0").status_code == 200
    assert client.get("/api/events?cell=x").status_code == 200
    assert client.get("/api/events/summary?bbox=1,2,3").json() == {
        "detail": "bbox must be four numbers: minlon,minlat,maxlon,maxlat"}
    # An empty type is an unknown type, not "any type".
    assert client.get("/api/events?type=").json()["detail"].startswith(
        "type: unknown event type ''; one of AGREE")


def test_openapi_lists_every_parameter_with_its_constraints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    own = {"/api/events": ["bbox", "limit", "cursor", "offset"],
           "/api/events/summary": ["bbox"], "/api/events/clusters": ["bbox", "cell", "detail"]}
    for route, names in own.items():
        operation = paths[route]["get"]
        parameters = operation["parameters"]
        assert [p["name"] for p in parameters] == names + FILTER
        assert all(p["in"] == "query" and not p["required"] for p in parameters)
        assert operation["responses"]["422"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/HTTPValidationError"}
    by_name = {p["name"]: p for p in paths["/api/events"]["get"]["parameters"]}
    assert by_name["limit"]["schema"] == {"type": "integer", "maximum": 5000, "minimum": 1,
                                          "default": 100, "title": "Limit"}
    assert by_name["near"]["description"] == "LAT,LON or a place name"
    assert "ASSAULT" in by_name["type"]["description"]
    assert by_name["country"]["schema"]["anyOf"] == [{"type": "string"}, {"type": "null"}]
