"""Hand-built reports for the store, fusion and export tests (no tests of its own)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.model import (
    Actor,
    Article,
    Count,
    Event,
    EventActor,
    EventPlace,
    Place,
    Quote,
    Report,
)
from sitrep.settings import Settings
from sitrep.store import Store, open_store

KHARKIV = EventPlace("Kharkiv", 49.98081, 36.25272, "UA", "Kharkiv Oblast", 1)
CHUHUIV = EventPlace("Chuhuiv", 49.83559, 36.68641, "UA", "Kharkiv Oblast", 1)
KHARKIV_OBLAST = EventPlace("Kharkiv Oblast", 49.5, 36.5, "UA", "Kharkiv Oblast", 3)
ODESA = EventPlace("Odesa", 46.47747, 30.73262, "UA", "Odessa", 1)
RUSSIA = EventActor("Russia", "RUS", "MIL")
CIVILIANS = EventActor("civilians", "UKR", "CVL")


def strike_report(
    text: str,
    *,
    published: str = "2024-03-14",
    url: str | None = None,
    date: str | None = "2024-03-13",
    precision: str = "day",
    place: EventPlace | None = KHARKIV,
    killed: int | None = 12,
    event_type: str = "ASSAULT",
    status: str = "reported",
    actor1: EventActor | None = RUSSIA,
) -> Report:
    """A one-event report of a strike, as the extractors will make it."""
    article_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    article = Article(
        id=article_id, text=text, url=url, title=text[:40], source="Wire",
        published=dt.date.fromisoformat(published), dateline=place.name if place else None,
        language="en", origin=url or f"test:{article_id[:8]}",
    )
    end = len(text)
    counts = (Count("killed", killed, "at least", "people"),) if killed is not None else ()
    event = Event(
        id=f"{article_id}:0", type=event_type, mode="aerial",
        acled_event_type="Explosions/Remote violence", acled_sub_event_type="Air/drone strike",
        actor1=actor1, actor2=CIVILIANS, date=date,
        date_precision=precision,  # type: ignore[arg-type]
        place=place, counts=counts, status=status,  # type: ignore[arg-type]
        evidence=((0, end),), confidence=0.8,
    )
    speaker = text.find("Syniehubov")
    quotes: tuple[Quote, ...] = ()
    actors: tuple[Actor, ...] = ()
    if speaker >= 0:
        actors = (Actor("Oleh Syniehubov", "person", "UKR", "GOV", "governor",
                        ((speaker, speaker + 10),)),)
        quotes = (Quote("The city was hit twice in one hour", 0, min(end, 35), "direct",
                        "Oleh Syniehubov", (speaker, speaker + 10), "said", "speech"),)
    places: tuple[Place, ...] = ()
    if place is not None:
        places = (Place(place.name, 706483, place.lat, place.lon, place.country, place.admin1,
                        place.precision, ((0, 1),)),)
    return Report(article=article, actors=actors, places=places, quotes=quotes, events=(event,))


PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards; skips without a server."""
    import psycopg

    try:
        admin = psycopg.connect(PG_ADMIN,
                                autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as err:
        pytest.skip(f"no PostgreSQL at 127.0.0.1:5432 ({str(err).strip().splitlines()[0]}); "
                    "start one (trust auth, user postgres) to run the PostgreSQL store tests")
    name = f"sitrep_test_{secrets.token_hex(6)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgresql://postgres@127.0.0.1:5432/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file, then a real PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sitrep.db'}"
    else:
        yield from postgres_database()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open, migrated store on each backend."""
    with open_store(Settings(), db_url) as opened:
        yield opened
