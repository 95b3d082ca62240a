"""`sitrep watch`: poll feeds on an interval, extract and store what is new, past bad feeds."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sitrep.ingest.feeds import FeedState, poll
from sitrep.model import Failure, RawDocument, Report
from sitrep.store.database import Store
from sitrep.store.ingest import IngestSummary, Notify, ingest

log = logging.getLogger(__name__)

Extract = Callable[[Iterable[RawDocument | Failure]], Iterable[Report | Failure]]


@dataclass(frozen=True, slots=True)
class FeedReport:
    """What one poll of one feed did."""

    url: str
    status: str
    summary: IngestSummary
    skipped: int
    error: str | None


def poll_once(store: Store, feeds: Sequence[str], extract: Extract,
              notify: Notify | None = None) -> list[FeedReport]:
    """Poll every feed once and store its new items."""
    reports = []
    for url in feeds:
        etag, modified = store.feed_state(url)
        result = poll(FeedState(url, etag, modified), store.settings, seen=store.seen_link)
        summary = ingest(store, extract(result.items), notify=notify)
        store.save_feed(url, result.state.etag, result.state.modified, result.error,
                        result.links)
        if result.error:
            log.warning("%s: %s", url, result.error)
        reports.append(FeedReport(url, result.status, summary, result.skipped, result.error))
    return reports


def watch(store: Store, feeds: Sequence[str], extract: Extract, *, every: float,
          once: bool = False, notify: Notify | None = None,
          on_round: Callable[[list[FeedReport]], None] | None = None) -> None:
    """Poll the feeds every `every` seconds until interrupted (or once)."""
    while True:
        started = time.monotonic()
        reports = poll_once(store, feeds, extract, notify)
        if on_round:
            on_round(reports)
        if once:
            return
        time.sleep(max(0.0, every - (time.monotonic() - started)))
