"""`sitrep events` lists in the API's order on both backends: newest first, ties by id, undated
last (PostgreSQL sorts nulls first in a descending order unless told otherwise)."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from fastapi.testclient import TestClient

from sitrep.api.app import create_app
from sitrep.cli.main import main
from sitrep.settings import Settings
from tests.api.test_paging import KYIV, LVIV, _all_pages, _event, _insert

pytest_plugins = ["tests.store.helpers"]


@pytest.fixture
def db(db_url: str) -> str:
    """60 events over ten days (several a day) and eight undated, inserted in random order."""
    rng = random.Random(11)
    start = dt.date(2024, 5, 1)
    rows = [_event(rng, start + dt.timedelta(days=rng.randrange(10)), rng.choice((KYIV, LVIV)))
            for _ in range(60)]
    rows += [_event(rng, None, KYIV) for _ in range(8)]
    rng.shuffle(rows)
    _insert(db_url, rows)
    return db_url


def _listed(db: str, capsys: pytest.CaptureFixture[str], *options: str) -> list[dict[str, str]]:
    assert main(["events", "--db", db, "--format", "json", "--all-articles", *options]) == 0
    found: list[dict[str, str]] = json.loads(capsys.readouterr().out)
    return found


def test_the_cli_lists_events_in_the_apis_order(db: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    listed = _listed(db, capsys)
    with TestClient(create_app(Settings(db_url=db)), base_url="http://localhost") as client:
        paged = _all_pages(client, "", 25)
    assert [e["id"] for e in listed] == [e["id"] for e in paged]
    assert len(listed) == 68
    assert [e["start"] for e in listed[-8:]] == [None] * 8
    dated = [(e["start"], e["id"]) for e in listed[:-8]]
    assert dated == sorted(dated, reverse=True)


def test_a_limit_takes_the_newest_and_reaches_the_undated_last(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    everything = [e["id"] for e in _listed(db, capsys)]
    assert [e["id"] for e in _listed(db, capsys, "--limit", "5")] == everything[:5]
    # A limit past the dated events takes the newest undated ones after them.
    assert [e["id"] for e in _listed(db, capsys, "--limit", "63")] == everything[:63]
    assert [e["id"] for e in _listed(db, capsys, "--limit", "100")] == everything
