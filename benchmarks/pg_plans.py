"""PostgreSQL's plans for the statements of the API benchmark's load mix (`api.random_query`).

Each filter of the mix is read as `/api/events` reads it (`queries.page_reads`, SQL compiled
once per shape by `Statements`), and every statement is run with EXPLAIN (ANALYZE, BUFFERS):
as a custom plan for its values, and with ``--generic`` also as the generic plan a prepared
statement may switch to after five runs (psycopg prepares a statement run five times).

    python benchmarks/pg_plans.py --db postgresql://postgres@127.0.0.1:5432/sitrep_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).parent))

from api import HOTSPOTS  # the benchmark's own module, beside this one

from sitrep.api.queries import Ask, BBox, PageReads, page_reads
from sitrep.api.statements import Statements
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store.queries import EventFilter

SINCE = dt.date(2024, 3, 1)
UNTIL = SINCE + dt.timedelta(days=30)
LON, LAT = HOTSPOTS[0]
MIX: list[tuple[str, EventFilter, BBox | None, int]] = [
    ("no filter", EventFilter(), None, 100),
    ("type + country + one month", EventFilter(type="ASSAULT", country="UA", since=SINCE,
                                               until=UNTIL), None, 100),
    ("one country (UA)", EventFilter(country="UA"), None, 100),
    ("one country (FR)", EventFilter(country="FR"), None, 100),
    ("bbox 2x2 degrees", EventFilter(), BBox(LON - 1, LAT - 1, LON + 1, LAT + 1), 100),
    ("type + one month", EventFilter(type="PROTEST", since=SINCE, until=UNTIL), None, 100),
    ("one month + status", EventFilter(since=SINCE, until=UNTIL, status="reported"), None, 100),
    ("actor words", EventFilter(actor="israel"), None, 50),
    ("at least 50 killed", EventFilter(min_fatalities=50), None, 100),
]


def _explained(conn: psycopg.Connection[Any], sql: str, params: dict[str, Any],
               generic: bool) -> list[str]:
    if not generic:
        return [r[0] for r in conn.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)]
    # A generic plan: the statement prepared by name, planned for any values.
    names = list(dict.fromkeys(re.findall(r"%\((\w+)\)s", sql)))
    numbered = re.sub(r"%\((\w+)\)s", lambda m: f"${names.index(m[1]) + 1}", sql)
    conn.execute("DEALLOCATE ALL")
    conn.execute(f"PREPARE plans_page AS {numbered}")
    conn.execute("SET plan_cache_mode = force_generic_plan")
    try:
        quoted = [conn.execute("SELECT quote_nullable(%s::text)", (params[n],)).fetchone()
                  for n in names]
        values = ", ".join(str(q[0]) for q in quoted if q is not None)
        return [r[0] for r in conn.execute(
            f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE plans_page({values})")]
    finally:
        conn.execute("RESET plan_cache_mode")
        conn.execute("DEALLOCATE plans_page")


def explain(url: str, generic: bool) -> None:
    """Print each load-mix statement's plan, with its time and buffers."""
    statements = Statements()
    with open_store(Settings(), url, create=False) as store, \
            psycopg.connect(url, autocommit=True, prepare_threshold=None) as conn:
        dialect = store.engine.dialect
        for name, f, box, limit in MIX:
            reads: PageReads = page_reads(dialect, f, box, limit)
            ask = next(reads)
            try:
                while True:
                    assert isinstance(ask, Ask)
                    found = statements.compiled(ask.shape, ask.build, dialect)
                    params = {**found.defaults, **ask.values}
                    print(f"### {name}: {ask.shape[0]} {ask.shape[1]}\n")
                    print("```")
                    for line in _explained(conn, found.sql, params, generic=False):
                        print(line)
                    if generic:
                        print("-- generic plan:")
                        for line in _explained(conn, found.sql, params, generic=True):
                            print(line)
                    print("```\n")
                    started = time.perf_counter()
                    rows = conn.execute(found.sql, params).fetchall()
                    print(f"{len(rows)} rows in {1000 * (time.perf_counter() - started):.1f} ms "
                          "(without EXPLAIN)\n")
                    ask = reads.send(rows)
            except StopIteration:
                pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL URL, filled (million.py)")
    parser.add_argument("--generic", action="store_true",
                        help="also each statement's generic plan")
    args = parser.parse_args()
    explain(args.db, args.generic)


if __name__ == "__main__":
    main()
