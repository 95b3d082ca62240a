"""/api/events on PostgreSQL without leaving the event loop: psycopg's async connections.

A page read through the store's engine runs in a worker thread (a sync route), and checks a
connection out of SQLAlchemy's pool, which pings it first (a round trip) and, under more
concurrent requests than the pool keeps, opens and closes connections (PostgreSQL forks a
backend for each). Here the page's statements (`queries.page_reads`, compiled once per shape
by `Statements`) run on psycopg `AsyncConnection`s in autocommit that the server worker keeps
open: no thread, no ping, no BEGIN or ROLLBACK, no new backend per request, and a statement
that psycopg prepares on a connection after a few runs stays prepared.
"""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg
import sqlalchemy as sa

from sitrep.api.cursor import Cursor
from sitrep.api.queries import Ask, BBox, EventPage, PageReads, page_reads
from sitrep.api.statements import Statements
from sitrep.store.engine import postgres_options
from sitrep.store.queries import EventFilter

CONNECTIONS = 6
"""Connections a server worker keeps at most: two workers share two cores with PostgreSQL,
so more statements at once than this only queue inside the database instead of here."""


class AsyncPages:
    """The connections of one server worker and the pages read on them (started and closed
    on the worker's event loop, with the app)."""

    def __init__(self, engine: sa.Engine, statements: Statements,
                 most: int = CONNECTIONS) -> None:
        self._dialect = engine.dialect
        # The psycopg arguments SQLAlchemy connects with (host, port, user, database, ...), and
        # the server options of the store's own connections (`engine.postgres_options`).
        _, self._connect_args = engine.dialect.create_connect_args(engine.url)
        self._connect_args["options"] = postgres_options(
            str(self._connect_args.get("options") or ""))
        self._statements = statements
        self._most = most
        self._idle: list[psycopg.AsyncConnection[Any]] = []
        self._free: asyncio.Semaphore | None = None

    def start(self) -> None:
        """Take pages from now on (connections open as they are first needed)."""
        self._free = asyncio.Semaphore(self._most)

    async def close(self) -> None:
        """Close the kept connections."""
        idle, self._idle = self._idle, []
        for conn in idle:
            await conn.close()

    @staticmethod
    def serves(f: EventFilter, offset: int) -> bool:
        """Whether a page is read here: not an offset or a `near` filter, which read their
        rows through SQLAlchemy (`queries.Streamed`)."""
        return not offset and f.near is None

    async def page(self, f: EventFilter, bbox: BBox | None, limit: int,
                   cursor: Cursor | None) -> EventPage:
        """The page `queries.event_page` reads for the same arguments, read here."""
        if self._free is None:
            raise RuntimeError("AsyncPages.start() was not called on the event loop")
        async with self._free:
            for _ in range(2):
                conn, kept = await self._connection()
                try:
                    page = await self._read(page_reads(self._dialect, f, bbox, limit,
                                                       cursor=cursor), conn)
                except psycopg.OperationalError:
                    await conn.close()
                    if kept and conn.broken:
                        continue  # a kept connection the server closed: once more on a new one
                    raise
                except BaseException:
                    # A failed or cancelled statement may leave the connection mid-answer.
                    await conn.close()
                    raise
                self._idle.append(conn)
                return page
        raise AssertionError("unreachable: the second try returns or raises")

    async def _connection(self) -> tuple[psycopg.AsyncConnection[Any], bool]:
        """A kept connection (True) or a new one (False)."""
        if self._idle:
            return self._idle.pop(), True
        conn = await psycopg.AsyncConnection.connect(**self._connect_args, autocommit=True)
        return conn, False

    async def _read(self, reads: PageReads, conn: psycopg.AsyncConnection[Any]) -> EventPage:
        try:
            ask = next(reads)
            while True:
                if not isinstance(ask, Ask):
                    raise TypeError("a streamed read: see AsyncPages.serves")
                found = self._statements.compiled(ask.shape, ask.build, self._dialect)
                async with conn.cursor() as cursor:
                    await cursor.execute(found.sql, {**found.defaults, **ask.values})
                    rows = await cursor.fetchall()
                ask = reads.send(rows)
        except StopIteration as done:
            page: EventPage = done.value
            return page
