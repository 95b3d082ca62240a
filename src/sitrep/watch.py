"""`sitrep watch`: poll feeds on an interval, extract and store what is new, past bad feeds.

An item is done with when it is stored or given up; only then do later polls skip it. An item
whose fetch failed waits (``retry_after`` seconds, doubling) and is tried again, up to
``retry_attempts`` tries; then it is given up and its reason stays in the failures that
``sitrep ingest --failed`` lists.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sitrep.ingest.feeds import FeedState, poll
from sitrep.model import Failure, RawDocument, Report
from sitrep.settings import Settings
from sitrep.store.database import Retry, Store
from sitrep.store.ingest import IngestSummary, Notify, ingest

log = logging.getLogger(__name__)

Extract = Callable[[Iterable[RawDocument | Failure]], Iterable[Report | Failure]]
LONGEST_WAIT = dt.timedelta(days=1)
"""The backoff stops doubling here."""


@dataclass(frozen=True, slots=True)
class FeedReport:
    """What one poll of one feed did."""

    url: str
    status: str
    summary: IngestSummary
    skipped: int
    error: str | None
    retrying: int = 0
    """Items whose fetch failed and that will be tried again."""


@dataclass(slots=True)
class _Retries:
    """The retry bookkeeping of one poll: which failed fetches wait, which are given up."""

    settings: Settings
    now: dt.datetime
    waiting: dict[str, Retry]
    """What the store held before this poll, by link."""
    retrying: dict[str, Retry] = field(default_factory=dict)
    """Links whose fetch failed this time and that will be tried again."""

    def due(self, link: str) -> bool:
        """Whether a link may be fetched now (it is not waiting out its backoff)."""
        held = self.waiting.get(link)
        return held is None or held.retry_at <= self.now

    def judge(self, items: Iterable[RawDocument | Failure], links: set[str]
              ) -> Iterator[RawDocument | Failure]:
        """The items, each failed fetch of a link either put back to wait or given up."""
        for item in items:
            if not (isinstance(item, Failure) and item.stage == "fetch" and item.origin in links):
                yield item
                continue
            held = self.waiting.get(item.origin)
            attempts = (held.attempts if held else 0) + 1
            if attempts >= self.settings.retry_attempts:
                yield Failure(item.origin, f"given up after {attempts} attempts: {item.reason}",
                              stage="fetch")
                continue
            wait = dt.timedelta(seconds=self.settings.retry_after * 2 ** (attempts - 1))
            retry_at = self.now + min(wait, LONGEST_WAIT)
            self.retrying[item.origin] = Retry(item.origin, attempts, item.reason, retry_at)
            yield Failure(item.origin, f"{item.reason} (try {attempts} of "
                                       f"{self.settings.retry_attempts}; again after "
                                       f"{retry_at:%Y-%m-%d %H:%M:%S} UTC)", stage="fetch")

    def gone(self, listed: frozenset[str]) -> list[Failure]:
        """Links waiting for a retry that the feed no longer lists, given up with the reason."""
        return [Failure(link, f"given up after {held.attempts} attempts: the item left the "
                              f"feed ({held.reason})", stage="fetch")
                for link, held in sorted(self.waiting.items()) if link not in listed]


def poll_once(store: Store, feeds: Sequence[str], extract: Extract,
              notify: Notify | None = None) -> list[FeedReport]:
    """Poll every feed once and store its new items, and retry the failed ones that are due."""
    return [_poll_feed(store, url, extract, notify) for url in feeds]


def _poll_feed(store: Store, url: str, extract: Extract, notify: Notify | None) -> FeedReport:
    """One poll of one feed: its new and due items stored, failed fetches put back to wait."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    retries = _Retries(store.settings, now, store.feed_retries(url))
    etag, modified = store.feed_state(url)
    if any(retries.due(link) for link in retries.waiting):
        # An unchanged feed answers 304 without its items: ask for them all again.
        etag = modified = None
    result = poll(FeedState(url, etag, modified), store.settings,
                  seen=lambda link: not retries.due(link) or store.seen_link(link))
    items = retries.judge(result.items, set(result.links))
    gone = retries.gone(result.listed) if result.status == "new" else []
    summary = ingest(store, extract(itertools.chain(items, gone)), notify=notify)
    done = [link for link in result.links if link not in retries.retrying]
    done += [failure.origin for failure in gone]
    store.save_feed(url, result.state.etag, result.state.modified, result.error, done)
    for retry in retries.retrying.values():
        store.save_retry(url, retry)
    if result.error:
        log.warning("%s: %s", url, result.error)
    return FeedReport(url, result.status, summary, result.skipped, result.error,
                      len(retries.retrying))


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
