"""The API's HTTP status comes from the error's type, never from the words of its message."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.api.app import create_app
from sitrep.api.errors import status_of
from sitrep.errors import (
    FetchError,
    InputError,
    LanguageError,
    NotFoundError,
    SitrepError,
    StoreError,
)
from sitrep.settings import Settings
from sitrep.store import open_store
from tests.store.helpers import strike_report

LOCAL = "http://localhost"  # a Host the app serves (settings.served_hosts)

pytest_plugins = ["tests.store.helpers"]

TOKEN = "s3cret-token"


class QuotaError(InputError):
    """An input error sitrep does not list: it takes its parent's status."""


class WorkerLost(SitrepError):
    """A typed error of the server's own."""


def test_each_error_type_has_its_status() -> None:
    assert status_of(NotFoundError("4242", "no such event")) == 404
    assert status_of(NotFoundError("4242", "gone from the store")) == 404
    # Words do not decide: an input error that says "no such" is still the caller's input.
    assert status_of(InputError("Qwxzville", "no such place in the gazetteer")) == 422
    assert status_of(FetchError("https://example.org/a", "HTTP 404")) == 422
    assert status_of(LanguageError("api", "not in English (detected: de)")) == 422
    assert status_of(QuotaError("api", "too many articles today")) == 422
    assert status_of(StoreError("sqlite:///x.db", "could not write")) == 500
    assert status_of(WorkerLost("worker-3", "no such worker")) == 500


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'errors.db'}"
    with open_store(Settings(), url) as store:
        store.add(strike_report("A Russian missile strike on Kharkiv killed 12 people on "
                                "Wednesday, governor Oleh Syniehubov said."))
    return url


def test_unknown_ids_are_404_and_bad_filters_422_with_the_error_as_detail(db: str) -> None:
    with TestClient(create_app(Settings(db_url=db)), base_url=LOCAL) as client:
        missing = client.get("/api/events/4242")
        assert (missing.status_code, missing.json()) == (
            404, {"detail": "4242: no such event; list them with `sitrep events`"})
        article = client.get("/api/articles/" + "0" * 64)
        assert (article.status_code, article.json()) == (
            404, {"detail": f"{'0' * 64}: no such article"})
        near = client.get("/api/events?near=Qwxzvillebergstadt")
        assert (near.status_code, near.json()) == (
            422, {"detail": "near: no such place in the gazetteer; give coordinates as LAT,LON"})
        country = client.get("/api/events?country=Narnia")
        assert country.status_code == 422
        assert country.json()["detail"].startswith("Narnia: unknown country")


@pytest.mark.slow
def test_a_store_that_cannot_write_is_a_server_error(db: str, tmp_path: Path) -> None:
    app = create_app(Settings(db_url=db, ingest_token=TOKEN))
    with TestClient(app, base_url=LOCAL) as client:
        # The database breaks under the running server: its failure is not the caller's.
        with sqlite3.connect(tmp_path / "errors.db") as conn:
            conn.execute("DROP TABLE articles")
        text = ("KYIV, Ukraine - Russian drones struck an energy facility in the Odesa region "
                "overnight, killing two workers, the regional governor said on Monday.")
        response = client.post("/api/ingest", json={"text": text},
                               headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 500
        assert "could not store" in response.json()["detail"]
