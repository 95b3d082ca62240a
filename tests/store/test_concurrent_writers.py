"""Several writers at once into one store (a `watch`, the API's ingest and a `sitrep ingest`
side by side): every article is stored once, reports of the same event fuse into one event,
and no writer fails on another's locks (the kept counts' upserts, the names' triggers)."""

from __future__ import annotations

import threading
from collections import Counter

import sqlalchemy as sa

from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store import schema as t
from tests.store.helpers import CHUHUIV, KHARKIV, ODESA, strike_report

pytest_plugins = ["tests.store.helpers"]

WRITERS = 4
REPORTS = 6
PLACES = (KHARKIV, ODESA, CHUHUIV)


def test_writers_at_once_store_each_article_once_and_fuse_each_event(db_url: str) -> None:
    with open_store(Settings(), db_url):
        pass  # made and migrated once, before the writers race to open it
    outcomes: Counter[str] = Counter()
    failures: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def write(writer: int) -> None:
        with open_store(Settings(), db_url) as store, store.adding() as add:
            start.wait()
            for i in range(REPORTS):
                place = PLACES[i % len(PLACES)]
                report = strike_report(
                    f"Writer {writer}, report {i}: a missile hit {place.name} on Wednesday "
                    "night, killing 12 people, officials said.", place=place)
                try:
                    outcomes[add(report).status] += 1
                except Exception as err:  # kept for the assertion below, which names it
                    failures.append(err)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert outcomes == {"added": WRITERS * REPORTS}
    with open_store(Settings(), db_url) as store, store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.articles)).scalar() \
            == WRITERS * REPORTS
        events = conn.execute(sa.select(t.events.c.place, t.events.c.sources)).all()
    assert sorted(events) == sorted((p.name, WRITERS * REPORTS // len(PLACES)) for p in PLACES)
