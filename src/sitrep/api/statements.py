"""The page query's statements compiled once per filter shape, run on the driver's cursor.

A page of events reads two or three statements, and building each with SQLAlchemy, walking it
for its cache key and wrapping the driver's rows cost as much Python as the rest of the
request. What SQL a statement has depends only on the filter's shape (which conditions, how
many spellings of an actor, which query), not on its values: each shape is built and compiled
once, every value a named parameter, and run again with the next request's values on the
DBAPI cursor (sqlite3 keeps its own statement cache by text; psycopg prepares a statement on
the server once it has run a few times). The SQL is the one SQLAlchemy runs for the same
statement: `api.queries` runs it that way when given no `Statements`, and the tests compare.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

MAX_SHAPES = 512
"""Compiled statements kept at most (a filter has a few hundred shapes; beyond this, the
cache starts again rather than grow)."""


@dataclass(frozen=True, slots=True)
class Compiled:
    """One shape's SQL in the driver's parameter style, with the values of the parameters
    the shape does not name (constants SQLAlchemy binds, e.g. a LIMIT)."""

    sql: str
    defaults: Mapping[str, Any]


def _compiled(statement: sa.Select[Any], dialect: sa.Dialect) -> Compiled:
    if dialect.name == "sqlite":
        # Named parameters (:name), which sqlite3 takes from a dict, instead of qmarks.
        named: Any = type(dialect)
        dialect = named(paramstyle="named")
    done = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    return Compiled(str(done), dict(done.params))


def _driver_value(value: Any) -> Any:
    """A value as SQLite stores it (SQLAlchemy's Date type writes ISO text)."""
    return value.isoformat() if isinstance(value, dt.date) else value


class Statements:
    """The compiled page statements of one store, by shape (one per app, shared by its
    threads: a shape compiled twice at once is harmless)."""

    def __init__(self, most: int = MAX_SHAPES) -> None:
        self._compiled: dict[Hashable, Compiled] = {}
        self._most = most

    def __len__(self) -> int:
        """How many shapes are compiled."""
        return len(self._compiled)

    def compiled(self, shape: Hashable, build: Callable[[], sa.Select[Any]],
                 dialect: sa.Dialect) -> Compiled:
        """The shape's SQL (``build`` makes the statement the first time it is asked for)."""
        found = self._compiled.get(shape)
        if found is None:
            found = _compiled(build(), dialect)
            if len(self._compiled) >= self._most:
                self._compiled.clear()
            self._compiled[shape] = found
        return found

    def rows(self, conn: sa.Connection, shape: Hashable,
             build: Callable[[], sa.Select[Any]], values: Mapping[str, Any]
             ) -> list[tuple[Any, ...]]:
        """The rows of the shape's statement for these values (``build`` makes the statement,
        with these values, the first time the shape is asked for). A read needs no
        transaction: on PostgreSQL the store's reading engine (`Store.reader`) gives
        connections in autocommit, and one that is not sends BEGIN first."""
        found = self.compiled(shape, build, conn.dialect)
        params = {**found.defaults, **values}
        driver: Any = conn.connection.dbapi_connection
        if conn.dialect.name == "sqlite":
            # sqlite3 begins no transaction for a SELECT.
            params = {k: _driver_value(v) for k, v in params.items()}
        return _fetched(driver, found.sql, params)


def _fetched(driver: Any, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """Every row of the SQL run with the parameters on a new cursor of the connection."""
    cursor = driver.cursor()
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()
