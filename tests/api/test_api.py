"""The REST API over HTTP: filters, pagination, one event, one article, exports, 422s, ingest."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from sitrep import report as report_json
from sitrep.api.app import create_app
from sitrep.model import Report
from sitrep.settings import Settings
from sitrep.store import open_store
from tests.store.helpers import CHUHUIV, ODESA, strike_report

LOCAL = "http://localhost"  # a Host the app serves (settings.served_hosts)

pytest_plugins = ["tests.store.helpers"]

STRIKE = ("KHARKIV, Ukraine (Reuters) - A Russian missile strike on Kharkiv killed at least "
          "12 people on Wednesday, regional governor Oleh Syniehubov said.")
ODESA_STRIKE = "Russian drones struck the port of Odesa overnight, killing three dock workers."
PROTEST = "Thousands of people protested in Chuhuiv on Saturday against the mobilisation law."
SCRIPTED = ("<script>document.title='pwned'</script> A Russian strike on Kharkiv killed "
            "12 people, officials said.")
TOKEN = "s3cret-token"


def _fill(db: str, reports: list[Report]) -> None:
    with open_store(Settings(), db) as store:
        for r in reports:
            store.add(r)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A SQLite store holding a Kharkiv strike, an Odesa strike and a Chuhuiv protest."""
    url = f"sqlite:///{tmp_path / 'api.db'}"
    _fill(url, [
        strike_report(STRIKE),
        strike_report(ODESA_STRIKE, place=ODESA, date="2024-03-10", published="2024-03-10",
                      killed=3),
        strike_report(PROTEST, place=CHUHUIV, date="2024-03-16", published="2024-03-17",
                      event_type="PROTEST", killed=None, actor1=None),
    ])
    return url


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    """A read-only API client over the filled store."""
    with TestClient(create_app(Settings(db_url=db)), base_url=LOCAL) as c:
        yield c


