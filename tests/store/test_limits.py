"""The store's limits: figures of any size, and fresh stores opened by several processes at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitrep.model import Count, Report
from sitrep.store import Store, schema
from sitrep.store.queries import EventFilter, find_events
from tests.store.helpers import postgres_database, strike_report

pytest_plugins = ["tests.store.helpers"]  # the db_url and store fixtures

ROOT = Path(__file__).resolve().parents[2]
DISPLACED = ("Fighting in the region has displaced 2,500,000,000 people, aid agencies said, "
             "and a strike on Kharkiv killed 12.")


def _with_counts(text: str, *counts: Count) -> Report:
    report = strike_report(text)
    return replace(report, events=(replace(report.events[0], counts=counts),))


def _stored_values(store: Store) -> list[int]:
    with store.engine.connect() as conn:
        return sorted(conn.execute(sa.select(schema.count_history.c.value)).scalars())


def test_a_figure_above_two_to_the_31_is_stored_alike_on_both_backends(store: Store) -> None:
    report = _with_counts(DISPLACED, Count("displaced", 2_500_000_000, None, "people"),
                          Count("killed", 12, None, "people"))
    assert store.add(report).status == "added"
    assert _stored_values(store) == [12, 2_500_000_000]


@pytest.mark.parametrize("huge", [2**63, 10**300, 9_000_000_000, -5])
def test_a_figure_no_count_can_be_is_dropped_and_the_rest_kept(store: Store, huge: int) -> None:
    report = _with_counts(f"{DISPLACED} {huge}", Count("killed", huge, None, "people"),
                          Count("injured", 30, "at least", "people"))
    assert store.add(report).status == "added"
    assert _stored_values(store) == [30]
    assert store.table_sizes()["events"] == 1
    (event,) = find_events(store, EventFilter())
    assert event["fatalities"] is None


_OPEN_AND_ADD = """
import sys, time
from sitrep.settings import Settings
from sitrep.store import open_store
from tests.store.helpers import strike_report
url, start, text = sys.argv[1], float(sys.argv[2]), sys.argv[3]
time.sleep(max(0.0, start - time.time()))
with open_store(Settings(), url) as store:
    print(store.add(strike_report(text)).status)
"""


def _race(url: str, writers: int = 3) -> list[tuple[int, str, str]]:
    """Start processes that open the same new store at one instant and each add an article."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    start = time.time() + 2.5  # every interpreter has imported sitrep by then
    procs = [subprocess.Popen(
        [sys.executable, "-c", _OPEN_AND_ADD, url, str(start),
         f"Shelling hit Odesa overnight, writer {n} reported, and 3 people were killed."],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        for n in range(writers)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append((proc.returncode, out.strip(), err.strip()[-400:]))
    return results


def _assert_all_stored(url: str, results: list[tuple[int, str, str]]) -> None:
    assert all(code == 0 and out == "added" for code, out, _ in results), results
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            articles = conn.execute(sa.select(sa.func.count()).select_from(schema.articles))
            assert articles.scalar_one() == len(results)
            versions = conn.execute(sa.select(schema.schema_version.c.version)).scalars().all()
            assert sorted(versions) == sorted(set(versions))  # each step applied once
    finally:
        engine.dispose()


@pytest.mark.parametrize("round_", [1, 2])
def test_processes_opening_a_new_sqlite_store_at_once_all_store(tmp_path: Path,
                                                                round_: int) -> None:
    url = f"sqlite:///{tmp_path / f'fresh{round_}.db'}"
    _assert_all_stored(url, _race(url))


@pytest.mark.postgres
@pytest.mark.parametrize("round_", [1, 2])
def test_processes_opening_a_new_postgres_store_at_once_all_store(round_: int) -> None:
    for url in postgres_database():
        _assert_all_stored(url, _race(url))

