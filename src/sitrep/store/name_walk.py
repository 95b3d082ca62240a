"""SQLite: the events of each actor name in date order, for a page of the `actor` filter.

A page of an actor walked the date index and tested each row's names with LIKE, and its first
page counted up to a thousand matches the same way: tens of thousands of table rows for a name
in one event of thirty (12-13 ms at a million events). Here each name an event carries (actor1,
and actor2 when it differs) is a row of `event_names` (name, day, event id), indexed in that
order, and `actor_names` lists every name with how many events carry it. A filter's spellings
are matched against the names (a few hundred or thousand rows, not a million), and the page
walks each matching name's events newest first, merged by date (`api.name_walk`). Triggers on
`events` keep both tables exact through every insert, change of names or date, and delete.
PostgreSQL has none of this: its planner reads the trigram indexes or walks the dates itself.
"""

from __future__ import annotations

import sqlalchemy as sa

_metadata = sa.MetaData()

event_names = sa.Table(
    "event_names", _metadata,
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("day", sa.Date, comment="the event's date_start (null: undated)"),
    sa.Column("id", sa.Integer, nullable=False, comment="the event's id"),
)
actor_names = sa.Table(
    "actor_names", _metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("n", sa.Integer, nullable=False, comment="rows of event_names with this name"),
)

WALK_INDEX = "ix_event_names_walk"

_ADD = ("INSERT INTO event_names (name, day, id) SELECT new.actor1, new.date_start, new.id "
        "WHERE new.actor1 IS NOT NULL; "
        "INSERT INTO event_names (name, day, id) SELECT new.actor2, new.date_start, new.id "
        "WHERE new.actor2 IS NOT NULL AND new.actor2 IS NOT new.actor1;")
_TAKE = ("DELETE FROM event_names WHERE name IN (old.actor1, old.actor2) "
         "AND day IS old.date_start AND id = old.id;")

_TRIGGERS = {
    "names_counted": ("AFTER INSERT ON event_names",
                      "INSERT INTO actor_names (name, n) VALUES (new.name, 1) "
                      "ON CONFLICT (name) DO UPDATE SET n = n + 1;"),
    "names_uncounted": ("AFTER DELETE ON event_names",
                        "UPDATE actor_names SET n = n - 1 WHERE name = old.name;"),
    "events_named": ("AFTER INSERT ON events", _ADD),
    "events_unnamed": ("AFTER DELETE ON events", _TAKE),
    "events_renamed": ("AFTER UPDATE OF actor1, actor2, date_start ON events", _TAKE + " " + _ADD),
}
"""The triggers that keep both tables, by name: (when, statements)."""


def create(conn: sa.Connection) -> None:
    """The migration step (SQLite only): both tables filled from the stored events, then
    the triggers that keep them."""
    run = conn.exec_driver_sql
    run("CREATE TABLE IF NOT EXISTS event_names (name TEXT NOT NULL, day DATE, "
        "id INTEGER NOT NULL)")
    run("CREATE TABLE IF NOT EXISTS actor_names (name TEXT PRIMARY KEY, n INTEGER NOT NULL) "
        "WITHOUT ROWID")
    # Filled before the index and the triggers: one sort, not a million index inserts (and
    # a database that had the step already, its version taken back, is filled once again).
    for name in _TRIGGERS:
        run(f"DROP TRIGGER IF EXISTS {name}")
    run(f"DROP INDEX IF EXISTS {WALK_INDEX}")
    run("DELETE FROM event_names")
    run("DELETE FROM actor_names")
    run("INSERT INTO event_names (name, day, id) "
        "SELECT actor1, date_start, id FROM events WHERE actor1 IS NOT NULL "
        "UNION ALL SELECT actor2, date_start, id FROM events "
        "WHERE actor2 IS NOT NULL AND actor2 IS NOT actor1")
    run("INSERT INTO actor_names (name, n) SELECT name, count(*) FROM event_names GROUP BY name")
    # (name, day, id): one name's events newest first is a walk of it backwards; a delete
    # finds its rows by all three.
    run(f"CREATE INDEX IF NOT EXISTS {WALK_INDEX} ON event_names (name, day, id)")
    for name, (when, body) in _TRIGGERS.items():
        run(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
