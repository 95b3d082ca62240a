"""API latency and page load over 100,000 synthetic events.

Fills a fresh SQLite store's events table with synthetic events (the towns, types and actors of
benchmarks/fusion.py), serves it with `sitrep serve` in its own process, and drives
/api/events with a bounded concurrent load (N clients, one request in flight each, for S
seconds; a mix of filters and pages). Then loads the page in headless Chromium over the same
database. Prints a table and appends it to benchmarks/RESULTS.md.

    python benchmarks/api.py [--events 100000] [--clients 20] [--seconds 30] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))

from fusion import ACTORS, START, TYPES, towns

from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store import schema as t
from sitrep.web import browser
from sitrep.web.server import free_port

RESULTS = Path(__file__).parent / "RESULTS.md"
DAYS = 730


def fill(url: str, n: int, seed: int = 3) -> None:
    """n synthetic fused events straight into the events table (the API reads only that)."""
    rng = random.Random(seed)
    places = towns(rng)
    now = dt.datetime(2026, 1, 1)
    rows = []
    for _ in range(n):
        name, lat, lon, country, region = rng.choice(places)
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        kind = rng.choice(TYPES)
        a1, a2 = rng.choice(ACTORS), rng.choice((None, *ACTORS))
        killed = rng.randint(0, 30) if kind == "ASSAULT" else None
        rows.append({
            "type": kind, "status": "reported", "actor1": a1.name, "actor1_country": a1.country,
            "actor1_sector": a1.sector, "actor2": a2.name if a2 else None,
            "actor2_country": a2.country if a2 else None,
            "actor2_sector": a2.sector if a2 else None,
            "date_start": day, "date_end": day, "date_precision": "day", "place": name,
            "lat": lat + rng.uniform(-0.02, 0.02), "lon": lon + rng.uniform(-0.02, 0.02),
            "country": country, "admin1": region, "geo_precision": 1,
            "sources": rng.randint(1, 5), "fatalities": killed, "fatalities_latest": killed,
            "first_seen": now, "updated_at": now})
    with open_store(Settings(), url) as store, store.engine.begin() as conn:
        conn.execute(sa.insert(t.events), rows)


SINGLE = {
    "first page (100), no filter": "/api/events",
    "type + country + one month": "/api/events?type=ASSAULT&country=UA"
                                  "&since=2023-05-01&until=2023-05-31",
    "bbox 2x2 degrees": "/api/events?bbox=30,48,32,50",
    "actor words, first 50": "/api/events?actor=israel&limit=50",
    "the page's fetch (2,000)": "/api/events?limit=2000",
}


def unloaded(base: str, repeat: int = 7) -> dict[str, float]:
    """Median milliseconds of each query in SINGLE, one request at a time."""
    out = {}
    with httpx.Client(base_url=base, timeout=60) as http:
        for name, path in SINGLE.items():
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                http.get(path).raise_for_status()
                timings.append((time.perf_counter() - started) * 1000)
            out[name] = statistics.median(timings)
    return out


def random_query(rng: random.Random) -> str:
    """One request of the load mix: what a page and an API client ask for."""
    since = START + dt.timedelta(days=rng.randrange(DAYS - 60))
    until = since + dt.timedelta(days=30)
    lon, lat = rng.uniform(22, 40), rng.uniform(44, 54)
    return rng.choice([
        "/api/events",
        f"/api/events?offset={rng.randrange(0, 5000, 100)}",
        f"/api/events?type=ASSAULT&country=UA&since={since}&until={until}",
        f"/api/events?bbox={lon},{lat},{lon + 2},{lat + 2}",
        f"/api/events?type=PROTEST&since={since}&until={until}&limit=500",
        "/api/events?actor=israel&limit=50",
    ])


async def load(base: str, clients: int, seconds: float) -> tuple[list[float], int]:
    """Latencies (ms) of every request answered 200, and the count of other answers."""
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    async def client(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                response = await http.get(random_query(rng))
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code == 200:
                    latencies.append(elapsed)
                else:
                    errors += 1

    await asyncio.gather(*(client(i) for i in range(clients)))
    return latencies, errors


def page_load(base: str, repeat: int = 3) -> list[float]:
    """Seconds from navigation to the page's first render of events, in headless Chromium."""
    from selenium.webdriver.support.ui import WebDriverWait

    times = []
    with browser.chromium() as driver:
        for _ in range(repeat):
            started = time.perf_counter()
            driver.get(base + "/")
            WebDriverWait(driver, 120).until(
                lambda d: d.execute_script("return document.body.dataset.ready") == "true")
            times.append(time.perf_counter() - started)
    return times


def serve(url: str) -> tuple[subprocess.Popen[bytes], str]:
    """`sitrep serve` on a free port in its own process, once it answers."""
    port = free_port()
    sitrep = Path(sys.executable).with_name("sitrep")
    process = subprocess.Popen([str(sitrep), "serve", "--db", url, "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(base + "/api/config", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("sitrep serve did not start")


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'api.db'}"
        started = time.perf_counter()
        fill(url, args.events)
        filled = time.perf_counter() - started
        process, base = serve(url)
        try:
            alone = unloaded(base)
            latencies, errors = asyncio.run(load(base, args.clients, args.seconds))
            loads = page_load(base) if browser.missing() is None else []
        finally:
            process.terminate()
            process.wait(timeout=10)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = "python benchmarks/api.py " + " ".join(sys.argv[1:])
    lines = [
        "<!-- bench:api -->", "## REST API and page over synthetic events", "",
        f"{when}; Python {platform.python_version()}; {os.cpu_count()} cores; load average "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} (shared machine; the load client "
        "runs on the same two cores as the server)", "",
        "| measure | value |", "|---|---|",
        f"| events in the store (SQLite) | {args.events:,} (filled in {filled:.1f} s) |",
        f"| load | {args.clients} concurrent clients for {args.seconds:g} s, mixed filters |",
        f"| requests answered 200 / other | {len(latencies):,} / {errors} |",
        f"| throughput | {len(latencies) / args.seconds:.1f} req/s |",
        f"| /api/events p50 | {statistics.median(latencies):.0f} ms |",
        f"| /api/events p95 | {percentile(latencies, 95):.0f} ms |",
        "| page load to first render (2,000 events) | "
        + (" / ".join(f"{s:.2f}" for s in loads) + " s" if loads else "no chromium") + " |",
        "", "One request at a time (median of 7), same server:", "",
        "| query | ms |", "|---|---|",
        *(f"| {name} | {ms:.1f} |" for name, ms in alone.items()),
        "", "Under load the latency is mostly queueing: one uvicorn process, and the 20 clients "
        "share its two cores.", "",
        f"`{command.strip()}`", "<!-- /bench:api -->",
    ]
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        text = RESULTS.read_text(encoding="utf-8")
        marked = re.compile(r"<!-- bench:api -->.*?<!-- /bench:api -->", re.S)
        if marked.search(text):
            text = marked.sub(lambda _: section, text)
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
