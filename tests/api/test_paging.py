"""The API at scale: keyset pages, the page's aggregates (counts, timeline, clusters), gzip."""

from __future__ import annotations

import datetime as dt
import gzip
import random
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from sitrep.api.aggregates import timeline
from sitrep.api.app import create_app
from sitrep.api.cursor import Cursor, decode, encode
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store import schema as t

LOCAL = "http://localhost"
NOW = dt.datetime(2026, 1, 1)
KYIV, LVIV = (50.45, 30.52), (49.84, 24.03)


def _event(rng: random.Random, day: dt.date | None, at: tuple[float, float] | None,
           kind: str = "ASSAULT", country: str = "UA") -> dict[str, Any]:
    return {"type": kind, "status": "reported", "actor1": "Russian forces", "actor2": None,
            "date_start": day, "date_end": day, "date_precision": "day" if day else None,
            "place": "Kyiv" if at == KYIV else "Lviv" if at else None,
            "lat": at[0] if at else None, "lon": at[1] if at else None, "country": country,
            "sources": 1, "fatalities": rng.randint(0, 5), "fatalities_latest": None,
            "first_seen": NOW, "updated_at": NOW}


def _insert(db: str, rows: list[dict[str, Any]]) -> None:
    with open_store(Settings(), db) as store, store.engine.begin() as conn:
        conn.execute(sa.insert(t.events), rows)


pytest_plugins = ["tests.store.helpers"]


@pytest.fixture
def db(db_url: str) -> str:
    """250 events: many on the same days (ties broken by id), at Kyiv or Lviv, ten undated;
    on SQLite, then on PostgreSQL (tests.store.helpers' db_url)."""
    rng = random.Random(5)
    start = dt.date(2024, 1, 1)
    rows = [_event(rng, start + dt.timedelta(days=rng.randrange(40)), rng.choice((KYIV, LVIV)),
                   rng.choice(("ASSAULT", "PROTEST"))) for _ in range(240)]
    rows += [_event(rng, None, KYIV) for _ in range(10)]
    _insert(db_url, rows)
    return db_url


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db_url=db)), base_url=LOCAL) as c:
        yield c


def _all_pages(client: TestClient, query: str, limit: int) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    body = client.get(f"/api/events?limit={limit}{query}").json()
    while True:
        seen += body["events"]
        if not body["next_cursor"]:
            return seen
        body = client.get(f"/api/events?limit={limit}{query}&cursor={body['next_cursor']}").json()


def _order_key(e: dict[str, Any]) -> tuple[int, str, int]:
    """Newest first, undated last, ties by id descending (as a sort key, ascending)."""
    return (e["start"] is None, "" if e["start"] is None else
            "".join(chr(0x7F - ord(ch)) for ch in e["start"]), -e["id"])


def test_cursor_pages_cover_every_event_once_in_order(client: TestClient) -> None:
    events = _all_pages(client, "", 17)
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids)) == 250
    assert events == sorted(events, key=_order_key)
    assert [e["start"] for e in events[-10:]] == [None] * 10  # undated last, on both backends
    # The same filter through offsets lists the same events in the same order.
    offsets: list[int] = []
    for offset in range(0, 250, 50):
        offsets += [e["id"] for e in client.get(
            f"/api/events?limit=50&offset={offset}").json()["events"]]
    assert offsets == ids


def test_cursor_pages_stay_whole_when_events_arrive_between_pages(
        client: TestClient, db: str) -> None:
    first = client.get("/api/events?limit=60&type=ASSAULT").json()
    cursor = decode(first["next_cursor"])
    assert cursor.date is not None
    rng = random.Random(9)
    # Newer than the cursor (belong to pages already read) and older (to pages still ahead).
    newer = [_event(rng, cursor.date + dt.timedelta(days=3), KYIV) for _ in range(5)]
    older = [_event(rng, cursor.date - dt.timedelta(days=2), LVIV) for _ in range(7)]
    _insert(db, newer + older)
    rest = _all_pages(client, f"&type=ASSAULT&cursor={first['next_cursor']}", 25)
    ids = [e["id"] for e in first["events"] + rest]
    assert len(ids) == len(set(ids))  # no event twice
    with open_store(Settings(), db) as store, store.engine.connect() as conn:
        stored = conn.execute(sa.select(t.events.c.id, t.events.c.date_start).where(
            t.events.c.type == "ASSAULT")).all()
    # No gap: every event at or past the cursor at the time of reading is listed once.
    expected = {i for i, day in stored if day is None or day < cursor.date
                or (day == cursor.date and i <= cursor.id)}
    shown_before = {e["id"] for e in first["events"]}
    assert {e["id"] for e in rest} == expected - shown_before
    assert len(rest) == len(expected - shown_before)
    assert not any(e["start"] and e["start"] > cursor.date.isoformat() for e in rest)


