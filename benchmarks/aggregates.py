"""The page's aggregates alone, in process: `summary` and `clusters` (the page's world cell of
5.625 degrees, detail 2,000) per filter, over a filled database; the median of three calls
each, in milliseconds, no memory between calls.

    PYTHONPATH=src python benchmarks/aggregates.py --db FILE-or-URL
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from sitrep.api.aggregates import clusters, summary
from sitrep.api.queries import BBox
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store.queries import EventFilter

SINCE, UNTIL = dt.date(2023, 5, 1), dt.date(2023, 5, 31)
CASES: dict[str, tuple[EventFilter, BBox | None]] = {
    "none": (EventFilter(), None),
    "type": (EventFilter(type="PROTEST"), None),
    "a month": (EventFilter(since=SINCE, until=UNTIL), None),
    "a month + status": (EventFilter(status="planned", since=SINCE, until=UNTIL), None),
    "one country (Sudan)": (EventFilter(country="SD"), None),
    "box (Kharkiv)": (EventFilter(), BBox(35, 49, 37, 51)),
    "at least 50 killed": (EventFilter(min_fatalities=50), None),
    # Not kept: an actor is read row by row (what that costs, beside the kept filters).
    "actor (Rapid Support Forces)": (EventFilter(actor="Rapid Support Forces"), None),
    "type + country + dates inside months": (
        EventFilter(type="ASSAULT", country="UA", since=dt.date(2023, 3, 10),
                    until=dt.date(2023, 8, 20)), None),
}


def median_ms(call: Callable[[], Any], repeat: int = 3) -> float:
    """The median wall milliseconds of ``repeat`` calls."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a filled SQLite file or database URL")
    args = parser.parse_args()
    url = args.db if "://" in args.db else f"sqlite:///{args.db}"
    print(f"load {os.getloadavg()[0]:.1f}")
    print("| filter | summary ms | clusters ms |\n|---|---|---|")
    with open_store(Settings(), url) as store:
        for name, (f, box) in CASES.items():
            kept = median_ms(lambda: summary(store, f, box))  # noqa: B023 (called at once)
            grid = median_ms(lambda: clusters(store, f, box, 5.625, 2000))  # noqa: B023
            print(f"| {name} | {kept:.0f} | {grid:.0f} |", flush=True)


if __name__ == "__main__":
    main()
