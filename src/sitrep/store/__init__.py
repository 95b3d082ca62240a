"""The event database: schema, migrations, writes and queries, over SQLite or PostgreSQL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sitrep.store.database import AddOutcome, Store, open_store

__all__ = ["AddOutcome", "Store", "open_store"]


def __getattr__(name: str) -> Any:
    # The database module (SQLAlchemy, the writer, fusion) loads when first asked for, so that
    # importing a light module of the package (render, for the CLI's parser) does not pay.
    if name in __all__:
        from sitrep.store import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