def test_a_first_page_counts_up_to_a_cap_and_later_pages_count_nothing(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.api import queries

    body = client.get("/api/events?limit=10").json()
    assert (body["total"], body["total_capped"]) == (250, False)
    monkeypatch.setattr(queries, "TOTAL_CAP", 100)
    capped = client.get("/api/events?limit=10").json()
    assert (capped["total"], capped["total_capped"]) == (100, True)
    later = client.get(f"/api/events?limit=10&cursor={body['next_cursor']}").json()
    assert later["total"] is None and later["next_offset"] is None


def test_a_cursor_is_opaque_and_checked(client: TestClient) -> None:
    token = encode(Cursor(dt.date(2024, 1, 5), 42))
    assert decode(token) == Cursor(dt.date(2024, 1, 5), 42)
    assert decode(encode(Cursor(None, 7))) == Cursor(None, 7)
    for bad in ("abc", encode(Cursor(None, 7)) + "x", "W10", "WyIyMDI0LTEzLTAxIiwxXQ"):
        response = client.get("/api/events?cursor=" + bad)
        assert response.status_code == 422, bad
        assert "cursor" in response.text
    assert client.get(f"/api/events?cursor={token}&offset=5").status_code == 422


def test_the_summary_counts_by_type_and_day_without_loading_rows(client: TestClient) -> None:
    listed = _all_pages(client, "&type=PROTEST", 100)
    summary = client.get("/api/events/summary?type=PROTEST").json()
    assert summary["total"] == len(listed)
    assert summary["types"] == {"PROTEST": len(listed)}
    bars = summary["timeline"]["bars"]
    assert summary["timeline"]["unit"] == "day"
    per_day: dict[str, int] = {}
    for e in listed:
        per_day[e["start"]] = per_day.get(e["start"], 0) + 1
    assert {d: n for d, _, n in bars} == per_day
    whole = client.get("/api/events/summary").json()
    assert whole["total"] == 250 and sum(whole["types"].values()) == 250


def test_a_long_timeline_has_bars_of_weeks_then_months() -> None:
    day = dt.date(2020, 1, 1)
    short = timeline([(day, "ASSAULT", 2), (day + dt.timedelta(days=30), "ASSAULT", 1)])
    assert short["unit"] == "day" and len(short["bars"]) == 2
    years = timeline([(day, "ASSAULT", 2), (day + dt.timedelta(days=3), "ASSAULT", 1),
                      (day + dt.timedelta(days=700), "PROTEST", 4)])
    assert years["unit"] == "week"
    assert years["bars"] == [["2019-12-30", "ASSAULT", 3], ["2021-11-29", "PROTEST", 4]]
    decade = timeline([(day, "ASSAULT", 1), (dt.date(2029, 6, 9), "ASSAULT", 1)])
    assert decade["unit"] == "month" and decade["bars"][-1][0] == "2029-06-01"


def test_clusters_count_every_placed_event_once_by_cell(client: TestClient) -> None:
    coarse = client.get("/api/events/clusters?cell=45").json()["clusters"]
    assert len(coarse) == 1  # Kyiv and Lviv share a cell of 45 degrees
    assert coarse[0]["count"] == 250
    fine = client.get("/api/events/clusters?cell=1").json()["clusters"]
    listed = _all_pages(client, "", 250)
    assert sorted(c["count"] for c in fine) == sorted(
        len([e for e in listed if e["place"] == place]) for place in ("Kyiv", "Lviv"))
    for c in fine:
        w, s, e, n = c["box"]
        assert w <= c["lon"] <= e and s <= c["lat"] <= n
        assert "events" not in c  # too many to list: the page zooms in instead
    west = client.get("/api/events/clusters?cell=1&bbox=20,45,28,52").json()["clusters"]
    assert [c["box"][0] for c in west] == [LVIV[1]]
    assert client.get("/api/events/clusters?cell=0").status_code == 422


def test_a_small_cluster_lists_its_events_and_a_lone_event_is_itself(
        client: TestClient, db: str) -> None:
    rng = random.Random(2)
    _insert(db, [_event(rng, dt.date(2024, 5, 1), (10.0, 10.0), "PROTEST", "NG")] * 3
            + [_event(rng, dt.date(2024, 5, 2), (12.0, 12.0), "PROTEST", "NG")])
    found = client.get("/api/events/clusters?cell=0.001&country=NG").json()["clusters"]
    by_count = {c["count"]: c for c in found}
    assert set(by_count) == {1, 3}
    assert [e["country"] for e in by_count[3]["events"]] == ["NG"] * 3
    [lone] = by_count[1]["events"]
    assert (lone["lat"], lone["lon"], lone["start"]) == (12.0, 12.0, "2024-05-02")


def test_json_is_gzipped_with_the_security_headers_kept(client: TestClient) -> None:
    response = client.get("/api/events?limit=50", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in response.headers
    raw = client.get("/api/events?limit=50", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers
    assert raw.json() == response.json()
    assert len(gzip.compress(raw.content)) < len(raw.content) / 3
    tiny = client.get("/api/config", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in tiny.headers  # too small to be worth it


def test_the_filters_have_their_indexes(db: str) -> None:
    """What the page's queries seek on (the plans are in benchmarks/RESULTS.md)."""
    with open_store(Settings(), db) as store, store.engine.connect() as conn:
        indexes = sa.inspect(conn).get_indexes("events")
        postgres = conn.dialect.name == "postgresql"
    found = {tuple(ix["column_names"]) for ix in indexes}
    wanted = {("date_start", "type", "date_precision")}
    if postgres:  # SQLite's indexes end with the id (its rowid) already
        wanted |= {("date_start", "id"), ("type", "date_start", "id"),
                   ("country", "date_start", "id"), ("country", "type", "date_start", "id"),
                   ("lat", "lon"), ("fatalities", "date_start", "id")}
        # with the columns a walk of the dates tests, so that it reads the index alone
        # (migration 18)
        kept = {tuple(ix["column_names"]): set(ix.get("dialect_options", {}).get(
            "postgresql_include", [])) for ix in indexes}
        assert {"lat", "lon", "fatalities", "status", "date_end"} <= kept[("date_start", "id")]
        assert {"date_end", "status"} <= kept[("type", "date_start", "id")]
        assert {"date_end", "status"} <= kept[("country", "type", "date_start", "id")]  # 19
        assert {"date_start", "id"} <= kept[("lat", "lon")]  # 19
    else:  # with the dates a first page tests and sorts by (migration 17)
        wanted |= {("type", "date_start", "id", "date_end"),
                   ("country", "type", "date_start", "id", "date_end"),
                   ("lat", "lon", "date_start"), ("fatalities", "date_start")}
    assert wanted <= found


def test_a_crowded_box_lists_the_same_pages_by_walking_the_dates(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.api import queries

    box = "&bbox=30,50,31,51"
    sparse = _all_pages(client, box, 30)
    monkeypatch.setattr(queries, "CROWDED", 10)  # now the box counts as crowded
    assert _all_pages(client, box, 30) == sparse
    assert {e["place"] for e in sparse} == {"Kyiv"} and len(sparse) > 30


def test_a_crowded_box_counts_its_first_page_total_as_a_sparse_one(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.api import queries

    query = "/api/events?limit=10&bbox=30,50,31,51"
    sparse = client.get(query).json()
    monkeypatch.setattr(queries, "CROWDED", 10)
    crowded = client.get(query).json()
    assert crowded["total"] == sparse["total"] > 10
    monkeypatch.setattr(queries, "TOTAL_CAP", 20)  # and the cap holds on the other index
    capped = client.get(query).json()
    assert (capped["total"], capped["total_capped"]) == (20, True)


def test_few_events_are_clustered_by_place_whatever_the_cell_asked(client: TestClient) -> None:
    few = client.get("/api/events/clusters?cell=45&detail=300").json()
    assert few["cell"] == 0.001 and len(few["clusters"]) == 2  # Kyiv and Lviv
    many = client.get("/api/events/clusters?cell=45&detail=100").json()
    assert many["cell"] == 45 and len(many["clusters"]) == 1
    assert client.get("/api/events/clusters?detail=100000").status_code == 422


def test_near_pages_by_cursor_list_exactly_the_events_in_the_radius(client: TestClient) -> None:
    everything = _all_pages(client, "", 250)
    kyiv = [e for e in everything if e["place"] == "Kyiv"]
    near = _all_pages(client, f"&near={KYIV[0]},{KYIV[1]}&km=5", 20)
    assert near == kyiv  # same events, same order, Lviv (540 km away) left out
    first = client.get(f"/api/events?limit=20&near={KYIV[0]},{KYIV[1]}&km=5").json()
    assert first["total"] == len(kyiv)


@pytest.mark.parametrize("box", ["30,50,31,51", "24,49,31,51", "0,0,1,1"])
def test_a_box_alone_has_the_total_of_the_events_it_lists(
        client: TestClient, box: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite sums a box's total from the kept counts by point: the events it lists."""
    from sitrep.api import queries

    monkeypatch.setattr(queries, "TOTAL_CAP", 10_000)
    listed = _all_pages(client, f"&bbox={box}", 30)
    first = client.get(f"/api/events?limit=30&bbox={box}").json()
    assert first["total"] == len(listed) and not first["total_capped"]