def test_events_are_listed_newest_first_with_a_total(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == 3
    assert [e["place"] for e in body["events"]] == ["Chuhuiv", "Kharkiv", "Odesa"]


def test_events_and_quotes_filter_by_relevance(db: str) -> None:
    off_topic = "The Sumy stadium was hit by a late goal, governor Oleh Syniehubov said."
    _fill(db, [replace(strike_report(off_topic, place=CHUHUIV, date="2024-03-01",
                                     published="2024-03-01"), relevant=False)])
    with TestClient(create_app(Settings(db_url=db)), base_url="http://localhost") as c:
        assert c.get("/api/events").json()["total"] == 4
        assert c.get("/api/events?relevant=true").json()["total"] == 3
        assert c.get("/api/events?relevant=false").json()["total"] == 1
        everything = c.get("/api/quotes").json()["quotes"]
        assert [q["article_id"] for q in c.get("/api/quotes?relevant=false").json()["quotes"]] \
            == [everything[-1]["article_id"]]
        assert len(c.get("/api/quotes?relevant=true").json()["quotes"]) == len(everything) - 1


def test_events_filter_by_type_country_and_dates(client: TestClient) -> None:
    assert [e["place"] for e in client.get("/api/events?type=protest").json()["events"]] == [
        "Chuhuiv"]
    assert client.get("/api/events?country=Ukraine").json()["total"] == 3
    assert client.get("/api/events?country=FR").json()["total"] == 0
    body = client.get("/api/events?since=2024-03-11&until=2024-03-14").json()
    assert [e["place"] for e in body["events"]] == ["Kharkiv"]


def test_events_filter_by_bbox_and_near(client: TestClient) -> None:
    # A box around Odesa only.
    body = client.get("/api/events?bbox=29.5,45.5,31.5,47.5").json()
    assert [e["place"] for e in body["events"]] == ["Odesa"]
    near = client.get("/api/events?near=49.98,36.25&km=5").json()
    assert [e["place"] for e in near["events"]] == ["Kharkiv"]


def test_events_are_paginated_with_a_next_offset(client: TestClient) -> None:
    first = client.get("/api/events?limit=2").json()
    assert (first["total"], len(first["events"]), first["next_offset"]) == (3, 2, 2)
    rest = client.get(f"/api/events?limit=2&offset={first['next_offset']}").json()
    assert [e["place"] for e in rest["events"]] == ["Odesa"]
    assert rest["next_offset"] is None


@pytest.mark.parametrize("query", [
    "limit=0", "limit=abc", "offset=-1", "since=yesterday", "bbox=1,2,3",
    "bbox=40,50,30,60", "km=-5", "since=2024-03-10&until=2024-03-01", "country=Atlantis",
])
def test_bad_event_filters_are_clear_422s(client: TestClient, query: str) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422, query
    assert response.json()["detail"]


def test_one_event_has_its_sources_evidence_and_count_history(client: TestClient) -> None:
    kharkiv = client.get("/api/events?type=ASSAULT&country=UA&near=Kharkiv").json()["events"][0]
    event = client.get(f"/api/events/{kharkiv['id']}").json()
    assert event["place"] == "Kharkiv"
    [source] = event["sources"]
    assert source["evidence"][0]["text"] == STRIKE
    [figure] = event["count_history"]
    assert (figure["value"], figure["source"], figure["title"]) == (12, "Wire", STRIKE[:40])
    assert (event["fatalities"], event["fatalities_latest"]) == (12, 12)
    assert client.get("/api/events/999999").status_code == 404
    assert client.get("/api/events/abc").status_code == 422


def test_an_article_has_its_text_and_every_mention(client: TestClient) -> None:
    event = client.get("/api/events?type=ASSAULT&near=Kharkiv").json()["events"][0]
    article_id = client.get(f"/api/events/{event['id']}").json()["sources"][0]["article_id"]
    article = client.get(f"/api/articles/{article_id}").json()
    text = article["text"]
    assert text == STRIKE
    [actor] = article["actors"]
    start, end = actor["mentions"][0]
    assert text[start:end] == "Syniehubov"
    assert article["places"][0]["name"] == "Kharkiv"
    assert article["quotes"][0]["speaker"] == "Oleh Syniehubov"
    assert article["events"][0]["evidence"] == [[0, len(STRIKE)]]
    assert client.get("/api/articles/" + "0" * 64).status_code == 404
    assert client.get("/api/articles/not-an-id").status_code == 422


def test_quotes_by_speaker(client: TestClient) -> None:
    assert [q["speaker"] for q in client.get("/api/quotes?speaker=syniehubov").json()[
        "quotes"]] == ["Oleh Syniehubov"]
    assert client.get("/api/quotes?speaker=nobody").json()["quotes"] == []


def test_quotes_are_speech_unless_another_cue_class_is_asked_for(db: str) -> None:
    believed = strike_report("Governor Syniehubov believes power will be back in Kharkiv.",
                             killed=None)
    _fill(db, [replace(believed, quotes=tuple(
        replace(q, kind="indirect", cue="believes", cue_class="belief") for q in believed.quotes))])
    with TestClient(create_app(Settings(db_url=db)), base_url="http://localhost") as client:
        def classes(query: str) -> list[str]:
            found = client.get("/api/quotes" + query).json()["quotes"]
            return sorted(q["cue_class"] for q in found)

        assert classes("") == ["speech"]
        assert classes("?cue_class=belief") == ["belief"]
        assert classes("?cue_class=all") == ["belief", "speech"]
        assert client.get("/api/quotes?cue_class=rumour").status_code == 422


@pytest.mark.parametrize(("fmt", "marker"), [
    ("acled", b"event_date"), ("plover", b'"event": "PROTEST"'),
    ("geojson", b'"FeatureCollection"'), ("parquet", b"PAR1"),
])
def test_exports_download_every_event(client: TestClient, fmt: str, marker: bytes) -> None:
    response = client.get(f"/api/export?format={fmt}")
    assert response.status_code == 200
    assert marker in response.content
    assert client.get("/api/export?format=xlsx").status_code == 422


def test_the_api_is_read_only_without_a_token(client: TestClient) -> None:
    response = client.post("/api/ingest", json={"text": ODESA_STRIKE})
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_ingest_needs_the_right_bearer_token(db: str) -> None:
    app = create_app(Settings(db_url=db, ingest_token=TOKEN))
    with TestClient(app, base_url=LOCAL) as c:
        assert c.post("/api/ingest", json={"text": "x" * 50}).status_code == 401
        wrong = c.post("/api/ingest", json={"text": "x" * 50},
                       headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        both = c.post("/api/ingest", json={"text": "a", "url": "https://example.org/"},
                      headers={"Authorization": f"Bearer {TOKEN}"})
        assert both.status_code == 422


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/api/events", "http://10.1.2.3/article", "http://169.254.169.254/latest",
    "http://localhost/", "http://[::1]/", "file:///etc/passwd", "http://0177.0.0.1/",
    "http://[::ffff:10.0.0.1]/", "http://100.64.0.1/",
])
def test_ingest_refuses_urls_on_private_addresses(db: str, url: str) -> None:
    app = create_app(Settings(db_url=db, ingest_token=TOKEN))
    with TestClient(app, base_url=LOCAL) as c:
        response = c.post("/api/ingest", json={"url": url},
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 422
    assert "refused" in response.json()["detail"] or "only http" in response.json()["detail"]


def test_ingest_of_text_goes_through_the_pipeline(
        db: str, extract: Callable[..., Report]) -> None:
    # The session pipeline is loaded by the fixture; the endpoint builds its own on first use.
    text = ("KYIV, Ukraine - Russian drones struck an energy facility in the Odesa region "
            "overnight, killing two workers, the regional governor said on Monday.")
    report_json.validate(report_json.to_json(extract(text, published="2024-04-01")))
    app = create_app(Settings(db_url=db, ingest_token=TOKEN))
    with TestClient(app, base_url=LOCAL) as c:
        response = c.post("/api/ingest", json={"text": text, "published": "2024-04-01"},
                          headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "added"
        again = c.post("/api/ingest", json={"text": text, "published": "2024-04-01"},
                       headers={"Authorization": f"Bearer {TOKEN}"})
        assert again.json()["status"] == "duplicate"


def test_the_page_and_openapi_are_served(client: TestClient) -> None:
    assert "sitrep" in client.get("/").text
    spec = client.get("/openapi.json").json()
    assert "/api/events" in spec["paths"]
    docs = client.get("/docs").text
    # Offline: the API docs load the vendored Swagger UI, nothing from another host.
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert "https://" not in docs
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_real_uvicorn_serves_the_api(db: str) -> None:
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db_url=db)), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        response = httpx.get(f"http://127.0.0.1:{port}/api/events?type=ASSAULT", timeout=5)
        assert response.status_code == 200
        assert response.json()["total"] == 2
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_sitrep_serve_serves_read_only_from_the_command_line(db: str) -> None:
    import subprocess
    import sys

    port = _free_port()
    # `python -m sitrep.cli` runs the code under test wherever it is (a worktree too), not
    # whatever the installed console script points at.
    process = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "serve", "--db", db,
                                "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                events = httpx.get(base + "/api/events?country=UA", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.2)
        assert events.json()["total"] == 3
        assert httpx.post(base + "/api/ingest", json={"text": STRIKE}).status_code == 403
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_towns_label_the_map_largest_first(client: TestClient) -> None:
    towns = client.get("/api/towns?bbox=35.5,49.5,37.0,50.5&limit=3").json()["towns"]
    assert towns[0]["name"] == "Kharkiv" and len(towns) == 3
    assert all(35.5 <= t["lon"] <= 37.0 and 49.5 <= t["lat"] <= 50.5 for t in towns)
    assert [t["population"] for t in towns] == sorted((t["population"] for t in towns),
                                                      reverse=True)
    assert client.get("/api/towns?bbox=1,2,3").status_code == 422
    assert client.get("/api/towns").status_code == 422
