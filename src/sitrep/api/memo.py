"""A short memory of aggregate answers (counts, timeline, clusters): the page asks for the same
view again and again, and a GROUP BY over a million rows is worth keeping for a minute.

An answer is kept while the events table has no new row (its largest id is unchanged, read from
the primary key) and for at most ``ttl`` seconds (fusion may update an event in place: a new
source, a revised toll), so a count is never more than that stale.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import sqlalchemy as sa

from sitrep.store import schema as t
from sitrep.store.database import Store


class Memo:
    """Answers by key, each with the table's last id and the time it was made."""

    def __init__(self, ttl: float = 60.0, size: int = 256) -> None:
        self.ttl = ttl
        self.size = size
        self._kept: OrderedDict[Hashable, tuple[int, float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}
        self._asked: dict[Hashable, float] = {}

    def _current(self, key: Hashable, last: int, now: float) -> tuple[bool, Any]:
        with self._lock:
            found = self._kept.get(key)
            if found is not None and found[0] == last and now - found[1] < self.ttl:
                self._kept.move_to_end(key)
                return True, found[2]
        return False, None

    def holds(self, key: Hashable) -> bool:
        """Whether an answer for the key is kept (current or not)."""
        with self._lock:
            return key in self._kept

    def asked(self, key: Hashable) -> float | None:
        """When (time.monotonic) a request last asked for the key's answer; None: never."""
        with self._lock:
            return self._asked.get(key)

    def answer(self, store: Store, key: Hashable, make: Callable[[], Any], *,
               renew: bool = False) -> Any:
        """The kept answer for the key if still current, else ``make()`` (then kept). Requests
        for an answer being made wait for it rather than make it again (the page's first load
        while the landing view is made at start-up, many visitors at once). ``renew``: make it
        anew (in the background, while requests still get the kept one)."""
        with store.reader.connect() as conn:
            last = int(conn.execute(sa.select(sa.func.max(t.events.c.id))).scalar() or 0)
        now = time.monotonic()
        if not renew:
            with self._lock:
                self._asked[key] = now
                while len(self._asked) > self.size:
                    del self._asked[next(iter(self._asked))]
            kept, found = self._current(key, last, now)
            if kept:
                return found
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            kept, found = self._current(key, last, now)
            if kept and not renew:
                return found
            try:
                made = make()
                with self._lock:
                    self._kept[key] = (last, now, made)
                    self._kept.move_to_end(key)
                    while len(self._kept) > self.size:
                        self._kept.popitem(last=False)
            finally:
                with self._lock:
                    self._making.pop(key, None)
        return made
