"""The event database: schema, migrations, writes and queries, over SQLite or PostgreSQL."""

from sitrep.store.database import AddOutcome, Store, open_store

__all__ = ["AddOutcome", "Store", "open_store"]
