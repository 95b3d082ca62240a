"""SQLite: a page read on the event loop stops when it has spent its CPU budget, and is read
again in a worker thread.

SQLite's pages are answered on the event loop (no thread hop: a sixth of a page's CPU), so a
page that reads far more rows than it returns would hold up every other request of its server
worker until it ends. Here SQLite checks the thread's CPU time every STEPS steps of its
virtual machine and stops the statement past the budget (`OverBudget`); the caller reads the
page again in a worker thread, where it holds up nobody. A page within the budget (the
measured ones take 1-3 ms) runs as before. Waiting (a busy timeout) spends no CPU and is not
bounded here.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

BUDGET = 0.02
"""Seconds of the thread's CPU a page may spend on the event loop."""
STEPS = 100_000
"""SQLite virtual machine steps between two looks at the clock (about a millisecond)."""


class OverBudget(Exception):
    """A page read on the event loop spent its budget; read it in a worker thread."""


@contextmanager
def bounded(raw: sqlite3.Connection, budget: float) -> Iterator[None]:
    """The statements run on ``raw`` inside the block stop once the thread has spent
    ``budget`` seconds of CPU from now, raising `OverBudget`."""
    deadline = time.thread_time() + budget
    over = False

    def spent() -> int:
        nonlocal over
        over = time.thread_time() > deadline
        return int(over)  # non-zero: SQLite interrupts the statement

    raw.set_progress_handler(spent, STEPS)
    try:
        yield
    except (sa.exc.OperationalError, sqlite3.OperationalError) as err:
        if over:
            raise OverBudget from err
        raise
    finally:
        raw.set_progress_handler(None, 0)
