"""Conditions on many values at once: one array parameter on PostgreSQL, IN lists on SQLite.

`column IN (:v1, :v2, ...)` is new SQL text for every number of values, so PostgreSQL parses
and plans it each time (and the driver converts it each time); `column = ANY(:values)` is one
text whatever the number, prepared once per connection. SQLite has no arrays and a cap on
parameters per statement, so there the values go in chunks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

CHUNK = 500
"""Values per IN (...) list on SQLite: a year-precision mention probes hundreds of keys."""


def among(conn: sa.Connection, column: sa.ColumnElement[Any], values: Iterable[Any]
          ) -> Iterator[sa.ColumnElement[bool]]:
    """Conditions that together select the rows whose column holds one of the values: one per
    statement to run (none when there are no values)."""
    wanted = sorted(set(values))
    if not wanted:
        return
    if conn.dialect.name == "postgresql":
        yield column == sa.any_(sa.bindparam(None, wanted, type_=postgresql.ARRAY(column.type)))
        return
    for i in range(0, len(wanted), CHUNK):
        yield column.in_(wanted[i:i + CHUNK])


def outside(conn: sa.Connection, column: sa.ColumnElement[Any], values: Iterable[Any]
            ) -> sa.ColumnElement[bool]:
    """The condition that the column holds none of the values (a few: one statement's worth)."""
    wanted = sorted(set(values))
    if conn.dialect.name == "postgresql":
        return column != sa.all_(sa.bindparam(None, wanted, type_=postgresql.ARRAY(column.type)))
    return column.not_in(wanted)


@contextmanager
def pipelined(conn: sa.Connection) -> Iterator[None]:
    """Statements in the block are sent without waiting for each one's answer (PostgreSQL's
    pipeline mode: one round trip for the block). Only for statements whose results are not
    read: an INSERT into a table with a generated key must be `.inline()`, or SQLAlchemy asks
    for the key back. A database error surfaces at the end of the block as SQLAlchemy's."""
    raw = conn.connection.driver_connection
    if conn.dialect.name != "postgresql" or raw is None:
        yield
        return
    import psycopg

    try:
        with raw.pipeline():
            yield
    except psycopg.Error as err:
        raise sa.exc.DBAPIError.instance(None, None, err, psycopg.Error) from err


def fetch(conn: sa.Connection, statements: Sequence[sa.Select[Any]], *, begin: bool = False
          ) -> list[list[Any]]:
    """The rows of each statement, read by attribute. On PostgreSQL all in one pipeline, one
    round trip; with `begin` (a connection in autocommit), a BEGIN goes first in it. SQLAlchemy's
    results cannot be read in a pipeline, so the statements run on the driver's cursor, compiled
    by SQLAlchemy (its casts included): only for statements whose values need no conversion by
    SQLAlchemy's types (psycopg's own give dates, numbers, text and JSON)."""
    raw = conn.connection.driver_connection
    if conn.dialect.name != "postgresql" or raw is None or not statements:
        return [list(conn.execute(statement)) for statement in statements]
    import psycopg
    from psycopg.rows import namedtuple_row

    compiled = [_compiled(conn, statement) for statement in statements]
    try:
        with raw.pipeline():
            if begin:
                if not raw.autocommit:  # it would send its own BEGIN before ours
                    raise sa.exc.InvalidRequestError(
                        "BEGIN sent by hand on a connection that is not in autocommit")
                raw.execute("BEGIN")
            cursors = []
            for sql, params in compiled:
                cursor = raw.cursor(row_factory=namedtuple_row)
                cursor.execute(sql, params)
                cursors.append(cursor)
            return [cursor.fetchall() for cursor in cursors]
    except psycopg.Error as err:
        raise sa.exc.DBAPIError.instance(None, None, err, psycopg.Error) from err


_COMPILED = "sitrep.compiled"
"""The key of `_compiled`'s cache in a connection's `info` (kept with the driver's connection)."""
_KEPT = 64
"""Statement shapes kept a connection: the store's reads have a handful (arrays, not IN lists)."""


def _compiled(conn: sa.Connection, statement: sa.Select[Any]) -> tuple[str, dict[str, Any]]:
    """The statement's SQL text and parameters, compiled once a shape and connection, as
    SQLAlchemy's own execute does (compiling a search took about 1 ms of the client's CPU an
    article, more than building and running it)."""
    key = statement._generate_cache_key()
    if key is None:  # a construct SQLAlchemy cannot cache
        once = statement.compile(dialect=conn.dialect)
        return str(once), dict(once.params)
    cache: dict[Any, sa.Compiled] = conn.info.setdefault(_COMPILED, {})
    compiled = cache.get(key.key)
    if compiled is None:
        if len(cache) >= _KEPT:
            cache.clear()
        compiled = cache[key.key] = statement.compile(dialect=conn.dialect, cache_key=key)
    return str(compiled), dict(compiled.construct_params(extracted_parameters=key.bindparams) or {})
