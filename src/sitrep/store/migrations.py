"""Schema versions: an ordered list of migration steps, each applied once in its own transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa

from sitrep.store import actor_index, name_walk, rollup, rollup_months, schema


@dataclass(frozen=True, slots=True)
class Migration:
    """One step from version - 1 to version."""

    version: int
    name: str
    apply: Callable[[sa.Connection], None]


def _add_columns(conn: sa.Connection, table: str, kinds: dict[str, str]) -> None:
    """Add each column of ``kinds`` (name -> SQL type) that ``table`` lacks.

    Step 1 creates the tables as they are now, so a new database has them already; an older one
    gets them here, its rows left null ("not recorded").
    """
    have = {c["name"] for c in sa.inspect(conn).get_columns(table)}
    for name, kind in kinds.items():
        if name not in have:
            conn.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))


def _initial(conn: sa.Connection) -> None:
    # Version 1 is the whole schema of the first release; later steps must be explicit DDL
    # (op by op) so that a database made by any earlier version can be brought forward.
    schema.metadata.create_all(conn)


def _quote_speaker_text_index(conn: sa.Connection) -> None:
    # `sitrep quotes --speaker` filters on the speaker; articles by publication date.
    # Plain DDL: an sa.Index built on the tables would join the MetaData and be created again
    # by step 1 on the next new database.
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_quotes_speaker_article "
                         "ON quotes (speaker, article_id)"))


def _event_filter_indexes(conn: sa.Connection) -> None:
    # `sitrep events --country X --type Y --since D` is the common query: let it seek, not scan.
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_type_date "
                         "ON events (type, date_start)"))
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_country_date "
                         "ON events (country, date_start)"))


def _article_versions(conn: sa.Connection) -> None:
    # Which stage versions made an article's rows, so that old rows can be told from new.
    # A database made by step 1 of this release has the column already (step 1 creates the
    # tables as they are now); older ones get it here, their rows left null ("not recorded").
    _add_columns(conn, "articles", {"versions": sa.JSON().compile(dialect=conn.dialect)})


def _feed_retries(conn: sa.Connection) -> None:
    # Feed items whose fetch failed wait here for their next try instead of being marked seen.
    # Step 1 of this release already made the table; older databases get it here.
    schema.feed_retries.create(conn, checkfirst=True)


def _quote_cue_class(conn: sa.Connection) -> None:
    # What kind of attribution each quote is (speech, belief, ...): the default views show
    # speech. Rows stored before the column stay null ("not recorded") and are shown as they
    # were until their article is ingested again.
    _add_columns(conn, "quotes", {"cue_class": "VARCHAR(16)"})


_FIGURE_COLUMNS = (("events", "fatalities"), ("events", "fatalities_latest"),
                   ("count_history", "value"))


def _wide_figures(conn: sa.Connection) -> None:
    # PostgreSQL's INTEGER is 32-bit: "2,500,000,000 displaced" was refused there and stored by
    # SQLite, whose INTEGER is already 64-bit (nothing to do on it).
    if conn.dialect.name != "postgresql":
        return
    for table, column in _FIGURE_COLUMNS:
        conn.execute(sa.text(f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE BIGINT'))


def _article_relevance(conn: sa.Connection) -> None:
    # Whether an article is about conflict or politics (the report's "relevant"); rows stored
    # before are left null ("not recorded"). Step 1 of this release creates the column already.
    _add_columns(conn, "articles", {"relevant": sa.Boolean().compile(dialect=conn.dialect)})


def _article_published_source(conn: sa.Connection) -> None:
    # Where each article's date came from (the report's article.published_source); rows stored
    # before are left null ("not recorded"). Step 1 of this release creates the column already.
    _add_columns(conn, "articles", {"published_source": "VARCHAR(16)"})


def _event_page_indexes(conn: sa.Connection) -> None:
    # The API pages events newest first by (date_start, id) after a cursor, under the filters
    # analysts combine. SQLite's indexes end with the rowid (the id) already, so (type,
    # date_start) from step 3 serves a cursor too; PostgreSQL's need the id spelled out.
    # The page's aggregates read covering indexes, not the rows: the map's grid cells (lat,
    # lon), the timeline (date_start, type, date_precision); a toll filter seeks fatalities.
    for name, columns in (("ix_events_country_type_date", "country, type, date_start"),
                          ("ix_events_point", "lat, lon"),
                          ("ix_events_day_type", "date_start, type, date_precision"),
                          ("ix_events_fatalities", "fatalities")):
        conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {name} ON events ({columns})"))
    if conn.dialect.name != "postgresql":
        return
    for name, columns in (("ix_events_date_id", "date_start, id"),
                          ("ix_events_type_date_id", "type, date_start, id"),
                          ("ix_events_country_date_id", "country, date_start, id")):
        conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {name} ON events ({columns})"))


def _fusion_write_indexes(conn: sa.Connection) -> None:
    # Fusion rewrites an event's keys (by event) and moves a mention's history rows (by
    # mention); taking an article out deletes its sources and history rows (by article).
    # Without these, each of those statements reads its whole table, so an ingest slows down
    # as the store grows.
    for name, table, column in (("ix_event_keys_event", "event_keys", "event_id"),
                                ("ix_count_history_mention", "count_history", "mention_id"),
                                ("ix_count_history_article", "count_history", "article_id"),
                                ("ix_event_sources_article", "event_sources", "article_id")):
        conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})"))


def _spanning_events_index(conn: sa.Connection) -> None:
    # A `since` filter must find the events that start before it and end on or after it; no
    # stored date spans more than a year, but reading a year of the date index for a month's
    # counts is most of their cost. Only events of more than one day can straddle the day, and
    # this partial index holds only them, with their end: the straddlers are a short walk.
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_spanning ON events "
                         "(date_start, date_end) WHERE date_end > date_start"))


def _actor_name_index(conn: sa.Connection) -> None:
    # The actor filter is a substring search: a trigram index answers it (store/actor_index).
    actor_index.create(conn)


def _event_place_site(conn: sa.Connection) -> None:
    # The site a report names for an event ("Oxford Street bus station") and how its place was
    # chosen, kept with the place. Events fused before are left null ("not recorded") until
    # their articles are ingested again; step 1 of this release creates the columns already.
    _add_columns(conn, "events", {"place_site": "TEXT", "place_source": "VARCHAR(16)"})


def _date_walk_index(conn: sa.Connection) -> None:
    # A page under a filter no index leads with (a toll, a crowded box, a status, `since`'s
    # end) walks the dates newest first and tests each row. On SQLite each test read the
    # table row (a toll of 10 killed: about 8,000 rows for a page of 100 at a million events);
    # with the tested columns in the index it reads the row of a match only. It replaces the
    # plain date index, which it serves for every use (same leading column, then the rowid).
    # PostgreSQL's indexes get the same columns in step 18 (INCLUDE, for index-only scans).
    if conn.dialect.name != "sqlite":
        return
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_date_walk ON events "
                         "(date_start, id, lat, lon, fatalities, status, date_end)"))
    conn.execute(sa.text("DROP INDEX IF EXISTS ix_events_date_start"))


def _event_rollups(conn: sa.Connection) -> None:
    # The page's counts and map grouped a million rows a request: counts already grouped by
    # day and by point, kept by triggers (store/rollup).
    rollup.create(conn)


def _sqlite_page_walks(conn: sa.Connection) -> None:
    # SQLite only; PostgreSQL is left as it was.
    if conn.dialect.name != "sqlite":
        return
    # A page of the actor filter tested the names of every row of its walk of the dates:
    # each name's events in date order instead (store/name_walk).
    name_walk.create(conn)
    # A first page under a type (and a country) and `since` counts up to a thousand matches
    # newest first, testing each one's end date: with the end in the index, not in the table
    # row (a seek per match). The id before it keeps the page's order (date, id) the index's
    # own. Same names, same leading columns: every other use is served.
    # A page read from the box's or the toll's own index sorts its matches by date: with the
    # date in those indexes, the sort reads no table row either (a box of 6,000 events at a
    # million: 25 ms to 5 ms).
    for name, columns in (("ix_events_type_date", "type, date_start, id, date_end"),
                          ("ix_events_country_type_date",
                           "country, type, date_start, id, date_end"),
                          ("ix_events_point", "lat, lon, date_start"),
                          ("ix_events_fatalities", "fatalities, date_start")):
        conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
        conn.execute(sa.text(f"CREATE INDEX {name} ON events ({columns})"))
    # Whether a box is crowded is a sum of the kept counts of its points: read from the index
    # alone (the primary key's index has no count: a table row per point of the band).
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_rollup_points_box "
                         "ON rollup_points (lat, lon, n)"))
    # A database analyzed before has statistics for every index but these (a dropped index
    # loses its own): without them the planner took the type index for a country's page.
    # (Never analyzed, the planner weighs every index alike, as it did.)
    if sa.inspect(conn).has_table("sqlite_stat1"):
        for index in ("ix_events_type_date", "ix_events_country_type_date", "ix_events_point",
                      "ix_events_fatalities", name_walk.WALK_INDEX, "ix_rollup_points_box"):
            conn.execute(sa.text(f"ANALYZE {index}"))


def _postgres_covering_indexes(conn: sa.Connection) -> None:
    # PostgreSQL only; SQLite is left as it was (step 15 and 17 did the same there).
    # A page walking the dates tests each row's point, toll, status and end; one read from the
    # toll's index sorts its matches by date. With those columns in the indexes the walk and
    # the sort are index-only scans (on the pages the visibility map marks all-visible), and
    # the page's JSON is made for its own rows only (`api.queries._rows_last`).
    if conn.dialect.name != "postgresql":
        return
    for name, columns, kept in (
            ("ix_events_date_walk", "date_start, id", "lat, lon, fatalities, status, date_end"),
            ("ix_events_fatalities", "fatalities, date_start, id", ""),
            ("ix_events_type_date_id", "type, date_start, id", "date_end, status"),
            ("ix_events_country_date_id", "country, date_start, id", "date_end, status")):
        conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
        include = f" INCLUDE ({kept})" if kept else ""
        conn.execute(sa.text(f"CREATE INDEX {name} ON events ({columns}){include}"))
    conn.execute(sa.text("DROP INDEX IF EXISTS ix_events_date_id"))


def _postgres_page_walks(conn: sa.Connection) -> None:
    # PostgreSQL only; SQLite has had both since step 17.
    if conn.dialect.name != "postgresql":
        return
    # A page of the actor filter walked the dates and tested every row's names (its first page
    # counted a thousand matches so, about 23,000 rows at a million events): each name's
    # events in date order instead (store/name_walk).
    name_walk.create(conn)
    # A first page under a type, a country and `since` walks (country, type, date) newest
    # first and tests each match's end date: from the table row, a thousand of them for the
    # count, and the page sorted again by id. With the id and the end in the index (and the
    # status, which a page may test too) both read the index alone. Same name, same leading
    # columns: every other use is served.
    # A box of few events (Naypyidaw's 2x2 degrees: 6,205 of a million) is read from the
    # point index and its matches sorted by date: each match's date from the table row (5,583
    # pages for a page of 100). With the date and the id in the index, the sort reads the
    # index alone (87 pages).
    for name, columns, kept in (("ix_events_country_type_date", "country, type, date_start, id",
                                 "date_end, status"),
                                ("ix_events_point", "lat, lon", "date_start, id")):
        conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
        conn.execute(sa.text(f"CREATE INDEX {name} ON events ({columns}) INCLUDE ({kept})"))


_UNCHECKED = (("event_keys", "event_id"),
              ("event_sources", "event_id"), ("event_sources", "mention_id"),
              ("event_sources", "article_id"),
              ("count_history", "event_id"), ("count_history", "mention_id"),
              ("count_history", "article_id"),
              ("event_mentions", "article_id"), ("actors", "article_id"),
              ("places", "article_id"), ("quotes", "article_id"))
"""The references PostgreSQL stops checking in step 20 (table, column)."""


def _postgres_unchecked_references(conn: sa.Connection) -> None:
    # PostgreSQL only: SQLite checks its foreign keys in C as it writes, for little.
    # PostgreSQL checks each row of a foreign key with a query of its own that locks the row
    # it finds: about 200 an article on the wire corpus, the largest share of the server's CPU
    # on ingest (RESULTS.md, stop 25). They cannot be made once a statement: a deferred
    # constraint runs the same row checks at COMMIT. So the ones the store's own writes
    # keep go (185 checks an article of the 207):
    # - `event_keys.event_id`: where fusion finds an event; fusion writes an event's keys in
    #   the statements that write the event, and deletes them before the event (`fusion.write`);
    # - `event_sources` and `count_history`: a mention's copies (its id, event and article),
    #   written and moved by the statements that write and move the mention
    #   (`writer.write_plan`, `fusion.write`) and deleted before it (`correct.remove_article`,
    #   the only place a mention is deleted);
    # - the article of its mentions, actors, places and quotes: written in the transaction
    #   that writes the article, and deleted before it (`correct.remove_article`, the only
    #   place an article is deleted). A DELETE typed by hand no longer takes them with it.
    # Kept: a mention's event (21 checks an article, about 0.8 ms): the one reference
    # another writer can break, by fusing the event away while this one joins a mention to
    # it; the check turns that into an error instead of a mention of no event (step 22 drops
    # it too, once writers take turns).
    # tests/store/test_references.py holds the store to the rest after merges, splits,
    # deletions and corrections.
    if conn.dialect.name != "postgresql":
        return
    _drop_references(conn, _UNCHECKED)


def _drop_references(conn: sa.Connection, references: tuple[tuple[str, str], ...]) -> None:
    """Drop the foreign keys on these (table, column) pairs."""
    for table, column in references:
        names = conn.execute(sa.text(
            "SELECT c.conname FROM pg_constraint AS c JOIN pg_attribute AS a "
            "ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey) "
            "WHERE c.contype = 'f' AND c.conrelid = CAST(:table AS regclass) "
            "AND a.attname = :column"), {"table": table, "column": column}).scalars().all()
        for name in names:
            conn.execute(sa.text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))


def _place_month_rollups(conn: sa.Connection) -> None:
    # A country's or a box's summary, and the map of a type, a status or dates, grouped the
    # matching rows of a million (seconds): counts by place, month, type and status, kept by
    # triggers (store/rollup_months).
    rollup_months.create(conn)
    # PostgreSQL: the events that straddle a `since` (step 12's partial index) are read for
    # every dated summary and map; the planner cannot tell how few straddle (it guessed 33,000
    # of 0 at a million) and walked a year of the date index instead (35-120 ms). With the
    # columns those reads group and test, the partial index is read alone (3-15 ms).
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("DROP INDEX IF EXISTS ix_events_spanning"))
        conn.execute(sa.text(
            "CREATE INDEX ix_events_spanning ON events (date_start, date_end) INCLUDE "
            "(id, type, status, date_precision, lat, lon, country) WHERE date_end > date_start"))


def _postgres_unchecked_mention_events(conn: sa.Connection) -> None:
    # PostgreSQL only. Step 20 kept a mention's event checked: a second writer could fuse the
    # event away while this one joined a mention to it. Writers now take turns a whole
    # transaction at a time (`store.database._turn`), so no other write comes between the read
    # of an event and the mention's join to it; the store's own writes keep this reference as
    # they keep step 20's (tests/store/test_references.py, test_concurrent_writers.py).
    if conn.dialect.name == "postgresql":
        _drop_references(conn, (("event_mentions", "event_id"),))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _initial),
    Migration(2, "index quotes by speaker and article", _quote_speaker_text_index),
    Migration(3, "index events by type and by country, with the date", _event_filter_indexes),
    Migration(4, "record the stage versions that made each article", _article_versions),
    Migration(5, "feed items waiting to be fetched again", _feed_retries),
    Migration(6, "record each quote's cue class", _quote_cue_class),
    Migration(7, "figures as 64-bit integers", _wide_figures),
    Migration(8, "record whether each article is about conflict or politics",
              _article_relevance),
    Migration(9, "record where each article's date came from", _article_published_source),
    Migration(10, "index events for keyset pages under combined filters", _event_page_indexes),
    Migration(11, "index what fusion and deletion look up by event, mention and article",
              _fusion_write_indexes),
    Migration(12, "index the events that span more than a day by their dates",
              _spanning_events_index),
    Migration(13, "index the events' actor names by trigrams", _actor_name_index),
    Migration(14, "record the site an event's reports name and how its place was chosen",
              _event_place_site),
    Migration(15, "index the events' dates with the columns a page tests while it walks them",
              _date_walk_index),
    Migration(16, "count the events by day and by point, kept by triggers", _event_rollups),
    Migration(17, "SQLite: list each actor name's events by date (kept by triggers); the dates "
                  "in the type, point and toll indexes; the points' counts by box",
              _sqlite_page_walks),
    Migration(18, "PostgreSQL: the columns a page tests in its date, type, country and toll "
                  "indexes", _postgres_covering_indexes),
    Migration(19, "PostgreSQL: list each actor name's events by date (kept by triggers); the "
                  "columns a page reads in the country-type and point indexes",
              _postgres_page_walks),
    Migration(20, "PostgreSQL: foreign keys the store's own writes keep are not checked (all "
                  "but a mention's event)",
              _postgres_unchecked_references),
    Migration(21, "count the events by place, month, type and status, kept by triggers; "
                  "PostgreSQL: the straddling events' index carries what their reads test",
              _place_month_rollups),
    Migration(22, "PostgreSQL: a mention's event is not checked either (writers take turns)",
              _postgres_unchecked_mention_events),
)
LATEST = MIGRATIONS[-1].version
_ALL = frozenset(step.version for step in MIGRATIONS)
_LOCK_KEY = 0x5175_7265_7001
"""The PostgreSQL advisory lock key of sitrep's migrations (any constant 64-bit number)."""


