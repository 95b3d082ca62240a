"""The aggregate answers by way of the memo, and the page's landing view made at start-up.

The page's first load asks for the unfiltered counts and timeline and for the clusters of the
whole world at its first zoom; over a million events each takes a few hundred milliseconds.
A new server (each worker) makes those answers in a background thread as it starts, so that
the first visitor does not wait for them; the server answers requests meanwhile.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

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


def summary_answer(memo: Memo, store: Store, f: EventFilter, box: BBox | None
                   ) -> dict[str, Any]:
    """/api/events/summary's answer, kept for a while."""
    found: dict[str, Any] = memo.answer(store, ("summary", f, box),
                                        lambda: summary(store, f, box))
    return found


def clusters_answer(memo: Memo, store: Store, f: EventFilter, box: BBox | None, cell: float,
                    detail: int) -> tuple[float, list[dict[str, Any]]]:
    """/api/events/clusters' answer (the cell used, the clusters), kept for a while."""
    found: tuple[float, list[dict[str, Any]]] = memo.answer(
        store, ("clusters", f, box, cell, detail), lambda: clusters(store, f, box, cell, detail))
    return found


def make_landing(memo: Memo, store: Store) -> None:
    """The answers the page's first load asks for, into the memo."""
    everything = EventFilter()
    summary_answer(memo, store, everything, None)
    clusters_answer(memo, store, everything, None, LANDING_CELL, PAGE_DETAIL)


class Warmer:
    """A background thread that makes the landing view once, started and joined with the app."""

    def __init__(self, memo: Memo, store: Store) -> None:
        self.memo = memo
        self.store = store
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        """Start making the landing view (the server answers meanwhile)."""
        self.thread = threading.Thread(target=self._run, name="sitrep-landing", daemon=True)
        self.thread.start()

    def join(self, timeout: float = 30.0) -> None:
        """Wait for the landing view before the store closes under it."""
        if self.thread is not None:
            self.thread.join(timeout)

    def _run(self) -> None:
        try:
            make_landing(self.memo, self.store)
        except sa.exc.SQLAlchemyError as err:
            # Only an optimisation: the first request makes the answer itself (and reports).
            log.warning("the landing view was not made in advance: %s", err)
