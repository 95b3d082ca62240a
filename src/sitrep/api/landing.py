"""The aggregate answers by way of the memo, and the page's landing view made at start-up.

The page's first load asks for the unfiltered counts and timeline and for the clusters of the
whole world at its first zoom. A new server (each worker) makes those answers as it starts,
before it takes requests (from the counts the store keeps, a fraction of a second over a
million events), and a background thread makes them anew while they are asked for.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import orjson
import sqlalchemy as sa

from sitrep.api.aggregates import clusters, summary
from sitrep.api.memo import Memo
from sitrep.api.queries import BBox
from sitrep.store.database import Store
from sitrep.store.queries import EventFilter

log = logging.getLogger(__name__)

PAGE_ZOOM = 3
"""The page's map starts at this zoom (web/static/app.js: setView(..., 3))..."""
CELL_PX = 32
"""...and asks for cells of about this many pixels (app.js CELL_PX)..."""
PAGE_DETAIL = 2000
"""...listing places one by one when at most this many events match (app.js DETAIL)."""
LANDING_CELL = 360 / 256 / 2**PAGE_ZOOM * CELL_PX
"""The grid of the page's first map: 5.625 degrees."""


def summary_answer(memo: Memo, store: Store, f: EventFilter, box: BBox | None,
                   renew: bool = False) -> bytes:
    """/api/events/summary's answer as JSON, kept for a while (kept encoded: a kept answer
    is sent as it is, not encoded again for each visitor; ``renew``: made anew)."""
    found: bytes = memo.answer(store, summary_key(f, box),
                               lambda: orjson.dumps(summary(store, f, box)), renew=renew)
    return found


def clusters_answer(memo: Memo, store: Store, f: EventFilter, box: BBox | None, cell: float,
                    detail: int, renew: bool = False) -> bytes:
    """/api/events/clusters' answer as JSON ({"cell": the cell used, "clusters"}), kept for a
    while (encoded, as the summary is)."""
    found: bytes = memo.answer(store, clusters_key(f, box, cell, detail),
                               lambda: _clusters_json(store, f, box, cell, detail), renew=renew)
    return found


def _clusters_json(store: Store, f: EventFilter, box: BBox | None, cell: float, detail: int
                   ) -> bytes:
    used, found = clusters(store, f, box, cell, detail)
    return orjson.dumps({"cell": used, "clusters": found})


def summary_key(f: EventFilter, box: BBox | None) -> tuple[Any, ...]:
    """The memo's key of a summary answer."""
    return ("summary", f, box)


def clusters_key(f: EventFilter, box: BBox | None, cell: float, detail: int
                 ) -> tuple[Any, ...]:
    """The memo's key of a clusters answer."""
    return ("clusters", f, box, cell, detail)


def make_landing(memo: Memo, store: Store, renew: bool = True) -> None:
    """The answers the page's first load asks for, into the memo (``renew``: made anew)."""
    summary_answer(memo, store, EventFilter(), None, renew=renew)
    clusters_answer(memo, store, EventFilter(), None, LANDING_CELL, PAGE_DETAIL, renew=renew)


RENEW_AT = 0.8
"""The landing view is made anew when this share of the memo's time has passed..."""
IDLE = 600.0
"""...as long as a request asked for it in the last this many seconds (or the server started
that recently): an idle server does not count a million events every minute for nobody."""


class Warmer:
    """A background thread that makes the landing view as the app starts and keeps it current
    while it is asked for; started and stopped with the app."""

    def __init__(self, memo: Memo, store: Store) -> None:
        self.memo = memo
        self.store = store
        self.thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._started = 0.0

    def start(self) -> None:
        """Make the landing view, then keep it current in the background. The first view is
        made before the server takes requests: summed from the counts the store keeps
        (`store.rollup`) it takes a fraction of a second, and a first visitor who came while
        it was being made waited for it, competing with it for the cores."""
        self._started = time.monotonic()
        self._make()
        self.thread = threading.Thread(target=self._run, name="sitrep-landing", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop, waiting for an answer being made before the store closes under it."""
        self._stop.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def made(self, timeout: float = 30.0) -> bool:
        """Wait until the landing view is in the memo (for tests and benchmarks)."""
        deadline = time.monotonic() + timeout
        everything = EventFilter()
        keys = (summary_key(everything, None),
                clusters_key(everything, None, LANDING_CELL, PAGE_DETAIL))
        while not all(self.memo.holds(k) for k in keys):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def _wanted(self) -> bool:
        everything = EventFilter()
        asked = [self.memo.asked(summary_key(everything, None)),
                 self.memo.asked(clusters_key(everything, None, LANDING_CELL, PAGE_DETAIL))]
        last = max([self._started, *(a for a in asked if a is not None)])
        return time.monotonic() - last < IDLE

    def _make(self) -> None:
        try:
            # Made anew each time (the kept answers serve requests meanwhile), and not
            # counted as asked for: only requests keep the view wanted.
            make_landing(self.memo, self.store, renew=True)
        except sa.exc.SQLAlchemyError as err:
            # Only an optimisation: a request makes the answer itself (and reports).
            log.warning("the landing view was not made in advance: %s", err)

    def _run(self) -> None:
        while not self._stop.wait(self.memo.ttl * RENEW_AT):
            if self._wanted():
                self._make()
