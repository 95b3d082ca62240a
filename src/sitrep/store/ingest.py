"""The ingest loop: reports (or failures) from the pipeline into the store, one transaction each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sitrep.errors import StoreError
from sitrep.model import Failure, Report
from sitrep.store.database import AddOutcome, Store


@dataclass
class IngestSummary:
    """What one ingest run did."""

    added: int = 0
    duplicates: int = 0
    failed: int = 0
    joined: int = 0
    """Event mentions that joined an event already known."""


Notify = Callable[[str, AddOutcome | Failure], None]


def ingest(
    store: Store,
    items: Iterable[Report | Failure],
    *,
    total: int | None = None,
    progress: bool = False,
    notify: Notify | None = None,
) -> IngestSummary:
    """Store every report; record every failure with its reason and go on."""
    summary = IngestSummary()
    stream: Iterable[Report | Failure] = items
    if progress:
        from tqdm import tqdm

        stream = tqdm(items, total=total, unit="article", desc="ingest", leave=True)
    # One connection for the run (a transaction an article still).
    with store.adding() as add:
        for item in stream:
            if isinstance(item, Failure):
                store.record_failure(item)
                summary.failed += 1
                if notify:
                    notify(item.origin, item)
                continue
            try:
                outcome = add(item)
            except StoreError as err:
                # One article the database refuses (e.g. a NUL byte PostgreSQL will not store) is
                # recorded and skipped; if recording fails too, the database itself is the problem.
                failure = Failure(item.article.origin or item.article.id, err.reason)
                store.record_failure(failure)
                summary.failed += 1
                if notify:
                    notify(failure.origin, failure)
                continue
            if outcome.status == "added":
                summary.added += 1
                summary.joined += outcome.joined
            else:
                summary.duplicates += 1
            if notify:
                notify(item.article.origin or item.article.id, outcome)
    return summary
