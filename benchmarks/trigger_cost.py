"""What the counts kept by triggers (store/rollup) cost a write: N events inserted by one SQL
statement (no Python a row), then a counted column of all of them changed, then an uncounted
one, then all deleted; seconds each, on a new store made by the code on PYTHONPATH.
``--names``: the events carry actor names (three of them, actor2 on two events of three), and
a change of actor2 is timed too (the names' tables, `store.name_walk`).

    PYTHONPATH=src python benchmarks/trigger_cost.py FILE-or-postgres [N] [DATABASE] [--names]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import million

from sitrep.settings import Settings
from sitrep.store import open_store

SCRATCH = "sitrep_bench_trigger_cost"
"""The PostgreSQL database made and dropped for the run."""


def _insert(postgres: bool, n: int, names: bool) -> str:
    if postgres:
        rows = f"SELECT g FROM generate_series(1, {n}) AS g"
        day = "DATE '2020-01-01' + (g %% 2000)"
        mod = "%%"
    else:
        rows = (f"WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s "
                f"WHERE g < {n}) SELECT g FROM s")
        day = "date('2020-01-01', '+' || (g % 2000) || ' days')"
        mod = "%"
    actors = (f", CASE g {mod} 3 WHEN 0 THEN 'Russia' WHEN 1 THEN 'civilians' ELSE 'Hamas' END, "
              f"CASE g {mod} 3 WHEN 0 THEN NULL ELSE 'Ukraine' END" if names else "")
    return ("INSERT INTO events (type, status, date_start, date_end, date_precision, lat, lon, "
            f"country, sources, first_seen, updated_at{', actor1, actor2' if names else ''}) "
            f"SELECT CASE g {mod} 3 WHEN 0 THEN "
            f"'ASSAULT' WHEN 1 THEN 'PROTEST' ELSE 'CONSULT' END, 'reported', {day}, {day}, "
            f"'day', 40 + (g {mod} 97) * 0.1, 30 + (g {mod} 89) * 0.1, 'UA', 1, "
            f"CURRENT_TIMESTAMP, CURRENT_TIMESTAMP{actors} FROM ({rows}) AS gs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", help="a SQLite file to make, or 'postgres'")
    parser.add_argument("n", type=int, nargs="?", default=200_000)
    parser.add_argument("--names", action="store_true", help="events with actor names")
    parser.add_argument("scratch", nargs="?", default=SCRATCH,
                        help=f"the PostgreSQL database to make and drop (default: {SCRATCH})")
    args = parser.parse_args()
    target, n = args.target, args.n
    postgres = target.startswith("postgres")
    if postgres:
        url = million.recreate_postgres(args.scratch)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{target}"
    out = []
    with open_store(Settings(), url) as store:
        steps = [("insert", _insert(postgres, n, args.names)),
                 ("change type", "UPDATE events SET type = 'COERCE'"),
                 ("change sources", "UPDATE events SET sources = sources + 1"),
                 ("delete", "DELETE FROM events")]
        if args.names:
            steps.insert(3, ("change actor2", "UPDATE events SET actor2 = 'Houthis' "
                                              "WHERE actor1 = 'civilians'"))
        for name, sql in steps:
            with store.engine.begin() as conn:
                started = time.perf_counter()
                conn.exec_driver_sql(sql)
                out.append(f"{name} {time.perf_counter() - started:.2f} s")
    if postgres:
        million.drop_postgres(args.scratch)
    names = " with names" if args.names else ""
    print(f"load {os.getloadavg()[0]:.1f}; {n:,} rows{names}: " + ", ".join(out), flush=True)


if __name__ == "__main__":
    main()
