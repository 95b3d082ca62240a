"""The API's response headers (CSP, nosniff, no framing), its Host check, and CSV exports."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.api.app import create_app
from sitrep.api.security import host_name, policy, script_hashes, served, tile_origin
from sitrep.model import EventActor
from sitrep.settings import Settings
from sitrep.store import open_store
from tests.store.helpers import strike_report

pytest_plugins = ["tests.store.helpers"]

LOCAL = "http://localhost"
FORMULA = "=HYPERLINK(\"http://evil.example\",\"Kharkiv\") A strike on Kharkiv killed 12 people."


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'api.db'}"
    with open_store(Settings(), url) as store:
        store.add(strike_report(FORMULA, actor1=EventActor("+cmd|' /C calc'!A0", "RUS", "REB")))
    return url


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db_url=db)), base_url=LOCAL) as c:
        yield c


@pytest.mark.parametrize("path", ["/", "/api/events", "/static/app.js", "/api/events/999999",
                                  "/openapi.json"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_the_page_has_no_inline_script_or_style_for_the_policy_to_block(client: TestClient
                                                                          ) -> None:
    page = client.get("/").text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page and " style=" not in page
    assert not re.search(r"\son[a-z]+=", page)


def test_the_docs_page_allows_its_one_inline_script_by_hash(client: TestClient) -> None:
    response = client.get("/docs")
    hashes = script_hashes(response.text)
    assert len(hashes) == 1
    assert f"'{hashes[0]}'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000",
                                  "LOCALHOST."])
def test_served_hosts_are_answered(db: str, host: str) -> None:
    with TestClient(create_app(Settings(db_url=db)), base_url=LOCAL) as c:
        assert c.get("/api/types", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "localhost.evil.example",
                                  "10.0.0.5", "[::2]:8000"])
def test_another_host_is_refused_as_a_rebinding_page_would_send_it(db: str, host: str) -> None:
    with TestClient(create_app(Settings(db_url=db)), base_url=LOCAL) as c:
        response = c.get("/api/events", headers={"Host": host})
    assert response.status_code == 400
    assert "SITREP_SERVED_HOSTS" in response.text
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_served_hosts_are_a_setting(db: str) -> None:
    settings = Settings(db_url=db, served_hosts=("sitrep.example.org",))
    with TestClient(create_app(settings), base_url="http://sitrep.example.org") as c:
        assert c.get("/api/types").status_code == 200
        assert c.get("/api/types", headers={"Host": "localhost"}).status_code == 400
    with TestClient(create_app(Settings(db_url=db, served_hosts=("*",))),
                    base_url="http://anything.example") as c:
        assert c.get("/api/types").status_code == 200


def test_host_names_are_read_without_port_case_or_brackets() -> None:
    assert host_name("[::1]:8000") == "::1"
    assert host_name("Example.ORG.:443") == "example.org"
    assert host_name("::1") == "::1"
    assert not served(None, ("localhost",))


def test_tiles_are_allowed_from_their_own_origin_only() -> None:
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == \
        "https://*.tile.example.org"
    assert tile_origin("javascript:alert(1)//{z}") is None
    assert "img-src 'self' data: https://tiles.example" in policy("https://tiles.example/{z}")


def test_the_csv_export_neutralises_formulas(client: TestClient) -> None:
    response = client.get("/api/export?format=acled")
    (row,) = list(csv.DictReader(io.StringIO(response.text)))
    assert row["notes"] == "'" + FORMULA
    assert row["actor1"] == "'+cmd|' /C calc'!A0"
