"""The events of each actor name in date order, for a page of the `actor` filter.

A page of an actor walked the date index and tested each row's names with LIKE, and its first
page counted up to a thousand matches the same way: tens of thousands of table rows for a name
in one event of thirty (12-13 ms at a million events). Here each name an event carries (actor1,
and actor2 when it differs) is a row of `event_names` (name, day, event id), indexed in that
order, and `actor_names` lists every name with how many events carry it. A filter's spellings
are matched against the names (a few hundred or thousand rows, not a million), and the page
walks each matching name's events newest first, merged by date (`api.name_walk`). Triggers on
`events` keep both tables exact through every insert, change of names or date, and delete.

SQLite has them since migration 17, PostgreSQL since 19: there a first page of an actor walked
the dates and tested `lower(actor) LIKE` on each row, and counted its thousand matches the same
way (about 23,000 rows, 20 ms of backend CPU at a million events). PostgreSQL's triggers run
once a statement over its rows (transition tables): a COPY, a bulk delete or a bulk change of
names changes each name's count once, not once a row (a million updates of a few dozen count
rows in one transaction leave chains of row versions each update walks).
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
    """The migration step: both tables filled from the stored events, then the triggers that
    keep them."""
    if conn.dialect.name == "postgresql":
        _create_postgres(conn)
        return
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


_NAMED = ("SELECT actor1 AS name, date_start AS day, id FROM {rows} AS r WHERE actor1 IS NOT NULL "
          "UNION ALL SELECT actor2, date_start, id FROM {rows} AS r "
          "WHERE actor2 IS NOT NULL AND actor2 IS DISTINCT FROM actor1")
"""The (name, day, id) rows of some events (``rows``: a table or a subquery of events)."""


def _added(rows: str) -> str:
    """PostgreSQL: the names of the events ``rows`` listed and their counts, and the counts."""
    return (f"WITH named AS (INSERT INTO event_names (name, day, id) {_NAMED.format(rows=rows)} "
            "RETURNING name) INSERT INTO actor_names (name, n) "
            "SELECT name, count(*) FROM named GROUP BY name "
            "ON CONFLICT (name) DO UPDATE SET n = actor_names.n + excluded.n")


def _taken(rows: str, dated: bool) -> str:
    """PostgreSQL: the names of the events ``rows`` lists taken out, dated or undated ones:
    each row found by equal (name, day, id), a seek of the walk index (`name IN (actor1,
    actor2)` or `day IS NOT DISTINCT FROM` would read every row, 1 ms an event at 6,000)."""
    day = "e.day = r.day" if dated else "e.day IS NULL AND r.day IS NULL"
    return (f"WITH gone AS (DELETE FROM event_names AS e USING ({_NAMED.format(rows=rows)}) "
            f"AS r WHERE e.name = r.name AND {day} AND e.id = r.id RETURNING e.name) "
            "UPDATE actor_names AS a SET n = a.n - g.n "
            "FROM (SELECT name, count(*) AS n FROM gone GROUP BY name) AS g "
            "WHERE a.name = g.name")


_CHANGED = " OR ".join(f"was.{c} IS DISTINCT FROM now.{c}"
                       for c in ("actor1", "actor2", "date_start"))


def _changed(row: str) -> str:
    """The events an UPDATE changed the names or the date of, as they were (``row`` "was")
    or are now ("now"), from the statement's transition tables."""
    return (f"(SELECT {row}.actor1, {row}.actor2, {row}.date_start, {row}.id FROM was "
            f"JOIN now ON now.id = was.id WHERE {_CHANGED})")


_FUNCTIONS = {
    "sitrep_names_added": _added("added"),
    "sitrep_names_taken": f"{_taken('taken', True)}; {_taken('taken', False)}",
    "sitrep_names_changed": (f"{_taken(_changed('was'), True)}; "
                             f"{_taken(_changed('was'), False)}; {_added(_changed('now'))}"),
}
"""PostgreSQL's trigger functions, by name: their statements."""

PG_TRIGGERS = {
    "event_names_added": ("AFTER INSERT ON events REFERENCING NEW TABLE AS added "
                          "FOR EACH STATEMENT", "sitrep_names_added"),
    "event_names_taken": ("AFTER DELETE ON events REFERENCING OLD TABLE AS taken "
                          "FOR EACH STATEMENT", "sitrep_names_taken"),
    # Once a statement too, so on every UPDATE of events: PostgreSQL allows transition tables
    # only on a trigger of every column. Once a row (with `UPDATE OF actor1, ...`), a change
    # of 6,667 events' actor2 in one statement took 5.4 s, not 0.5 (every count update walks
    # the row versions the transaction left before it); this costs the updates of other
    # columns the transition tables and a join on id (benchmarks/RESULTS.md, stop 25).
    "event_names_changed": ("AFTER UPDATE ON events REFERENCING OLD TABLE AS was "
                            "NEW TABLE AS now FOR EACH STATEMENT", "sitrep_names_changed"),
}
"""PostgreSQL's triggers on events, by name: (when, function)."""


def _create_postgres(conn: sa.Connection) -> None:
    run = conn.exec_driver_sql
    run("CREATE TABLE IF NOT EXISTS event_names (name TEXT NOT NULL, day DATE, "
        "id INTEGER NOT NULL)")
    run("CREATE TABLE IF NOT EXISTS actor_names (name TEXT PRIMARY KEY, n INTEGER NOT NULL)")
    # As on SQLite: filled before the index and the triggers (one sort, not a million index
    # inserts), and filled anew when the step runs again. In the index's order: a name's
    # walk then reads its rows from a few table pages, not one page a row (until a vacuum
    # marks them all-visible, a walk reads the table too), and the planner, seeing the order,
    # walks a name rather than sorting all its rows (a page of "israel": 0.8 ms, not 87).
    for name in PG_TRIGGERS:
        run(f"DROP TRIGGER IF EXISTS {name} ON events")
    run(f"DROP INDEX IF EXISTS {WALK_INDEX}")
    run("TRUNCATE event_names, actor_names")
    run(f"INSERT INTO event_names (name, day, id) SELECT * FROM "
        f"({_NAMED.format(rows='events')}) AS named ORDER BY name, day, id")
    run("INSERT INTO actor_names (name, n) SELECT name, count(*) FROM event_names GROUP BY name")
    run(f"CREATE INDEX {WALK_INDEX} ON event_names (name, day, id)")
    for name, body in _FUNCTIONS.items():
        run(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body}; RETURN NULL; END $$")
    for name, (when, function) in PG_TRIGGERS.items():
        run(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {function}()")
    # A filter's spellings are matched against the names with `lower(name) LIKE`: a few dozen
    # names here, perhaps a hundred thousand in a real archive, which pg_trgm's index answers
    # as migration 13's answers the events' names (left out where the extension is not).
    if conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first():
        run("CREATE INDEX IF NOT EXISTS ix_actor_names_trgm ON actor_names "
            "USING gin (lower(name) gin_trgm_ops)")
    # Autovacuum may be off (it is on the benchmark's server): the planner would know neither
    # table's size.
    run("ANALYZE event_names")
    run("ANALYZE actor_names")
