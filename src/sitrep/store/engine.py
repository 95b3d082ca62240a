"""Database URLs to engines: SQLite (WAL, one writer) or PostgreSQL through psycopg 3."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from sitrep.errors import StoreError


def normalise_url(url: str) -> str:
    """The SQLAlchemy URL for what a user typed: a bare path is a SQLite file."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{url}"
    return url


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
            engine = sa.create_engine(parsed)
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = sa.create_engine(parsed, pool_pre_ping=True)
    except ImportError as err:
        raise StoreError(url, f"database driver missing ({err}); install sitrep[postgres]") from err
    return engine
