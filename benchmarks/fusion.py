"""Fusion at scale: synthetic event mentions fused in memory and through the store, then queried.

Each synthetic real event (a type, actors, a town, a day) is reported by one to five sources
with the noise real reports have: a vaguer date, the region instead of the town, a point a few
kilometres off, a different name for the same state. The table shows how time grows with the
number of mentions (it should grow about linearly) and how long a filtered `events` query takes.

    python benchmarks/fusion.py [--sizes 10000 100000] [--store memory sqlite postgres]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from sitrep.fuse import MemoryFuser, Mention, Who
from sitrep.model import Article, Count, Event, EventActor, EventPlace, Report
from sitrep.settings import Settings
from sitrep.store import Store, open_store
from sitrep.store.ingest import ingest
from sitrep.store.queries import EventFilter, find_events

TYPES = ("ASSAULT", "ASSAULT", "ASSAULT", "PROTEST", "CONSULT", "COERCE", "MOBILIZE", "ACCUSE")
ACTORS = (Who("Russia", "RUS", "GOV"), Who("Russian forces", "RUS", "MIL"),
          Who("Ukraine", "UKR", "GOV"), Who("Ukrainian forces", "UKR", "MIL"),
          Who("Hamas", "PSE", "REB"), Who("Israel Defense Forces", "ISR", "MIL"),
          Who("civilians", "UKR", "CVL"), Who("protesters", "GEO", "PRO"))
MENTIONS_PER_REPORT = 10
START = dt.date(2023, 1, 1)


def towns(rng: random.Random, n: int = 400) -> list[tuple[str, float, float, str, str]]:
    """Synthetic towns scattered over a box the size of Eastern Europe, in 40 regions."""
    out = []
    for i in range(n):
        lat, lon = rng.uniform(44.0, 56.0), rng.uniform(22.0, 44.0)
        region = f"Region {int((lat - 44) // 3)}-{int((lon - 22) // 5.5)}"
        out.append((f"Town {i}", lat, lon, "UA" if lon < 40 else "RU", region))
    return out


def synthetic_mentions(n: int, seed: int = 11, most_told: int = 5,
                       days: int | None = None) -> list[Mention]:
    """n mentions of real events, each told 1..most_told times with noise.

    By default the days covered grow with n (an archive grows over time, at about 13 reported
    events a day over 400 towns), so that density stays constant across sizes.
    """
    rng = random.Random(seed)
    span = days or max(30, n // 40)
    places = towns(rng)
    mentions: list[Mention] = []
    start = START
    while len(mentions) < n:
        name, lat, lon, country, region = rng.choice(places)
        day = start + dt.timedelta(days=rng.randrange(span))
        truth = Mention(
            type=rng.choice(TYPES), status="reported", actor1=rng.choice(ACTORS),
            actor2=rng.choice((None, *ACTORS)), start=day, end=day, date_precision="day",
            place=name, lat=lat, lon=lon, country=country, admin1=region, geo_precision=1)
        for _ in range(rng.randint(1, most_told)):
            told = truth
            noise = rng.random()
            if noise < 0.15:
                monday = day - dt.timedelta(days=day.weekday())
                told = replace(told, start=monday, end=monday + dt.timedelta(days=6),
                               date_precision="week")
            elif noise < 0.25:
                told = replace(told, place=region, lat=None, lon=None, geo_precision=3)
            elif noise < 0.5:
                told = replace(told, lat=lat + rng.uniform(-0.05, 0.05),
                               lon=lon + rng.uniform(-0.05, 0.05))
            mentions.append(told)
    return mentions[:n]


def _event(m: Mention, event_id: str, rng: random.Random) -> Event:
    def actor(w: Who | None) -> EventActor | None:
        return None if w is None else EventActor(w.name, w.country, w.sector)

    value = m.start.isoformat() if m.start else None
    if m.date_precision == "week" and m.start:
        year, week, _ = m.start.isocalendar()
        value = f"{year}-W{week:02d}"
    place = EventPlace(m.place or "", m.lat, m.lon, m.country, m.admin1, m.geo_precision or 4)
    counts = (Count("killed", rng.randint(0, 30), None, "people"),) if m.type == "ASSAULT" else ()
    return Event(id=event_id, type=m.type, mode=None, acled_event_type=None,
                 acled_sub_event_type=None, actor1=actor(m.actor1), actor2=actor(m.actor2),
                 date=value, date_precision=m.date_precision,  # type: ignore[arg-type]
                 place=place, counts=counts, status="reported", evidence=((0, 20),),
                 confidence=0.8)


def synthetic_reports(mentions: list[Mention], seed: int = 5) -> Iterator[Report]:
    """The mentions packed ten to an article, as an ingest would store them."""
    rng = random.Random(seed)
    for i in range(0, len(mentions), MENTIONS_PER_REPORT):
        text = f"Synthetic report {i} for the fusion benchmark, seed {seed}."
        article_id = hashlib.sha256(text.encode()).hexdigest()
        published = max(m.end for m in mentions[i:i + MENTIONS_PER_REPORT] if m.end)
        article = Article(id=article_id, text=text, url=None, title=None, source="Bench",
                          published=published, dateline=None, language="en", origin=text)
        events = tuple(_event(m, f"{article_id}:{j}", rng)
                       for j, m in enumerate(mentions[i:i + MENTIONS_PER_REPORT]))
        yield Report(article=article, events=events)


def run_memory(mentions: list[Mention]) -> tuple[float, int, float]:
    """Seconds to fuse the mentions in memory, the events, and candidates looked at per mention."""
    fuser = MemoryFuser(km=25)
    started = time.perf_counter()
    for m in mentions:
        fuser.add(m)
    return time.perf_counter() - started, len(fuser.events), fuser.compared / len(mentions)


QUERIES = {
    "country+type+dates+near 150 km": EventFilter(
        country="UA", type="ASSAULT", since=START + dt.timedelta(days=60),
        until=START + dt.timedelta(days=180),
        near=(50.0, 36.25), km=150),
    "country+type+month": EventFilter(country="UA", type="PROTEST",
                                      since=START + dt.timedelta(days=120),
                                      until=START + dt.timedelta(days=150)),
    "actor words, first 50": EventFilter(actor="israel", limit=50),
    "near 50 km, all dates": EventFilter(near=(48.0, 30.0), km=50),
}


def query_times(store: Store) -> dict[str, tuple[float, int]]:
    """Median milliseconds (of 7) and rows for each benchmark query."""
    out = {}
    for name, query in QUERIES.items():
        timings = []
        rows = 0
        for _ in range(7):
            t0 = time.perf_counter()
            rows = len(find_events(store, query))
            timings.append((time.perf_counter() - t0) * 1000)
        out[name] = (statistics.median(timings), rows)
    return out


def run_store(mentions: list[Mention], url: str) -> tuple[float, int, dict[str, tuple[float, int]]]:
    """Seconds to store and fuse the mentions, the events, and the query timings."""
    with open_store(Settings(), url) as store:
        started = time.perf_counter()
        summary = ingest(store, synthetic_reports(mentions))
        assert summary.failed == 0, summary
        elapsed = time.perf_counter() - started
    # Queried as `sitrep events` would be: a later process, after the ingest has closed.
    with open_store(Settings(), url) as store:
        return elapsed, store.table_sizes()["events"], query_times(store)


def _postgres_url(prefix: str) -> str:
    import secrets

    import psycopg

    name = f"{prefix}{secrets.token_hex(4)}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres",
                         autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def _drop_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres",
                         autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--store", nargs="+", default=["memory", "sqlite"],
                        choices=["memory", "sqlite", "postgres"])
    parser.add_argument("--days", type=int, default=None,
                        help="days the mentions cover (default: grows with the size)")
    parser.add_argument("--distinct", action="store_true",
                        help="every synthetic event told once (as many events as mentions)")
    parser.add_argument("--db-prefix", default="sitrep_bench_",
                        help="name prefix of the scratch PostgreSQL databases")
    args = parser.parse_args()
    print("| backend | mentions | events | fusion s | mentions/s | filtered events query ms "
          "| load |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    timings: list[tuple[str, int, dict[str, tuple[float, int]]]] = []
    for size in args.sizes:
        mentions = synthetic_mentions(size, most_told=1 if args.distinct else 5,
                                      days=args.days)
        for backend in args.store:
            if backend == "memory":
                seconds, events, per_mention = run_memory(mentions)
                query = f"- ({per_mention:.2f} candidates per mention)"
            elif backend == "sqlite":
                with tempfile.TemporaryDirectory() as folder:
                    url = f"sqlite:///{Path(folder) / 'bench.db'}"
                    seconds, events, queries = run_store(mentions, url)
                query = f"{next(iter(queries.values()))[0]:.1f}"
                timings.append((backend, events, queries))
            else:
                url = _postgres_url(args.db_prefix)
                try:
                    seconds, events, queries = run_store(mentions, url)
                finally:
                    _drop_postgres(url)
                query = f"{next(iter(queries.values()))[0]:.1f}"
                timings.append((backend, events, queries))
            load = os.getloadavg()[0]
            print(f"| {backend} | {size:,} | {events:,} | {seconds:.1f} | "
                  f"{size / seconds:,.0f} | {query} | {load:.1f} |", flush=True)
    if timings:
        print("\n| backend | events in store | query | median ms (of 7) | rows |")
        print("|---|---:|---|---:|---:|")
        for backend, events, queries in timings:
            for name, (ms, rows) in queries.items():
                print(f"| {backend} | {events:,} | {name} | {ms:.1f} | {rows:,} |")


if __name__ == "__main__":
    sys.exit(main())
