"""Pages read on asyncio connections (PostgreSQL) are the pages the store's engine reads."""

from __future__ import annotations

import asyncio
import datetime as dt

import psycopg
import pytest

from sitrep.api.cursor import Cursor
from sitrep.api.pg_pages import AsyncPages
from sitrep.api.queries import BBox, EventPage, event_page
from sitrep.api.statements import Statements
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store.queries import EventFilter
from tests.api.test_statements import FILTERS, db

pytest_plugins = ["tests.store.helpers"]
__all__ = ["db"]  # the fixture, used by name

SERVED = [(f, box) for f, box in FILTERS if AsyncPages.serves(f, 0)]


def _postgres(url: str) -> None:
    if not url.startswith("postgresql"):
        pytest.skip("asyncio pages are PostgreSQL's")


async def _pages(pages: AsyncPages, f: EventFilter, box: BBox | None, limit: int
                 ) -> list[EventPage]:
    found = [await pages.page(f, box, limit, None)]
    while found[-1].next_cursor is not None:
        found.append(await pages.page(f, box, limit, found[-1].next_cursor))
    return found


def _sync_pages(url: str, f: EventFilter, box: BBox | None, limit: int) -> list[EventPage]:
    with open_store(Settings(), url, create=False) as store:
        found = [event_page(store, f, box, limit)]
        while found[-1].next_cursor is not None:
            found.append(event_page(store, f, box, limit, cursor=found[-1].next_cursor))
        return found


def test_asyncio_pages_equal_the_engine_s_pages(db: str) -> None:
    _postgres(db)
    expected = {(i, limit): _sync_pages(db, f, box, limit)
                for i, (f, box) in enumerate(SERVED) for limit in (7, 100)}

    async def read() -> dict[tuple[int, int], list[EventPage]]:
        with open_store(Settings(), db, create=False) as store:
            pages = AsyncPages(store.engine, Statements(), most=2)
            pages.start()
            try:
                # Twice: the second time on kept connections, psycopg preparing statements.
                for _ in range(2):
                    got = {(i, limit): await _pages(pages, f, box, limit)
                           for i, (f, box) in enumerate(SERVED) for limit in (7, 100)}
                return got
            finally:
                await pages.close()

    assert asyncio.run(read()) == expected
    assert sum(len(p) > 1 for p in expected.values()) > 5  # cursors were followed


def test_a_kept_connection_the_server_closed_is_replaced(db: str) -> None:
    _postgres(db)
    f = EventFilter(country="UA", since=dt.date(2023, 2, 1))

    async def read() -> tuple[EventPage, EventPage]:
        with open_store(Settings(), db, create=False) as store:
            pages = AsyncPages(store.engine, Statements(), most=1)
            pages.start()
            try:
                first = await pages.page(f, None, 20, None)
                with psycopg.connect(db, autocommit=True) as admin:
                    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = current_database() "
                                  "AND pid <> pg_backend_pid()")
                return first, await pages.page(f, None, 20, None)
            finally:
                await pages.close()

    first, again = asyncio.run(read())
    assert again == first and first.events


def test_a_page_after_a_cursor_into_the_undated_part(db: str) -> None:
    _postgres(db)
    cursor = Cursor(None, 10**6)
    with open_store(Settings(), db, create=False) as store:
        expected = event_page(store, EventFilter(), None, 20, cursor=cursor)

        async def read() -> EventPage:
            pages = AsyncPages(store.engine, Statements())
            pages.start()
            try:
                return await pages.page(EventFilter(), None, 20, cursor)
            finally:
                await pages.close()

        assert asyncio.run(read()) == expected and expected.events


def test_statements_are_planned_for_their_values(db: str) -> None:
    """No generic plan for a prepared statement, on the engine's and on asyncio connections."""
    _postgres(db)
    with open_store(Settings(), db, create=False) as store:
        with store.reader.connect() as conn:
            engine_mode = conn.exec_driver_sql("SHOW plan_cache_mode").scalar()

        async def read() -> str:
            pages = AsyncPages(store.engine, Statements(), most=1)
            pages.start()
            try:
                await pages.page(EventFilter(), None, 5, None)
                async with pages._idle[0].cursor() as cursor:
                    await cursor.execute("SHOW plan_cache_mode")
                    found = await cursor.fetchone()
                    assert found is not None
                    return str(found[0])
            finally:
                await pages.close()

        assert (engine_mode, asyncio.run(read())) == ("force_custom_plan", "force_custom_plan")
