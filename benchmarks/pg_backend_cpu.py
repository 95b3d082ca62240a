"""PostgreSQL backend CPU of a page of each filter of the API benchmark's load mix.

One connection runs, in turn, a first page of each kind of filter `api.random_query` asks for
and the page after it, as `/api/events` reads them (`queries.page_reads`), and reads the
backend's CPU time from /proc/PID/schedstat (nanoseconds; the database must run on this
machine). ``--plans default`` leaves PostgreSQL its generic plans after five runs of a
prepared statement; ``custom`` (the store's setting, `engine.CUSTOM_PLANS`) plans each run.

    python benchmarks/pg_backend_cpu.py --db postgresql://postgres@127.0.0.1:5432/sitrep_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).parent))

import million
from api import HOTSPOTS

from sitrep.api.cursor import Cursor
from sitrep.api.queries import Ask, BBox, EventPage, page_reads
from sitrep.api.statements import Statements
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store.engine import CUSTOM_PLANS
from sitrep.store.queries import EventFilter

Kind = tuple[EventFilter, BBox | None, int]


def kinds(rng: random.Random) -> dict[str, Kind]:
    """One filter of each kind of the load mix, with values drawn as `api.random_query` does."""
    since = million.START + dt.timedelta(days=rng.randrange(million.DAYS - 60))
    until = since + dt.timedelta(days=30)
    lon, lat = rng.choice(HOTSPOTS)
    country = rng.choice(("UA", "UA", "SD", "SY", "PS", "MM", "FR"))
    return {
        "no filter": (EventFilter(), None, 100),
        "type + country + month": (EventFilter(type="ASSAULT", country=country, since=since,
                                               until=until), None, 100),
        "one country": (EventFilter(country=country), None, 100),
        "bbox 2x2 degrees": (EventFilter(), BBox(lon - 1, lat - 1, lon + 1, lat + 1), 100),
        "PROTEST + month": (EventFilter(type="PROTEST", since=since, until=until), None, 100),
        "month + status": (EventFilter(since=since, until=until, status="reported"), None, 100),
        "actor words (50)": (EventFilter(actor="israel"), None, 50),
        "at least N killed": (EventFilter(min_fatalities=rng.choice((5, 10, 50))), None, 100),
    }


class Backend:
    """One connection and its backend's CPU time."""

    def __init__(self, url: str, custom: bool) -> None:
        self.conn = psycopg.connect(url, autocommit=True,
                                    options=CUSTOM_PLANS if custom else "")
        self.pid = self.conn.info.backend_pid

    def cpu_ms(self) -> float:
        with open(f"/proc/{self.pid}/schedstat", encoding="ascii") as stat:
            return int(stat.read().split()[0]) / 1e6

    def page(self, dialect: Any, statements: Statements, kind: Kind,
             cursor: Cursor | None = None) -> EventPage:
        f, box, limit = kind
        reads = page_reads(dialect, f, box, limit, cursor=cursor)
        try:
            ask = next(reads)
            while True:
                assert isinstance(ask, Ask)
                found = statements.compiled(ask.shape, ask.build, dialect)
                ask = reads.send(self.conn.execute(
                    found.sql, {**found.defaults, **ask.values}).fetchall())
        except StopIteration as done:
            page: EventPage = done.value
            return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL URL, filled (million.py)")
    parser.add_argument("--plans", choices=("custom", "default"), default="custom")
    parser.add_argument("--rounds", type=int, default=25)
    args = parser.parse_args()
    statements = Statements()
    rng = random.Random(5)
    spent: dict[str, list[float]] = {}
    with open_store(Settings(), args.db, create=False) as store:
        backend = Backend(args.db, args.plans == "custom")
        dialect = store.engine.dialect
        for _ in range(args.rounds):
            for name, kind in kinds(rng).items():
                started = backend.cpu_ms()
                page = backend.page(dialect, statements, kind)
                first = backend.cpu_ms()
                if page.next_cursor is not None:
                    backend.page(dialect, statements, kind, page.next_cursor)
                mine = spent.setdefault(name, [0.0, 0.0])
                mine[0] += first - started
                mine[1] += backend.cpu_ms() - first
    print(f"{args.plans} plans, {args.rounds} rounds: backend CPU ms of a first page; of the "
          "page after it\n\n| filter | first page | next page |\n|---|---:|---:|")
    for name, (first, following) in spent.items():
        print(f"| {name} | {first / args.rounds:.1f} | {following / args.rounds:.1f} |")
    means = [sum(v[i] for v in spent.values()) / args.rounds / len(spent) for i in (0, 1)]
    print(f"| mean | {means[0]:.1f} | {means[1]:.1f} |")


if __name__ == "__main__":
    main()
