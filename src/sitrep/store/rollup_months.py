"""Counts of the events by place, month, type and status, kept by the database itself.

`store.rollup` keeps counts by day (no place) and by point (no date, type or status): a page
filtered by a country or a box AND a type, a status or dates could be answered by neither, and
grouped the rows of `events` (seconds at a million). `rollup_place_months` holds the events
counted per (lat, lon, country, first day of the month, day-precise or not, type, status):

- the counts by type and the monthly timeline of any filter made of country, box, radius,
  type, status and dates are sums over it;
- so are the map's clusters of such a filter (the points and their counts, grouped by cell).

`rollup_type_months` holds the same counts without the place (a few thousand rows): the
summary of the whole record, or of a type or a status, is a sum over it, where one over
`rollup_days` grouped a hundred thousand rows.

Dates inside a month are not kept: a filter's `since` or `until` that is not a month's edge
reads the events of its edge month from `events` (one month of the filter's own index), and
a timeline of days or weeks reads its days from `events` (`api.aggregates`).

Events without a point are counted at NOWHERE (a key column cannot be null on PostgreSQL), so
that a country's counts hold them; no box or radius reaches it, and the map skips it. Undated
events are counted under the month `rollup.UNDATED`. A group whose events all went keeps a row
of count 0 (readers skip it).

The triggers (`rollup_months_*`) are apart from those of `store.rollup`: each table has its
own, and either can be changed without the other.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from sitrep.store.rollup import UNDATED, sqlite_triggers

NOWHERE = 999.0
"""The lat and lon an event without a point is counted at (no coordinate is that large)."""

_metadata = sa.MetaData()

months = sa.Table(
    "rollup_place_months", _metadata,
    sa.Column("lat", sa.Float, primary_key=True, comment="NOWHERE for none"),
    sa.Column("lon", sa.Float, primary_key=True, comment="NOWHERE for none"),
    sa.Column("country", sa.String(2), primary_key=True, comment="'' for none"),
    sa.Column("month", sa.Date, primary_key=True, comment="first day; UNDATED for none"),
    sa.Column("precise", sa.SmallInteger, primary_key=True,
              comment="1: date_precision is 'day' (the timeline's events)"),
    sa.Column("type", sa.String(16), primary_key=True),
    sa.Column("status", sa.String(16), primary_key=True),
    sa.Column("n", sa.BigInteger, nullable=False),
    # SQLite: the rows kept in their key's order, so that a box's read (lat first) finds the
    # count in the row it seeks (PostgreSQL: the key's index includes it, `create`).
    sqlite_with_rowid=False,
)

type_months = sa.Table(
    "rollup_type_months", _metadata,
    sa.Column("month", sa.Date, primary_key=True, comment="first day; UNDATED for none"),
    sa.Column("precise", sa.SmallInteger, primary_key=True,
              comment="1: date_precision is 'day' (the timeline's events)"),
    sa.Column("type", sa.String(16), primary_key=True),
    sa.Column("status", sa.String(16), primary_key=True),
    sa.Column("n", sa.BigInteger, nullable=False),
)


_KEY = "lat, lon, country, month, precise, type, status"
_TYPE_KEY = "month, precise, type, status"

INDEXES = {
    # A country's summary (with or without a type and dates) reads its own rows only; the
    # count is in the index, so the table is not read.
    "ix_rollup_place_months_country": "country, month, type, status, precise, n",
    # A filter of dates or a type without a place reads its months' or its type's rows only,
    # a month's or a type's in the order of their points (the map groups by point: no sort).
    "ix_rollup_place_months_month": "month, lat, lon, type, status, precise, country, n",
    "ix_rollup_place_months_type": "type, lat, lon, month, status, precise, country, n",
}
"""The readers' indexes: name -> columns (the key's own index serves boxes: lat first)."""


def _month(row: str, postgres: bool) -> str:
    if postgres:
        return (f"coalesce(date_trunc('month', {row}.date_start)::date, "
                f"DATE '{UNDATED.isoformat()}')")
    # SQLite stores a date as 'YYYY-MM-DD' text.
    return f"coalesce(substr({row}.date_start, 1, 8) || '01', '{UNDATED.isoformat()}')"


def _type_key(row: str, postgres: bool) -> str:
    """One row's key in `rollup_type_months`, in the order of `_TYPE_KEY`."""
    return (f"{_month(row, postgres)}, "
            f"CASE WHEN {row}.date_start IS NOT NULL AND {row}.date_precision = 'day' "
            f"THEN 1 ELSE 0 END, {row}.type, {row}.status")


def _key(row: str, postgres: bool) -> str:
    """One row's key in `rollup_place_months`, in the order of `_KEY`."""
    placed = f"{row}.lat IS NOT NULL AND {row}.lon IS NOT NULL"
    return (f"CASE WHEN {placed} THEN {row}.lat ELSE {NOWHERE} END, "
            f"CASE WHEN {placed} THEN {row}.lon ELSE {NOWHERE} END, "
            f"coalesce({row}.country, ''), {_type_key(row, postgres)}")


