"""Database URLs to engines: SQLite (WAL, one writer) or PostgreSQL through psycopg 3."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa

from sitrep.errors import StoreError

CUSTOM_PLANS = "-c plan_cache_mode=force_custom_plan"
"""PostgreSQL plans a prepared statement (psycopg prepares one run five times) for its values
each time, never once for any values: a statement's best plan depends on them (how many events
a box or a toll holds), and the generic plan PostgreSQL switched to after five runs read a
page of a 2-degree box in 318 ms instead of 3 (benchmarks/RESULTS.md, issue 17, api-pg).
Planning costs a fraction of a millisecond; the parse is still saved."""


def normalise_url(url: str) -> str:
    """The SQLAlchemy URL for what a user typed: a bare path is a SQLite file."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{url}"
    return url


def _lower(value: Any) -> Any:
    """lower() for any script: SQLite's own folds only A-Z ("Сили" stayed "Сили")."""
    return value.lower() if isinstance(value, str) else value


def _unicode_lower(dbapi_conn: Any) -> None:
    # Name and text searches compare lower(column) with a lowered query: in place of the
    # built-in, on every connection, so that they find "Зеленський" as they find "Zelensky".
    dbapi_conn.create_function("lower", 1, _lower, deterministic=True)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets readers (events, serve) work while ingest writes; foreign keys are off by default
    # in SQLite; the busy timeout makes a second writer wait instead of failing at once.
    # The timeout goes first: switching a new file to WAL needs its lock, which a second process
    # opening the same new file at once may hold.
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    _unicode_lower(dbapi_conn)


def _sqlite_read_only_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()
    _unicode_lower(dbapi_conn)


def read_only_file(path: str | None) -> bool:
    """Whether a SQLite file exists but cannot be written (a read-only file system or file)."""
    if not path or path == ":memory:":
        return False
    file = Path(path)
    if not file.is_file():
        return False
    return not (os.access(file, os.W_OK) and os.access(file.parent, os.W_OK))


def _sqlite_engine(parsed: sa.URL) -> sa.Engine:
    """SQLite in WAL mode; a file that cannot be written is opened read-only and immutable
    (nothing can change it, and WAL's shared-memory file cannot be made beside it)."""
    if read_only_file(parsed.database):
        path = quote(str(Path(parsed.database or "").resolve()))
        engine = sa.create_engine(f"sqlite:///file:{path}?mode=ro&immutable=1&uri=true")
        sa.event.listen(engine, "connect", _sqlite_read_only_pragmas)
        return engine
    engine = sa.create_engine(parsed)
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def create_engine(url: str) -> sa.Engine:
    """An engine for the URL, or StoreError naming the URL and the reason."""
    full = normalise_url(url)
    try:
        parsed = sa.make_url(full)
    except sa.exc.ArgumentError as err:
        raise StoreError(url, f"not a database URL ({err})") from err
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise StoreError(url, "unsupported database; use sqlite:///PATH or postgresql://…")
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(parsed)
        else:
            options = postgres_options(str(parsed.query.get("options") or ""))
            engine = sa.create_engine(parsed, pool_pre_ping=True,
                                      connect_args={"options": options})
    except ImportError as err:
        raise StoreError(url, f"database driver missing ({err}); install sitrep[postgres]") from err
    return engine


def postgres_options(own: str) -> str:
    """The server options of every PostgreSQL connection of the store, then the URL's ``own``.

    The durability SQLite has in WAL mode with synchronous=NORMAL: a commit does not wait for
    its WAL to reach the disk, so a power loss or an operating-system crash may forget the
    last transactions committed (a fraction of a second), never half of one, and the database
    stays consistent. An ingest run again stores what was forgotten. The wait for the disk is
    a few ms a commit, one commit an article. Each statement planned for its values
    (`CUSTOM_PLANS`). The URL's own options come after, so `?options=-c synchronous_commit=on`
    has every commit on disk before it returns (benchmarks/ingest.py --durable)."""
    return " ".join(filter(None, ("-c synchronous_commit=off", CUSTOM_PLANS, own)))


def reading_engine(engine: sa.Engine) -> sa.Engine:
    """The engine for reads that need no transaction of their own (the API's): on PostgreSQL
    the same pool with its connections in autocommit, so that psycopg sends no BEGIN before a
    read and the pool no ROLLBACK after it (two round trips a request). SQLite begins no
    transaction for a SELECT: the engine itself."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine
