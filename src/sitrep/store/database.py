"""The Store: one engine, migrated on open; every write of an article in one transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa

from sitrep.errors import StoreError
from sitrep.model import Failure, RawDocument, Report
from sitrep.settings import Settings
from sitrep.store import correct, fusion
from sitrep.store import schema as t
from sitrep.store.batches import fetch
from sitrep.store.engine import create_engine, reading_engine
from sitrep.store.migrations import current_version, migrate
from sitrep.store.writer import plan, write_plan, write_report

WRITERS_TURN = 0x5175_7265_7002
"""PostgreSQL: the advisory lock every write transaction of the store holds (`_turn`)."""


@dataclass(frozen=True, slots=True)
class AddOutcome:
    """What storing one report did."""

    article_id: str
    status: Literal["added", "duplicate"]
    reason: str
    mentions: int = 0
    joined: int = 0
    """Event mentions that joined an event already in the store."""


@dataclass(frozen=True, slots=True)
class FailedInput:
    """A recorded input that could not be stored, and why."""

    origin: str
    reason: str
    attempts: int
    failed_at: dt.datetime
    retry_at: dt.datetime | None = None
    """When a feed item that failed is fetched again; None if it is not waiting."""


@dataclass(frozen=True, slots=True)
class Retry:
    """A feed item whose fetch failed, waiting for its next try."""

    link: str
    attempts: int
    reason: str
    retry_at: dt.datetime
    """Naive UTC, as the store keeps every time."""


@dataclass(frozen=True, slots=True)
class Removed:
    """What taking an article out of the store did."""

    article_id: str
    title: str | None
    events_kept: int
    """Events it supported that other articles still support."""
    events_removed: int
    """Events only it supported."""


class Store:
    """The event database behind one URL (SQLite file or PostgreSQL)."""

    def __init__(self, engine: sa.Engine, settings: Settings) -> None:
        self.engine = engine
        self.reader = reading_engine(engine)
        """For reads outside a transaction (autocommit on PostgreSQL; the same pool)."""
        self.settings = settings

    @property
    def url(self) -> str:
        """The URL without its password, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    def add(self, report: Report) -> AddOutcome:
        """Store one report and fuse its events, all or nothing; a known article changes nothing."""
        with self.adding() as add:
            return add(report)

    @contextmanager
    def adding(self) -> Iterator[Callable[[Report], AddOutcome]]:
        """`add` on one connection kept for the block, one transaction a report still: the
        ingest loop's, so that a report costs no pool checkout and no liveness ping. For one
        thread."""
        with self.engine.connect() as conn:
            if conn.dialect.name != "postgresql":
                yield partial(self._add, conn)
                return
            # The BEGIN goes in the pipeline of the first reads and the COMMIT in that of the
            # writes, as statements: psycopg would send its BEGIN alone and wait for it. So
            # the driver opens no transaction itself (SQLAlchemy puts the isolation level back
            # when the connection returns to the pool).
            conn.execution_options(isolation_level="AUTOCOMMIT")
            yield _analyzing(conn, _reconnecting(conn, partial(self._add, conn)))

    def _add(self, conn: sa.Connection, report: Report) -> AddOutcome:
        a = report.article
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        planned = plan(report, now)
        postgres = conn.dialect.name == "postgresql"
        try:
            # On PostgreSQL the connection is in autocommit (`adding`): BEGIN and COMMIT are
            # sent here, and SQLAlchemy's transaction rolls back what fails.
            with conn.begin() as transaction:
                # The duplicate check and fusion's first candidate search in one round trip
                # (on PostgreSQL, with the BEGIN); the search is wasted on a duplicate.
                statements = [_duplicate_query(report)]
                if postgres:
                    statements = [_turn(), *statements, *(
                        fusion.searches(conn, planned.seeds) if planned.ids else ())]
                results = fetch(conn, statements, begin=postgres)
                found, *searched = results[1:] if postgres else results
                duplicate = _duplicate_reason(report, found)
                if duplicate is not None:
                    return AddOutcome(a.id, "duplicate", duplicate)
                joined = write_plan(
                    conn, planned, self.settings.fusion_km, now,
                    found=fusion.candidates(searched) if searched else None,
                    commit=partial(conn.exec_driver_sql, "COMMIT") if postgres
                    else transaction.commit)
        except sa.exc.SQLAlchemyError as err:
            if isinstance(err, sa.exc.IntegrityError):
                with self.engine.connect() as other:
                    duplicate = self._duplicate(other, report)
                if duplicate is not None:
                    # Another writer stored it between our check and our insert.
                    return AddOutcome(a.id, "duplicate", duplicate)
            reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
            raise StoreError(a.origin or a.id,
                             f"could not store in {self.url}: {type(err).__name__}: {reason}"
                             ) from err
        return AddOutcome(a.id, "added", "stored", len(report.events), joined)

    def delete(self, ref: str) -> Removed:
        """Take out the article an id, id prefix or URL names, and every event only it supports;
        the events it shared are fused again from their other sources."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self._writing(ref) as conn:
            article_id = correct.resolve_article(conn, ref)
            title = conn.execute(sa.select(t.articles.c.title).where(
                t.articles.c.id == article_id)).scalar()
            events = correct.remove_article(conn, article_id)
            kept, removed = correct.refuse_events(conn, events, self.settings.fusion_km, now)
        return Removed(article_id, title, kept, removed)

    def stale_articles(self, versions: dict[str, str]) -> list[tuple[str, RawDocument]]:
        """Stored articles made by other stage versions than these (or by unrecorded ones),
        oldest first, each as (id, the document to extract again from its clean text)."""
        a = t.articles.c
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(a.id, a.origin, a.text, a.url, a.title, a.published,
                                          a.versions).order_by(a.ingested_at, a.id)).all()
        return [(r.id, RawDocument(origin=r.origin, text=r.text, url=r.url, title=r.title,
                                   published=r.published))
                for r in rows if r.versions != versions]

    def replace(self, article_id: str, report: Report) -> AddOutcome:
        """Put a new extraction of a stored article in place of its rows, in one transaction."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        a = report.article
        km = self.settings.fusion_km
        with self._writing(a.origin or article_id) as conn:
            report = _keep_date_source(conn, article_id, report)
            events = correct.remove_article(conn, article_id)
            if self._duplicate(conn, report) is not None:
                # The new text is another stored article's: the old rows were a duplicate.
                correct.refuse_events(conn, events, km, now)
                return AddOutcome(a.id, "duplicate", "same as another stored article")
            joined = write_report(conn, report, km, now)
            correct.refuse_events(conn, events, km, now)
        return AddOutcome(a.id, "added", "extracted again", len(report.events), joined)

    @staticmethod
    def _duplicate(conn: sa.Connection, report: Report) -> str | None:
        return _duplicate_reason(report, conn.execute(_duplicate_query(report)).all())

    def record_failure(self, failure: Failure) -> None:
        """Remember an input that could not be stored, with its reason (for ingest --failed)."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self._writing(failure.origin) as conn:
            held = conn.execute(sa.select(t.failures.c.attempts).where(
                t.failures.c.origin == failure.origin)).scalar()
            if held is None:
                conn.execute(sa.insert(t.failures).values(
                    origin=failure.origin, reason=failure.reason, attempts=1, failed_at=now))
            else:
                conn.execute(sa.update(t.failures).where(t.failures.c.origin == failure.origin)
                             .values(reason=failure.reason, attempts=held + 1, failed_at=now))

    def failures(self) -> list[FailedInput]:
        """Every recorded failure, most recent first, with its next try if it is a feed item."""
        f, r = t.failures.c, t.feed_retries.c
        query = (sa.select(f.origin, f.reason, f.attempts, f.failed_at, r.retry_at)
                 .select_from(t.failures.outerjoin(t.feed_retries, r.link == f.origin))
                 .order_by(f.failed_at.desc(), f.origin))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [FailedInput(row.origin, row.reason, row.attempts, row.failed_at, row.retry_at)
                for row in rows]

    def feed_retries(self, feed_url: str) -> dict[str, Retry]:
        """The items of a feed waiting for another try, by link."""
        r = t.feed_retries.c
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.feed_retries).where(r.feed_url == feed_url)).all()
        return {row.link: Retry(row.link, row.attempts, row.reason, row.retry_at) for row in rows}

    def save_retry(self, feed_url: str, retry: Retry) -> None:
        """Remember that a feed item failed and when to try it again."""
        r = t.feed_retries.c
        values = {"feed_url": feed_url, "attempts": retry.attempts, "reason": retry.reason,
                  "retry_at": retry.retry_at}
        with self._writing(retry.link) as conn:
            if conn.execute(sa.select(r.link).where(r.link == retry.link)).first():
                conn.execute(sa.update(t.feed_retries).where(r.link == retry.link)
                             .values(**values))
            else:
                conn.execute(sa.insert(t.feed_retries).values(link=retry.link, **values))

    def has_url(self, url: str) -> bool:
        """Whether an article from this URL is stored (feeds skip what they already have)."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(t.articles.c.id).where(t.articles.c.url == url)
                                ).first() is not None

    def feed_state(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified the feed last answered with."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.feeds).where(t.feeds.c.url == url)).first()
        return (row.etag, row.modified) if row else (None, None)

    def save_feed(self, url: str, etag: str | None, modified: str | None,
                  error: str | None, links: list[str]) -> None:
        """Remember a poll: its validators, its error if any, and the item links done with.

        A link done with (stored, or given up) is seen: later polls skip it, and it no longer
        waits for a retry.
        """
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self._writing(url) as conn:
            values = {"etag": etag, "modified": modified, "checked_at": now, "error": error}
            if conn.execute(sa.select(t.feeds.c.url).where(t.feeds.c.url == url)).first():
                conn.execute(sa.update(t.feeds).where(t.feeds.c.url == url).values(**values))
            else:
                conn.execute(sa.insert(t.feeds).values(url=url, **values))
            known = set(conn.execute(sa.select(t.feed_items.c.link).where(
                t.feed_items.c.link.in_(links))).scalars()) if links else set()
            fresh = sorted(set(links) - known)
            if fresh:
                conn.execute(sa.insert(t.feed_items), [
                    {"link": link, "feed_url": url, "seen_at": now} for link in fresh])
            if links:
                conn.execute(sa.delete(t.feed_retries).where(t.feed_retries.c.link.in_(links)))

    def seen_link(self, link: str) -> bool:
        """Whether a feed item's link was handled before or its article is stored."""
        with self.engine.connect() as conn:
            if conn.execute(sa.select(t.feed_items.c.link).where(t.feed_items.c.link == link)
                            ).first():
                return True
        return self.has_url(link)

    def table_sizes(self) -> dict[str, int]:
        """Rows per table, for tests and for `sitrep ingest` summaries."""
        with self.engine.connect() as conn:
            return {table.name: int(conn.execute(sa.select(sa.func.count()).select_from(table))
                                    .scalar_one()) for table in t.metadata.sorted_tables}

    @contextmanager
    def _writing(self, origin: str) -> Iterator[sa.Connection]:
        """A write transaction whose database errors become a StoreError naming the input."""
        try:
            with self.engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(_turn())
                yield conn
        except sa.exc.SQLAlchemyError as err:
            raise StoreError(origin, f"could not write to {self.url}: {err}") from err

    def close(self) -> None:
        """Release the connections (on SQLite, refreshing the planner's statistics first)."""
        if self.engine.dialect.name == "sqlite":
            # SQLite's advice for long-lived databases: cheap, and it keeps query plans good
            # as the tables grow. A locked, read-only or damaged database simply skips it.
            with suppress(sa.exc.DatabaseError), self.engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA optimize")
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_GROWING = ("articles", "events", "event_keys", "event_mentions", "count_history")
"""The tables an ingest grows and reads back (fusion's candidate search)."""


def _reconnecting(conn: sa.Connection, add: Callable[[Report], AddOutcome]
                  ) -> Callable[[Report], AddOutcome]:
    """`add` on the kept PostgreSQL connection, taken again from the pool (in autocommit) when
    the server has closed it (a restart, an idle timeout): an ingest run goes on storing.

    A report that fails because the connection went away mid-way is stored once more on the
    new one. Nothing of it was committed unless its COMMIT reached the server, and then the
    second try finds the article stored and says so (a duplicate): never stored twice."""
    def adding(report: Report) -> AddOutcome:
        _ready(conn)
        try:
            return add(report)
        except StoreError:
            if not _dropped(conn):
                raise
            _ready(conn)
            return add(report)

    return adding


def _dropped(conn: sa.Connection) -> bool:
    """Whether the kept connection is gone (SQLAlchemy or psycopg knows it is)."""
    if conn.invalidated:
        return True
    raw: Any = conn.connection.driver_connection
    return raw is None or bool(raw.closed or raw.broken)


def _ready(conn: sa.Connection) -> None:
    """The kept connection alive and in autocommit: a new one from the pool if it is gone
    (SQLAlchemy does not put the isolation level back on a connection it takes again)."""
    if _dropped(conn):
        if not conn.invalidated:
            conn.invalidate()
    else:
        raw: Any = conn.connection.driver_connection
        if raw.autocommit:
            return
    conn.execution_options(isolation_level="AUTOCOMMIT")


def _analyzing(conn: sa.Connection, add: Callable[[Report], AddOutcome]
               ) -> Callable[[Report], AddOutcome]:
    """`add`, which refreshes the planner's statistics of the tables it grows after 64 reports
    stored, 128, 256 and so on (PostgreSQL).

    psycopg prepares a statement run five times, and the server then keeps one generic plan
    for it until the statistics of its tables change. Planned on the nearly empty tables of a
    new store, fusion's candidate search read every mention and every killed count: 260 ms
    at 8,000 mentions (benchmarks/RESULTS.md). Autovacuum's ANALYZE would replan it, but a
    server may run without; this does the same at doubling sizes, so the plans follow the
    tables and the cost of analysing stays a fraction of the ingest's.
    """
    stored = 0
    due = 64

    def adding(report: Report) -> AddOutcome:
        nonlocal stored, due
        outcome = add(report)
        stored += outcome.status == "added"
        if stored >= due:
            due *= 2
            try:
                conn.exec_driver_sql(f"ANALYZE {', '.join(_GROWING)}")
                conn.commit()  # SQLAlchemy's transaction, begun by ANALYZE: nothing to send
            except sa.exc.DBAPIError:
                conn.rollback()  # the statistics only speed the reads up: the report is stored
        return outcome

    return adding


def _turn() -> sa.Select[tuple[Any]]:
    """PostgreSQL: wait for the other writers' transactions to end, and hold them off until
    this one ends. Two articles of one event stored at once each read the event (or found
    none) before the other's writes were committed: the second's counts of sources were a
    lost update (7 of 8 reports counted, four writers at once), and both could open the same
    event. Writers take turns as SQLite's do, whole transactions, reads included; readers
    never wait. `tests/store/test_concurrent_writers.py`."""
    return sa.select(sa.func.pg_advisory_xact_lock(WRITERS_TURN))


def _duplicate_query(report: Report) -> sa.Select[tuple[str]]:
    """The stored articles with the report's id or URL (one query for both, each an indexed
    lookup: a round trip fewer per article)."""
    a = report.article
    return sa.select(t.articles.c.id).where(
        t.articles.c.id == a.id if not a.url else sa.or_(
            t.articles.c.id == a.id, t.articles.c.url == a.url)).limit(2)


def _duplicate_reason(report: Report, found: Sequence[Any]) -> str | None:
    """Why the report is a stored article again, from the rows of `_duplicate_query`; None if
    it is new."""
    ids = {row.id for row in found}
    if report.article.id in ids:
        return "already stored (same text)"
    if ids:
        return "already stored (same URL)"
    return None


def _keep_date_source(conn: sa.Connection, article_id: str, report: Report) -> Report:
    """The report with its stored article's date source: re-extraction hands the stored date in
    as given, but it came from where the first extraction found it (the page, a dateline)."""
    a = t.articles.c
    stored = conn.execute(sa.select(a.published, a.published_source)
                          .where(a.id == article_id)).first()
    article = report.article
    if (stored is None or stored.published_source is None
            or stored.published != article.published or article.published_source != "given"):
        return report
    return dataclasses.replace(report, article=dataclasses.replace(
        article, published_source=stored.published_source))


def open_store(settings: Settings, url: str | None = None, *, create: bool = True,
               write: bool = False) -> Store:
    """The store at the URL (default: settings.db_url), migrated to the latest schema.

    Without ``create`` (the read commands), a database that does not exist yet is an error
    naming the URL, not a new empty file. ``write``: the caller will write (ingest, watch,
    delete), so a read-only or damaged SQLite file is refused now, before anything is
    written into it.
    """
    target = url or settings.db_url
    engine = create_engine(target)
    try:
        if not create:
            _require_database(engine, target)
        if write and engine.dialect.name == "sqlite":
            _check_writable(engine, target)
        migrate(engine)
    except sa.exc.SQLAlchemyError as err:
        engine.dispose()
        raise database_error(target, err, "open") from err
    except StoreError:
        engine.dispose()
        raise
    return Store(engine, settings)


def database_error(target: str, err: sa.exc.SQLAlchemyError, action: str = "use") -> StoreError:
    """A database error as one line naming the database and what to do."""
    reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
    if "malformed" in reason or "not a database" in reason:
        return StoreError(target, f"the database file is damaged ({reason}); restore it from a "
                                  "backup, or save what is left with `sqlite3 FILE .recover`")
    if "readonly" in reason:
        return StoreError(target, f"the database is read-only ({reason}); only reading "
                                  "commands (events, quotes, show, export, serve) can use it")
    return StoreError(target, f"cannot {action} the database: {type(err).__name__}: {reason}")


def _check_writable(engine: sa.Engine, target: str) -> None:
    """Refuse a SQLite file that cannot be written or whose pages are damaged."""
    if engine.url.query.get("mode") == "ro":  # how engine.create_engine opens such a file
        raise StoreError(target, "the database is read-only (its file or folder cannot be "
                                 "written); only reading commands (events, quotes, show, "
                                 "export, serve) can use it")
    with engine.connect() as conn:
        problems = [line.strip() for row in conn.exec_driver_sql("PRAGMA quick_check(3)")
                    for line in str(row[0]).splitlines() if line.strip()]
    if problems != ["ok"]:
        raise StoreError(target, f"the database file is damaged ({'; '.join(problems[:3])}); "
                                 "restore it from a backup, or save what is left with "
                                 "`sqlite3 FILE .recover`")


def _require_database(engine: sa.Engine, target: str) -> None:
    """StoreError unless the URL names a sitrep database that exists."""
    hint = "no sitrep database there; check --db or $SITREP_DB (`sitrep ingest` creates one)"
    database = engine.url.database
    if database and engine.url.query.get("uri") == "true":  # a read-only file, as file:PATH
        database = database.removeprefix("file:")
    # Connecting to a SQLite path would create the file: look first.
    if (engine.dialect.name == "sqlite" and database not in (None, "", ":memory:")
            and not Path(database).is_file()):
        raise StoreError(target, hint)
    with engine.connect() as conn:
        if current_version(conn) == 0:
            raise StoreError(target, hint)