def _added(row: str, postgres: bool) -> str:
    return (f"INSERT INTO rollup_place_months ({_KEY}, n) SELECT {_key(row, postgres)}, 1 "
            f"WHERE true ON CONFLICT ({_KEY}) DO UPDATE SET n = rollup_place_months.n + 1; "
            f"INSERT INTO rollup_type_months ({_TYPE_KEY}, n) "
            f"SELECT {_type_key(row, postgres)}, 1 WHERE true ON CONFLICT ({_TYPE_KEY}) "
            "DO UPDATE SET n = rollup_type_months.n + 1")


def _taken(row: str, postgres: bool) -> str:
    return (f"UPDATE rollup_place_months SET n = n - 1 WHERE ({_KEY}) = "
            f"({_key(row, postgres)}); UPDATE rollup_type_months SET n = n - 1 "
            f"WHERE ({_TYPE_KEY}) = ({_type_key(row, postgres)})")


def create(conn: sa.Connection) -> None:
    """The migration step: the table, filled from the events already stored, its indexes and
    the triggers that keep it."""
    postgres = conn.dialect.name == "postgresql"
    for table in (months, type_months):
        table.create(conn, checkfirst=True)
    if postgres:
        _triggers_postgres(conn)
    else:
        _triggers_sqlite(conn)
    # Counted anew (a step run again over its own table must not count twice); the readers'
    # indexes made after the fill, not kept up row by row during it.
    for name in INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    for table in (months, type_months):
        conn.execute(sa.delete(table))
    if postgres:
        # A box's read is an index-only scan of the key (lat first) with the count in it.
        conn.exec_driver_sql(
            f"ALTER TABLE rollup_place_months DROP CONSTRAINT IF EXISTS "
            f"rollup_place_months_pkey, ADD CONSTRAINT rollup_place_months_pkey "
            f"PRIMARY KEY ({_KEY}) INCLUDE (n)")
    conn.exec_driver_sql(
        f"INSERT INTO rollup_place_months ({_KEY}, n) SELECT {_key('events', postgres)}, "
        "count(*) FROM events GROUP BY 1, 2, 3, 4, 5, 6, 7")
    conn.exec_driver_sql(
        f"INSERT INTO rollup_type_months ({_TYPE_KEY}, n) SELECT month, precise, type, status, "
        "sum(n) FROM rollup_place_months GROUP BY 1, 2, 3, 4")
    for name, columns in INDEXES.items():
        conn.exec_driver_sql(f"CREATE INDEX {name} ON rollup_place_months ({columns})")
    # (SQLite never analyzed: the planner weighs every index alike, as before.)
    if postgres or sa.inspect(conn).has_table("sqlite_stat1"):
        for table in (months, type_months):
            conn.exec_driver_sql(f"ANALYZE {table.name}")


def _triggers_sqlite(conn: sa.Connection) -> None:
    sqlite_triggers(conn, "rollup_months", _added("new", False), _taken("old", False))


def _net(table: str, key: str, row_key: Callable[[str], str], sides: dict[str, int]) -> str:
    """One statement adding a statement's rows to ``table``'s counts: the transition tables
    in ``sides`` (name -> +1 or -1) counted by key, netted, and only the keys that moved
    written (a row changed back and forth, or a change of no counted column, writes none)."""
    moved = " UNION ALL ".join(f"SELECT {row_key('r')}, {sign} AS d FROM {name} AS r"
                               for name, sign in sides.items())
    return (f"INSERT INTO {table} ({key}, n) SELECT {key}, sum(d) FROM ({moved}) "
            f"AS m ({key}, d) GROUP BY {key} HAVING sum(d) <> 0 "
            f"ON CONFLICT ({key}) DO UPDATE SET n = {table}.n + excluded.n")


def _triggers_postgres(conn: sa.Connection) -> None:
    # Once a statement, not once a row: its rows are counted by key from the transition
    # tables and each key is written once. Row by row, a statement of many rows updated the
    # same few count rows over and over, each update walking the versions the statement's
    # earlier ones left (PostgreSQL keeps them all until it ends): a bulk fill or delete ran
    # for minutes. A trigger with transition tables serves one event and takes no column
    # list, so there are three, and an update of no counted column nets to nothing.
    def place(row: str) -> str:
        return _key(row, True)

    def when(row: str) -> str:
        return _type_key(row, True)

    conn.exec_driver_sql("DROP TRIGGER IF EXISTS rollup_months_insert_delete ON events")
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS rollup_months_update ON events")
    for event, sides, referencing in (
            ("INSERT", {"added": 1}, "NEW TABLE AS added"),
            ("DELETE", {"taken": -1}, "OLD TABLE AS taken"),
            ("UPDATE", {"added": 1, "taken": -1}, "OLD TABLE AS taken NEW TABLE AS added")):
        name = f"rollup_months_{event.lower()}"
        conn.exec_driver_sql(f"""
            CREATE OR REPLACE FUNCTION sitrep_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                {_net("rollup_place_months", _KEY, place, sides)};
                {_net("rollup_type_months", _TYPE_KEY, when, sides)};
                RETURN NULL;
            END $$""")
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON events")
        conn.exec_driver_sql(f"CREATE TRIGGER {name} AFTER {event} ON events "
                             f"REFERENCING {referencing} FOR EACH STATEMENT "
                             f"EXECUTE FUNCTION sitrep_{name}()")
