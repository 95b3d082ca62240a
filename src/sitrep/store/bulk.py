"""Many rows in one statement: on PostgreSQL one JSON document a statement, elsewhere executemany.

psycopg's executemany sends one prepared execution per row, dumping each parameter in Python:
most of the client's time on an article's 200-odd rows. Here PostgreSQL gets the rows as one
JSON array that `json_populate_recordset` turns into rows of the table's own type (so each value
is read as its column's type, on the server); the statement's text depends only on the table
and the columns, so it is prepared once per connection, and it can go in a pipeline block.
SQLite's executemany is a loop in C inside the process and stays as it is.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import sqlalchemy as sa

from sitrep.store.batches import among

Row = dict[str, Any]


def insert_rows(conn: sa.Connection, table: sa.Table, rows: Sequence[Row], *,
                held: bool = False) -> None:
    """Insert the rows (each with the same keys, the columns to fill; the others get their
    defaults). `held`: a row whose primary key the table holds already is left as it is."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        insert = sa.insert(table).inline()
        conn.execute(insert.prefix_with("OR IGNORE") if held else insert, list(rows))
        return
    _send(conn, _insert_sql(conn.dialect, table, tuple(rows[0]), held), rows)


def delete_others(conn: sa.Connection, table: sa.Table, owner: str, owners: Iterable[Any],
                  rows: Sequence[Row]) -> None:
    """Delete the rows whose `owner` column holds one of the owners, but those equal to one of
    `rows` (rows of every column, each column part of the primary key): so that inserting
    `rows` with `held` then leaves exactly them, and a row kept is not rewritten. (A row
    rewritten on PostgreSQL is a dead row and index entry until a vacuum.) On SQLite all of
    the owners' rows go: it keeps no dead rows."""
    wanted = sorted(set(owners))
    if not wanted:
        return
    column = table.c[owner]
    if conn.dialect.name != "postgresql":
        for where in among(conn, column, wanted):
            conn.execute(sa.delete(table).where(where))
        return
    conn.exec_driver_sql(_delete_others_sql(conn.dialect, table, owner),
                         (wanted, json.dumps(rows, default=_plain)))


def delete_rows(conn: sa.Connection, table: sa.Table, owner: str, rows: Sequence[Row]) -> None:
    """Delete the rows equal to one of `rows` (rows of every column of the table's primary
    key, `owner` one of them)."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(sa.delete(table).where(*(
            table.c[name] == sa.bindparam(f"{name}_") for name in rows[0])),
            [{f"{k}_": v for k, v in row.items()} for row in rows])
        return
    _send(conn, _delete_rows_sql(conn.dialect, table, owner),
          rows, sorted({row[owner] for row in rows}))


def update_rows(conn: sa.Connection, table: sa.Table, key: str, rows: Sequence[Row]) -> None:
    """Set the columns the rows name on the table's row whose `key` column equals the row's."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        values: dict[str, Any] = {name: sa.bindparam(f"{name}_") for name in rows[0] if name != key}
        conn.execute(sa.update(table).where(table.c[key] == sa.bindparam(f"{key}_"))
                     .values(values), [{f"{k}_": v for k, v in row.items()} for row in rows])
        return
    _send(conn, _update_sql(conn.dialect, table, key, tuple(rows[0])), rows,
          [row[key] for row in rows])


def placeholders(count: int) -> list[int]:
    """Ids for `count` new rows before they have theirs: -1, -2, …, which the statements of
    this module read, on PostgreSQL, as the ids `draw_ids` drew for them."""
    return [-slot for slot in range(1, count + 1)]


def draw_ids(conn: sa.Connection, table: sa.Table, count: int) -> None:
    """Draw `count` fresh values of the table's `id` sequence, ascending, for the placeholders
    of its new rows (PostgreSQL only): the ids an INSERT of that many rows would have drawn.

    The server keeps them for the transaction (a transaction-local setting), so the rows
    sent after it resolve their placeholders there, and the statement can go in the writes'
    pipeline: no round trip of its own. Only one table's placeholders a transaction.
    """
    if count <= 0:
        return
    conn.exec_driver_sql(
        f"SELECT set_config('{_NEW_IDS}', (SELECT array_agg(id ORDER BY id) FROM (SELECT "
        f"nextval(pg_get_serial_sequence(%s, 'id')) AS id FROM generate_series(1, %s)) AS d)"
        "::text, true)", (_quote(conn.dialect, table.name), count))


_NEW_IDS = "sitrep.new_ids"


