"""Ingest rate: bare extraction beside extraction + store on SQLite and on PostgreSQL.

Runs the synthetic wire corpus (benchmarks/corpus.py) through the pipeline alone, then through
`sitrep ingest`'s loop into a fresh SQLite file and a fresh PostgreSQL database, and prints
articles per second for each, plus the store's own share (storing reports already extracted).

    python benchmarks/ingest.py [--n 100] [--store sqlite postgres] [--rounds 3] [--store-only]

With --rounds R, the store-only runs alternate between the backends R times and the median
is printed beside the fastest and slowest (the machine is shared: compare within one run).
--store-only skips the full ingest runs (extraction is then done once, for the reports).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).parent))

from corpus import articles

from sitrep.model import Failure, RawDocument, Report
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store.ingest import ingest

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
DURABLE = "-c synchronous_commit=on"


@contextmanager
def database(kind: str, prefix: str = "sitrep_bench_", options: str = "") -> Iterator[str]:
    """A fresh, empty database URL of the kind, removed afterwards (PostgreSQL: named with the
    prefix, its connections given the options)."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    import psycopg

    name = f"{prefix}{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        query = f"?options={quote(options)}" if options else ""
        yield f"postgresql://postgres@127.0.0.1:5432/{name}{query}"
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="articles")
    parser.add_argument("--store", nargs="+", default=["sqlite", "postgres"],
                        choices=["sqlite", "postgres"])
    parser.add_argument("--rounds", type=int, default=1, help="store-only runs per backend")
    parser.add_argument("--store-only", action="store_true", help="skip the full ingest runs")
    parser.add_argument("--db-prefix", default="sitrep_bench_",
                        help="name prefix of the scratch PostgreSQL databases")
    parser.add_argument("--durable", action="store_true",
                        help="PostgreSQL commits wait for the disk (synchronous_commit=on)")
    args = parser.parse_args()
    settings = Settings()
    pipeline = Pipeline(settings)
    pipeline.warm_up()
    raws = [RawDocument(origin=f"corpus:{i}", text=text) for i, text in enumerate(articles(args.n))]

    started = time.perf_counter()
    reports = [r for r in pipeline.run(raws) if isinstance(r, Report)]
    bare = time.perf_counter() - started
    mentions = sum(len(r.events) for r in reports)
    print(f"{len(reports)} articles, {mentions} event mentions, "
          f"{sum(len(r.quotes) for r in reports)} quotes")
    print("| run | seconds | articles/s |")
    print("|---|---:|---:|")
    print(f"| extraction only | {bare:.1f} | {len(reports) / bare:.2f} |", flush=True)
    for kind in args.store if not args.store_only else []:
        with database(kind, args.db_prefix) as url, open_store(settings, url) as store:
            started = time.perf_counter()
            stream: Iterator[Report | Failure] = pipeline.run(raws)
            summary = ingest(store, stream)
            full = time.perf_counter() - started
        print(f"| ingest into {kind} (extract + store + fuse) | {full:.1f} | "
              f"{summary.added / full:.2f} |", flush=True)
    times: dict[str, list[tuple[float, float, float]]] = {kind: [] for kind in args.store}
    for _ in range(args.rounds):
        for kind in args.store:
            times[kind].append(store_only(settings, kind, reports, args.db_prefix,
                                          DURABLE if args.durable else ""))
    for kind, runs in times.items():
        median = statistics.median(r[0] for r in runs)
        spread = (f" (runs {min(r[0] for r in runs):.2f}–{max(r[0] for r in runs):.2f} s)"
                  if len(runs) > 1 else "")
        print(f"| {kind} store + fuse alone{spread} | {median:.2f} | "
              f"{len(reports) / median:.1f} |", flush=True)
    print("\nCPU per article, best run (ms): the client process; the PostgreSQL server processes "
          "that served the store's connections")
    for kind, runs in times.items():
        client = min(r[1] for r in runs) / len(reports) * 1000
        server = min(r[2] for r in runs) / len(reports) * 1000
        print(f"- {kind}: client {client:.1f}, server {server:.1f}, total {client + server:.1f}")
    print(f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


def store_only(settings: Settings, kind: str, reports: list[Report], prefix: str,
               options: str = "") -> tuple[float, float, float]:
    """Wall seconds, client CPU seconds and server CPU seconds to store and fuse the reports,
    one transaction each, into a fresh database (server CPU: PostgreSQL only, else 0), through
    `sitrep ingest`'s loop."""
    with database(kind, prefix, options) as url, open_store(settings, url) as store:
        before = server_cpu(url)
        started, cpu = time.perf_counter(), time.process_time()
        summary = ingest(store, iter(reports))
        assert summary.added == len(reports), summary
        seconds, client = time.perf_counter() - started, time.process_time() - cpu
        after = server_cpu(url)
    server = sum(after.values()) - sum(v for pid, v in before.items() if pid in after)
    return seconds, client, server


def server_cpu(url: str) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend connected to the url's database, read from
    /proc (the server runs on this machine); empty for SQLite, which runs in the client."""
    if not url.startswith("postgresql"):
        return {}
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        pids = [row[0] for row in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()")]
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[int, float] = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return found


if __name__ == "__main__":
    sys.exit(main())
