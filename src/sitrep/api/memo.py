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

    def answer(self, store: Store, key: Hashable, make: Callable[[], Any]) -> Any:
        """The kept answer for the key if still current, else ``make()`` (then kept)."""
        with store.engine.connect() as conn:
            last = int(conn.execute(sa.select(sa.func.max(t.events.c.id))).scalar() or 0)
        now = time.monotonic()
        with self._lock:
            found = self._kept.get(key)
            if found is not None and found[0] == last and now - found[1] < self.ttl:
                self._kept.move_to_end(key)
                return found[2]
        made = make()
        with self._lock:
            self._kept[key] = (last, now, made)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return made