def _plain(value: object) -> str:
    """A date or time as JSON: the ISO text its column type reads."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


def _send(conn: sa.Connection, sql: str, rows: Sequence[Row], *more: object) -> None:
    """Run the statement with the rows as its first parameter, one JSON document."""
    document = json.dumps(rows, default=_plain)
    if "\\u0000" in document:  # rare: then look at the values themselves
        _refuse_nul(sql, rows)
    conn.exec_driver_sql(sql, (document, *more))


def _refuse_nul(sql: str, rows: Sequence[Row]) -> None:
    """Raise the database error psycopg raises for a NUL character in a text value (the
    server's own, for the same character read from JSON, names neither the column nor NUL)."""
    for row in rows:
        for name, value in row.items():
            if isinstance(value, str) and "\x00" in value:
                raise sa.exc.DataError(sql, None, ValueError(
                    f"PostgreSQL text fields cannot contain NUL (0x00) bytes (column {name})"))


def _quote(dialect: sa.Dialect, name: str) -> str:
    return str(dialect.identifier_preparer.quote(name))


def _value(dialect: sa.Dialect, table: sa.Table, name: str) -> str:
    """The select expression of a column from the recordset `v`."""
    column = table.c[name]
    quoted = f"v.{_quote(dialect, name)}"
    if _holds_event_id(column):
        # A placeholder (below zero) stands for an id drawn by `draw_ids`.
        return (f"CASE WHEN {quoted} < 0 THEN (current_setting('{_NEW_IDS}')::integer[])"
                f"[-{quoted}] ELSE {quoted} END")
    # A JSON column keeps None as the JSON value null, as SQLAlchemy stores it
    # (json_populate_recordset would make it SQL NULL).
    if isinstance(column.type, sa.JSON) and not column.type.none_as_null:
        return f"coalesce({quoted}, 'null'::json)"
    return quoted


def _holds_event_id(column: sa.Column[Any]) -> bool:
    """Whether the column is an event's id or points at one."""
    if column.table.name == "events" and column.name == "id":
        return True
    return any(key.target_fullname == "events.id" for key in column.foreign_keys)


@cache
def _insert_sql(dialect: sa.Dialect, table: sa.Table, columns: tuple[str, ...],
                held: bool) -> str:
    quoted = _quote(dialect, table.name)
    names = ", ".join(_quote(dialect, c) for c in columns)
    values = ", ".join(_value(dialect, table, c) for c in columns)
    return (f"INSERT INTO {quoted} ({names}) SELECT {values} "
            f"FROM json_populate_recordset(NULL::{quoted}, %s::json) AS v"
            + (" ON CONFLICT DO NOTHING" if held else ""))


@cache
def _delete_others_sql(dialect: sa.Dialect, table: sa.Table, owner: str) -> str:
    quoted = _quote(dialect, table.name)
    same = " AND ".join(f"v.{c} = {quoted}.{c}" for c in (_quote(dialect, c.name)
                                                         for c in table.primary_key))
    return (f"DELETE FROM {quoted} WHERE {quoted}.{_quote(dialect, owner)} = ANY(%s) "
            f"AND NOT EXISTS (SELECT FROM json_populate_recordset(NULL::{quoted}, %s::json) "
            f"AS v WHERE {same})")


@cache
def _delete_rows_sql(dialect: sa.Dialect, table: sa.Table, owner: str) -> str:
    quoted = _quote(dialect, table.name)
    same = " AND ".join(f"v.{c} = {quoted}.{c}" for c in (_quote(dialect, c.name)
                                                         for c in table.primary_key))
    array = f"{table.c[owner].type.compile(dialect=dialect)}[]"
    # The owners again as an array, for the index (as in `_update_sql`).
    return (f"DELETE FROM {quoted} USING json_populate_recordset(NULL::{quoted}, %s::json) "
            f"AS v WHERE {same} AND {quoted}.{_quote(dialect, owner)} = ANY(%s::{array})")


@cache
def _update_sql(dialect: sa.Dialect, table: sa.Table, key: str,
                columns: tuple[str, ...]) -> str:
    quoted = _quote(dialect, table.name)
    sets = ", ".join(f"{_quote(dialect, c)} = {_value(dialect, table, c)}"
                     for c in columns if c != key)
    k = _quote(dialect, key)
    # The keys again as an array: the planner takes the recordset for 100 rows whatever it
    # holds, so it read whole tables of a few thousand rows to join them; with `= ANY` it
    # looks the rows up in the key's index, at every size of the table.
    array = f"{table.c[key].type.compile(dialect=dialect)}[]"
    return (f"UPDATE {quoted} SET {sets} "
            f"FROM json_populate_recordset(NULL::{quoted}, %s::json) AS v "
            f"WHERE {quoted}.{k} = v.{k} AND {quoted}.{k} = ANY(%s::{array})")