def current_version(conn: sa.Connection) -> int:
    """The version the database is at; 0 for an empty database."""
    return max(applied_versions(conn), default=0)


def applied_versions(conn: sa.Connection) -> set[int]:
    """The steps recorded as applied; empty for an empty database."""
    if not sa.inspect(conn).has_table(schema.schema_version.name):
        return set()
    return {int(v) for v in conn.execute(sa.select(schema.schema_version.c.version)).scalars()}


def migrate(engine: sa.Engine) -> list[Migration]:
    """Apply every step the database has not recorded, in order; returns the steps applied.

    A step below the database's highest one is applied too when it is missing (a database made
    by a branch that numbered its steps apart): every step checks what it makes before making
    it. Each step runs under the database's migration lock, so that two processes opening a new
    store at once apply it once: the second waits, then finds it done. A store that has every
    step is only read (it may be on a read-only file system).
    """
    with engine.connect() as conn:
        if applied_versions(conn) >= _ALL:
            return []
    applied: list[Migration] = []
    for step in MIGRATIONS:
        with _locked(engine) as conn:
            if step.version in applied_versions(conn):
                continue
            step.apply(conn)
            if step.version == 1:
                schema.schema_version.create(conn, checkfirst=True)
            conn.execute(sa.insert(schema.schema_version).values(
                version=step.version, name=step.name, applied_at=dt.datetime.now(dt.UTC)))
        applied.append(step)
    return applied


@contextmanager
def _locked(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A transaction holding the migration lock, committed at the end of the block.

    SQLite: BEGIN IMMEDIATE takes the database's write lock before the version is read (a
    second writer waits out the busy timeout). PostgreSQL: a transaction-scoped advisory lock.
    """
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        yield conn
        conn.commit()
