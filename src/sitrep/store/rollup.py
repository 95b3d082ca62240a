"""Counts of the events kept up to date by the database itself, for the page's aggregates.

A summary or a map of a million events grouped the rows of `events` on every request (hundreds
of milliseconds, seconds under load). Two small tables hold the same counts already grouped:

- `rollup_days`: events per (first day, day-precise or not, type, status); undated events under
  the day `UNDATED`. The counts by type and the timeline of any filter made of type, status and
  dates are sums over it (about a tenth of the rows of `events`).
- `rollup_points`: events per (lat, lon, country); events without a point are not counted. The
  map's clusters of any filter made of country, box and radius are sums over it (a few tens of
  thousands of points for a million events).

Triggers on `events` keep both exact on every insert, delete and change of a counted column, so
fusion, corrections and deletions move them with the rows; no writer has to remember them.
A group whose events all went keeps a row of count 0 (readers skip it).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

UNDATED = dt.date(1, 1, 1)
"""The day an undated event is counted under (no stored date is that early)."""

_metadata = sa.MetaData()

days = sa.Table(
    "rollup_days", _metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("precise", sa.SmallInteger, primary_key=True,
              comment="1: date_precision is 'day' (the timeline's events)"),
    sa.Column("type", sa.String(16), primary_key=True),
    sa.Column("status", sa.String(16), primary_key=True),
    sa.Column("n", sa.BigInteger, nullable=False),
)

points = sa.Table(
    "rollup_points", _metadata,
    sa.Column("lat", sa.Float, primary_key=True),
    sa.Column("lon", sa.Float, primary_key=True),
    sa.Column("country", sa.String(2), primary_key=True, comment="'' for none"),
    sa.Column("n", sa.BigInteger, nullable=False),
)

COUNTED = ("date_start", "date_precision", "type", "status", "lat", "lon", "country")
"""The columns of `events` the counts depend on: a change of any other leaves them as they are."""


def _day_key(row: str, undated: str) -> str:
    return (f"coalesce({row}.date_start, {undated}), CASE WHEN {row}.date_start IS NOT NULL "
            f"AND {row}.date_precision = 'day' THEN 1 ELSE 0 END, {row}.type, {row}.status")


def _point_key(row: str) -> str:
    return f"{row}.lat, {row}.lon, coalesce({row}.country, '')"


def _statements(row: str, sign: str, undated: str) -> list[str]:
    """The two statements adding (sign '+') or taking away ('-') one row's counts."""
    if sign == "+":
        return [
            f"INSERT INTO rollup_days (day, precise, type, status, n) "
            f"SELECT {_day_key(row, undated)}, 1 WHERE true "
            "ON CONFLICT (day, precise, type, status) DO UPDATE SET n = rollup_days.n + 1",
            f"INSERT INTO rollup_points (lat, lon, country, n) SELECT {_point_key(row)}, 1 "
            f"WHERE {row}.lat IS NOT NULL AND {row}.lon IS NOT NULL "
            "ON CONFLICT (lat, lon, country) DO UPDATE SET n = rollup_points.n + 1",
        ]
    return [
        "UPDATE rollup_days SET n = n - 1 WHERE (day, precise, type, status) = "
        f"({_day_key(row, undated)})",
        f"UPDATE rollup_points SET n = n - 1 WHERE (lat, lon, country) = ({_point_key(row)})",
    ]


def changed(old: str, new: str, distinct: str) -> str:
    """The condition that a row changed a counted column (``distinct``: SQLite's IS NOT,
    PostgreSQL's IS DISTINCT FROM)."""
    return " OR ".join(f"{old}.{c} {distinct} {new}.{c}" for c in COUNTED)


def create(conn: sa.Connection) -> None:
    """The migration step: the tables, filled from the events already stored, and the
    triggers that keep them."""
    for table in (days, points):
        table.create(conn, checkfirst=True)
    if conn.dialect.name == "postgresql":
        _triggers_postgres(conn)
    else:
        _triggers_sqlite(conn)
    undated = "DATE '0001-01-01'" if conn.dialect.name == "postgresql" else "'0001-01-01'"
    # Counted anew (a step run again over its own tables must not count twice).
    for table in (days, points):
        conn.execute(sa.delete(table))
    conn.exec_driver_sql(
        "INSERT INTO rollup_days (day, precise, type, status, n) "
        f"SELECT {_day_key('events', undated)}, count(*) FROM events GROUP BY 1, 2, 3, 4")
    conn.exec_driver_sql(
        f"INSERT INTO rollup_points (lat, lon, country, n) SELECT {_point_key('events')}, "
        "count(*) FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2, 3")


def _triggers_sqlite(conn: sa.Connection) -> None:
    undated = "'0001-01-01'"
    sqlite_triggers(conn, "rollup", "; ".join(_statements("new", "+", undated)),
                    "; ".join(_statements("old", "-", undated)))


def sqlite_triggers(conn: sa.Connection, prefix: str, added: str, taken: str) -> None:
    """SQLite: the triggers ``prefix``_insert, _delete and _update on `events` that run
    ``added`` for a new row, ``taken`` for an old one, both for a change of a counted column."""
    columns = ", ".join(COUNTED)
    for name, when, body in (
            ("insert", "AFTER INSERT ON events", added),
            ("delete", "AFTER DELETE ON events", taken),
            ("update", f"AFTER UPDATE OF {columns} ON events "
                       f"WHEN {changed('old', 'new', 'IS NOT')}", f"{taken}; {added}")):
        conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {prefix}_{name} {when} "
                             f"BEGIN {body}; END")


def _triggers_postgres(conn: sa.Connection) -> None:
    undated = "DATE '0001-01-01'"
    added = "; ".join(_statements("NEW", "+", undated))
    taken = "; ".join(_statements("OLD", "-", undated))
    conn.exec_driver_sql(f"""
        CREATE OR REPLACE FUNCTION sitrep_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN {taken}; END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') THEN {added}; END IF;
            RETURN NULL;
        END $$""")
    columns = ", ".join(COUNTED)
    for name, when in (("insert_delete", "AFTER INSERT OR DELETE ON events"),
                       ("update", f"AFTER UPDATE OF {columns} ON events FOR EACH ROW "
                                  f"WHEN ({changed('OLD', 'NEW', 'IS DISTINCT FROM')})")):
        each = "" if "FOR EACH ROW" in when else " FOR EACH ROW"
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS rollup_{name} ON events")
        conn.exec_driver_sql(f"CREATE TRIGGER rollup_{name} {when}{each} "
                             "EXECUTE FUNCTION sitrep_rollup()")
