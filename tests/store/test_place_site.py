"""An event's site and the way its place was chosen are stored and served (migration 14)."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from fastapi.testclient import TestClient

from sitrep.api.app import create_app
from sitrep.model import Report
from sitrep.settings import Settings
from sitrep.store import Store
from sitrep.store import schema as t
from sitrep.store.migrations import MIGRATIONS, migrate
from sitrep.store.queries import EventFilter, find_events
from tests.store.helpers import KHARKIV, KHARKIV_OBLAST, strike_report

pytest_plugins = ["tests.store.helpers"]  # the db_url and store fixtures


def _at_site(report: Report, site: str | None, source: str) -> Report:
    event = report.events[0]
    assert event.place is not None
    place = replace(event.place, site=site, source=source)  # type: ignore[arg-type]
    return replace(report, events=(replace(event, place=place),))


def test_an_events_site_is_stored_and_served(store: Store, db_url: str) -> None:
    store.add(_at_site(strike_report("A missile hit the Azot plant in Kharkiv, killing 12."),
                       'the "Azot" plant', "clause"))
    [event] = find_events(store, EventFilter())
    assert (event["place"], event["place_site"], event["place_source"]) == (
        "Kharkiv", 'the "Azot" plant', "clause")
    with TestClient(create_app(Settings(db_url=db_url)), base_url="http://localhost") as client:
        [served] = client.get("/api/events").json()["events"]
    assert (served["place_site"], served["place_source"]) == ('the "Azot" plant', "clause")


def test_the_site_goes_with_the_place_the_event_keeps(store: Store) -> None:
    # The oblast-level report comes first; the town-level one gives the event its finer place,
    # and the site named with that place.
    store.add(_at_site(strike_report("Russian missiles hit Kharkiv Oblast, killing 12.",
                                     place=KHARKIV_OBLAST), None, "dateline"))
    store.add(_at_site(strike_report("Missiles hit a school on Sumska Street in Kharkiv."),
                       "a school on Sumska Street", "sentence"))
    [event] = find_events(store, EventFilter())
    assert (event["place"], event["place_site"], event["place_source"]) == (
        KHARKIV.name, "a school on Sumska Street", "sentence")


def test_a_store_of_schema_13_gets_the_columns(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.execute(sa.delete(t.schema_version).where(t.schema_version.c.version >= 14))
        for column in ("place_site", "place_source"):
            conn.exec_driver_sql(f"ALTER TABLE events DROP COLUMN {column}")
    assert migrate(store.engine) == [step for step in MIGRATIONS if step.version >= 14]
    store.add(_at_site(strike_report("A missile hit the Azot plant in Kharkiv."),
                       "the Azot plant", "clause"))
    assert find_events(store, EventFilter())[0]["place_site"] == "the Azot plant"
