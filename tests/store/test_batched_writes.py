"""Storing an article takes a fixed number of statements, and fusion's lookups are indexed."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from sitrep.model import EventPlace, Report
from sitrep.store import Store
from tests.store.helpers import strike_report

pytest_plugins = ["tests.store.helpers"]  # the db_url and store fixtures

TOWNS = [EventPlace(f"Town {i}", 45.0 + i, 30.0 + (i % 7), "UA", f"Oblast {i}", 1)
         for i in range(24)]


def _many_events(text: str, towns: range, *, day: int = 13) -> Report:
    """A report of strikes, one in each of these towns (so each is its own event)."""
    base = strike_report(text, date=f"2024-03-{day:02d}")
    event = base.events[0]
    events = tuple(replace(event, id=f"{base.article.id}:{n}", place=TOWNS[i],
                           evidence=((0, len(text)),)) for n, i in enumerate(towns))
    return replace(base, events=events)


def _statements(store: Store, report: Report) -> list[str]:
    """The statements storing the report sends (an executemany counts once)."""
    sent: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        sent.append(statement.split("(")[0].strip())

    sa.event.listen(store.engine, "before_cursor_execute", count)
    try:
        assert store.add(report).status == "added"
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count)
    return sent


def test_the_statements_of_an_article_do_not_grow_with_its_events(store: Store) -> None:
    store.add(_many_events("A first strike report.", range(23, 24), day=1))  # warm up
    one = _statements(store, _many_events("One strike in one town.", range(1)))
    twenty = _statements(store, _many_events("Twenty strikes in twenty towns.", range(1, 21)))
    # The same events told again by another article: every event is kept and updated.
    again = _statements(store, _many_events("The twenty strikes, told again.", range(1, 21)))
    if store.engine.dialect.name == "postgresql":
        assert len(twenty) == len(one)  # each statement is a round trip: a fixed number
    else:
        # SQLite writes new events one by one, so that their ids come back in order; it is
        # in the process, without round trips. Every other statement is sent once.
        assert [s for s in twenty if s != "INSERT INTO events"] == [
            s for s in one if s != "INSERT INTO events"]
    assert len(set(again)) <= len(set(one)) + 3  # the group's lookup, kept events, old keys
    assert len(again) <= len(set(again)) + 2
    assert store.table_sizes()["events"] == 1 + 1 + 20
    assert store.table_sizes()["event_sources"] == 1 + 1 + 20 + 20


def test_a_mention_that_probes_hundreds_of_keys_finds_its_event(store: Store) -> None:
    # A month-precision mention probes a key per week, in each place key: well over the
    # chunk of one IN list on SQLite, one array on PostgreSQL.
    store.add(strike_report("Missiles hit Kharkiv overnight, officials said."))
    vague = strike_report("In March, Russia struck Kharkiv, killing 12.", date="2024-03",
                          precision="month")
    assert store.add(vague).joined == 1
    assert store.table_sizes()["events"] == 1


def _plan(store: Store, sql: str) -> str:
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            return " ".join(str(row[-1]) for row in conn.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {sql}"))
        # A few rows: PostgreSQL would rightly scan them. Forbid scans to see the index it
        # has for the lookup (without one the plan is still a sequential scan).
        conn.exec_driver_sql("SET enable_seqscan TO off")
        return " ".join(str(row[0]) for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))


@pytest.mark.parametrize("sql", [
    "SELECT event_id FROM event_keys WHERE key = 'x'",
    "DELETE FROM event_keys WHERE event_id = 1",
    "UPDATE count_history SET event_id = 1 WHERE mention_id = 'x'",
    "UPDATE event_sources SET event_id = 1 WHERE mention_id = 'x'",
    "UPDATE event_mentions SET event_id = 1 WHERE id = 'x'",
    "SELECT id FROM event_mentions WHERE event_id = 1",
    "DELETE FROM count_history WHERE article_id = 'x'",
    "DELETE FROM event_sources WHERE article_id = 'x'",
])
def test_the_lookups_of_fusion_and_deletion_use_an_index(store: Store, sql: str) -> None:
    store.add(strike_report("Missiles hit Kharkiv overnight, officials said."))
    plan = _plan(store, sql)
    assert "INDEX" in plan.upper() or "Index" in plan, plan
    assert "Seq Scan" not in plan and not plan.startswith("SCAN "), plan
