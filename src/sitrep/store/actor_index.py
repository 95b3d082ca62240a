"""An index of the events' actor names for substring search (the `actor` filter).

A name search is a substring test ("israel" finds "Israel Defense Forces"), which no B-tree
index answers: without this, a rare name read every row (a summary of a million events took
about 750 ms). SQLite keeps an FTS5 table of trigrams over actor1 and actor2, filled by
triggers; a phrase of a term's trigrams finds the rows that contain it, with Unicode case
folding (SQLite's own lower() folds only A-Z). PostgreSQL keeps pg_trgm GIN indexes on
lower(actor1) and lower(actor2), which its planner uses for the `LIKE '%term%'` the search
already writes (without the extension the migration leaves PostgreSQL as it was).
"""

from __future__ import annotations

import sqlalchemy as sa

from sitrep.store import schema as t
from sitrep.store.names import search_terms

TABLE = "events_actor_index"
TRIGRAM = 3
"""The shortest term the trigram index can find; a shorter one is searched row by row."""


def create(conn: sa.Connection) -> None:
    """The migration step: the index, filled from the events already stored."""
    if conn.dialect.name == "postgresql":
        _create_postgres(conn)
        return
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(actor1, actor2, "
        "content='events', content_rowid='id', tokenize='trigram')")
    # An external-content table: the names stay in events only; the triggers keep the index
    # in step with every insert, actor change and delete (fusion rewrites actors in place).
    added = f"INSERT INTO {TABLE}(rowid, actor1, actor2) VALUES (new.id, new.actor1, new.actor2);"
    removed = (f"INSERT INTO {TABLE}({TABLE}, rowid, actor1, actor2) "
               "VALUES ('delete', old.id, old.actor1, old.actor2);")
    for name, when, body in (("insert", "AFTER INSERT", added),
                             ("delete", "AFTER DELETE", removed),
                             ("update", "AFTER UPDATE OF actor1, actor2", removed + added)):
        conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {TABLE}_{name} {when} ON events "
                             f"BEGIN {body} END")
    conn.exec_driver_sql(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")


def _create_postgres(conn: sa.Connection) -> None:
    """pg_trgm's GIN indexes on the lowered names, when the extension can be had."""
    available = conn.execute(sa.text(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first()
    if available is None:
        return
    # A savepoint: a role that may not create the extension leaves the migration standing.
    try:
        with conn.begin_nested():
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        return
    for column in ("actor1", "actor2"):
        conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS ix_events_{column}_trgm ON events "
                             f"USING gin (lower({column}) gin_trgm_ops)"))
    # The planner knows how common a lowered name is only from statistics on the indexed
    # expressions; without them it took every name for rare and read 40,000 rows for a page
    # that a walk of the dates fills in 1,500.
    conn.execute(sa.text("ANALYZE events"))


def fts_query(query: str) -> str | None:
    """The FTS5 query finding every spelling of a name (`names.search_terms`), or None when a
    spelling is too short for trigrams."""
    terms = search_terms(query)
    if not terms or any(len(term) < TRIGRAM for term in terms):
        return None
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


def matching_ids(query: str) -> sa.Select[tuple[int]] | None:
    """SQLite: the ids of the events whose actor1 or actor2 contains a spelling of the name,
    read from the index; None when the index cannot answer (a term under three letters)."""
    found = fts_query(query)
    if found is None:
        return None
    index = sa.table(TABLE, sa.column("rowid"))
    return sa.select(index.c.rowid).where(sa.literal_column(TABLE).op("MATCH")(found))


def indexed_condition(query: str) -> sa.ColumnElement[bool] | None:
    """SQLite: the actor filter as a lookup in the index, or None when it cannot answer."""
    ids = matching_ids(query)
    return None if ids is None else t.events.c.id.in_(ids)
