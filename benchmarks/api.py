"""API latency and page load over up to a million synthetic events, SQLite or PostgreSQL.

Fills a fresh store's events table with synthetic events (benchmarks/million.py: skewed over
countries and towns, six years, every PLOVER type), serves it with `sitrep serve` in its own
process, and drives /api/events with a bounded concurrent load (N clients, one request in
flight each, for S seconds; a mix of filtered first pages, each followed to its next pages).
Then loads the page in headless Chromium over the same database. Prints a table and writes it
to benchmarks/RESULTS.md (one section per backend).

    python benchmarks/api.py [--events 1000000] [--backend sqlite|postgres] [--clients 20]
                             [--seconds 30] [--db FILE-or-URL, already filled] [--no-write]
                             [--workers N (sitrep serve's; default its own: one per core)]
                             [--client httpx|lean] [--no-page]

`--client lean` drives the same requests with a raw asyncio HTTP/1.1 client (lean_http.py),
which leaves more of the shared cores to the server. The table splits the CPU the load run
cost between the client, the server's processes, PostgreSQL and the whole machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).parent))

import lean_http
import million

from sitrep.web import browser
from sitrep.web.server import free_port

RESULTS = Path(__file__).parent / "RESULTS.md"
SETTLE = 5.0
"""Seconds between the server's first answer and the first measured request."""
HOTSPOTS = ((30.5, 50.4), (36.2, 50.0), (37.8, 48.0), (32.5, 15.6), (34.4, 31.4), (36.3, 33.5),
            (96.1, 19.8), (29.2, -1.7))
"""(lon, lat) of places the map is most often looked at: Kyiv, Kharkiv, Donetsk, Khartoum,
Gaza, Damascus, Naypyidaw, Goma."""

SINGLE = {
    "first page (100), no filter": "/api/events",
    "type + country + one month": "/api/events?type=ASSAULT&country=UA"
                                  "&since=2023-05-01&until=2023-05-31",
    "one country (Sudan)": "/api/events?country=SD",
    "bbox 2x2 degrees (Kharkiv)": "/api/events?bbox=35,49,37,51",
    "actor words, first 50": "/api/events?actor=israel&limit=50",
    "at least 10 killed": "/api/events?min_fatalities=10",
    "the page's fetch (2,000)": "/api/events?limit=2000",
}


def unloaded(base: str, repeat: int = 7) -> dict[str, float]:
    """Median milliseconds of each query in SINGLE, one request at a time."""
    out = {}
    with httpx.Client(base_url=base, timeout=120) as http:
        for name, path in SINGLE.items():
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                http.get(path).raise_for_status()
                timings.append((time.perf_counter() - started) * 1000)
            out[name] = statistics.median(timings)
    return out


def random_query(rng: random.Random) -> str:
    """One filtered first page of the load mix: what the page and API clients ask for."""
    since = million.START + dt.timedelta(days=rng.randrange(million.DAYS - 60))
    until = since + dt.timedelta(days=30)
    lon, lat = rng.choice(HOTSPOTS)
    country = rng.choice(("UA", "UA", "SD", "SY", "PS", "MM", "FR"))
    return rng.choice([
        "/api/events",
        f"/api/events?type=ASSAULT&country={country}&since={since}&until={until}",
        f"/api/events?country={country}",
        f"/api/events?bbox={lon - 1},{lat - 1},{lon + 1},{lat + 1}",
        f"/api/events?type=PROTEST&since={since}&until={until}",
        f"/api/events?since={since}&until={until}&status=reported",
        "/api/events?actor=israel&limit=50",
        f"/api/events?min_fatalities={rng.choice((5, 10, 50))}",
    ])


def following(path: str, body: dict[str, Any]) -> str | None:
    """The next page of a response: by its cursor when it gives one, else by its offset."""
    base = re.sub(r"[?&](cursor|offset)=[^&]*", "", path)
    joiner = "&" if "?" in base else "?"
    if body.get("next_cursor"):
        return f"{base}{joiner}cursor={body['next_cursor']}"
    if body.get("next_offset") is not None:
        return f"{base}{joiner}offset={body['next_offset']}"
    return None


Latencies = tuple[list[float], int]
"""Milliseconds of every request answered 200, and the count of other answers."""


def visits(rng: random.Random) -> int:
    """How many pages one visit reads: a first page, and up to three next pages half of the
    time, as someone scrolling the list does."""
    return 1 + (rng.randrange(4) if rng.random() < 0.5 else 0)


async def load(base: str, clients: int, seconds: float) -> Latencies:
    """The load mix with httpx's async client: latencies of every request answered 200, and
    the count of other answers (errors and timeouts)."""
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    async def client(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            while time.monotonic() < deadline:
                path: str | None = random_query(rng)
                for _ in range(visits(rng)):
                    if path is None or time.monotonic() >= deadline:
                        break
                    started = time.perf_counter()
                    try:
                        response = await http.get(path)
                    except httpx.TimeoutException:
                        errors += 1
                        break
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        errors += 1
                        break
                    latencies.append(elapsed)
                    path = following(path, response.json())

    await asyncio.gather(*(client(i) for i in range(clients)))
    return latencies, errors


async def lean_load(base: str, clients: int, seconds: float) -> Latencies:
    """The same load mix (same seeds, same requests) with the lean client (`lean_http`)."""
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    async def client(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        connection = lean_http.Connection(base)
        try:
            while time.monotonic() < deadline:
                path: str | None = random_query(rng)
                for _ in range(visits(rng)):
                    if path is None or time.monotonic() >= deadline:
                        break
                    started = time.perf_counter()
                    try:
                        answer = await asyncio.wait_for(connection.get(path), 60)
                    except (TimeoutError, lean_http.ProtocolError, OSError):
                        await connection.close()
                        errors += 1
                        break
                    elapsed = (time.perf_counter() - started) * 1000
                    if answer.status != 200:
                        errors += 1
                        break
                    latencies.append(elapsed)
                    path = following(path, answer.envelope)
        finally:
            await connection.close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    return latencies, errors


CLIENTS = {"httpx": load, "lean": lean_load}
"""The load generators: httpx's async client (the benchmark's first), or the lean one."""


@dataclass(frozen=True, slots=True)
class CpuSplit:
    """CPU seconds spent during the load run by each party on the machine."""

    client: float
    server: float
    database: float
    machine: float
    """Every process's CPU time (busy time of all cores)."""


def _tree_cpu(root: psutil.Process) -> float:
    """CPU seconds of a process and its children (uvicorn's workers)."""
    total = 0.0
    for p in (root, *root.children(recursive=True)):
        with contextlib.suppress(psutil.Error):
            times = p.cpu_times()
            total += times.user + times.system
    return total


def _database_cpu(name: str | None) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend serving the database of that name, by process
    id (the machine's other databases' backends not counted)."""
    found: dict[int, float] = {}
    if name is None:
        return found
    for p in psutil.process_iter(["name", "cmdline"]):
        words = " ".join(p.info["cmdline"] or []).split()
        if p.info["name"] in {"postgres", "postmaster"} and name in words:
            with contextlib.suppress(psutil.Error):
                times = p.cpu_times()
                found[p.pid] = times.user + times.system
    return found


def _machine_cpu() -> float:
    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


def measured(run: Any, server: subprocess.Popen[bytes], database: str | None
             ) -> tuple[Latencies, CpuSplit]:
    """Run the load and split the CPU it cost between the client, the server's processes
    and the PostgreSQL backends of ``database`` (its name; None for SQLite)."""
    root = psutil.Process(server.pid)
    client0, server0 = time.process_time(), _tree_cpu(root)
    database0, machine0 = _database_cpu(database), _machine_cpu()
    # The backends are read every quarter second during the run: one that a pool opens
    # and closes under load (each request's overflow connection) counts up to its last
    # reading, where reading them at the end only would miss it and what it ran. (The
    # reading's own CPU is not the client's.)
    seen = dict(database0)
    done = threading.Event()
    watching = [0.0]

    def watch() -> None:
        while not done.wait(0.25):
            seen.update(_database_cpu(database))
        watching[0] = time.thread_time()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        result = asyncio.run(run())
    finally:
        done.set()
        watcher.join()
    seen.update(_database_cpu(database))
    # A backend that started during the run counts in full.
    used = sum(spent - database0.get(pid, 0.0) for pid, spent in seen.items())
    split = CpuSplit(time.process_time() - client0 - watching[0], _tree_cpu(root) - server0, used,
                     _machine_cpu() - machine0)
    return result, split


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


def serve(url: str, workers: int | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """`sitrep serve` on a free port in its own process (or processes), once it answers."""
    port = free_port()
    more = ["--workers", str(workers)] if workers is not None else []
    # The package found on this interpreter's path (PYTHONPATH=src: the tree run from), not
    # the installed console script's.
    process = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "serve", "--db", url,
                                "--port", str(port), *more],
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


def _store_url(args: argparse.Namespace, folder: str) -> tuple[str, float | None]:
    """The database to serve and the seconds its filling took (None: given, already filled)."""
    if args.db:
        url = args.db if "://" in args.db else f"sqlite:///{args.db}"
        return url, None
    if args.backend == "postgres":
        url = million.recreate_postgres()
    else:
        url = f"sqlite:///{Path(folder) / 'api.db'}"
    return url, million.fill(url, args.events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--db", help="serve this database, already filled (SQLite file or URL)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument("--workers", type=int, default=None,
                        help="sitrep serve --workers (default: its own, one per core)")
    parser.add_argument("--client", choices=sorted(CLIENTS), default="httpx",
                        help="load generator: httpx's async client or the lean one "
                             "(lean_http.py: less of the two cores for the client)")
    parser.add_argument("--no-page", action="store_true",
                        help="skip the page load in Chromium")
    args = parser.parse_args()
    generate = CLIENTS[args.client]
    with tempfile.TemporaryDirectory() as folder:
        url, filled = _store_url(args, folder)
        process, base = serve(url, args.workers)
        try:
            # The server answers at once, but its workers make the page's landing view in the
            # background for a second or two: not measured as the latency of the first pages.
            time.sleep(SETTLE)
            alone = unloaded(base)
            before = os.getloadavg()
            database = (url.rsplit("/", 1)[-1].split("?")[0] if args.backend == "postgres"
                        else None)
            (latencies, errors), cpu = measured(
                lambda: generate(base, args.clients, args.seconds), process, database)
            loads = (page_load(base) if browser.missing() is None and not args.no_page
                     else [])
        finally:
            process.terminate()  # with workers, uvicorn's manager stops them on SIGTERM
            process.wait(timeout=30)
            if args.backend == "postgres" and not args.db:
                million.drop_postgres()
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = "python benchmarks/api.py " + " ".join(sys.argv[1:])
    backend = "PostgreSQL" if args.backend == "postgres" else "SQLite"
    how = f"filled in {filled:.1f} s" if filled is not None else "filled before"
    marker = f"bench:api-{args.backend}"
    lines = [
        f"<!-- {marker} -->", f"## REST API and page over synthetic events ({backend})", "",
        f"{when}; Python {platform.python_version()}; {os.cpu_count()} cores; load average "
        f"{', '.join(f'{x:.1f}' for x in before)} before the load run (shared machine; the "
        "load client runs on the same two cores as the server)", "",
        "| measure | value |", "|---|---|",
        f"| events in the store ({backend}) | {args.events:,} ({how}) |",
        f"| load | {args.clients} concurrent clients for {args.seconds:g} s, filtered pages "
        "of 100 and their next pages |",
        f"| requests answered 200 / other | {len(latencies):,} / {errors} |",
        f"| throughput | {len(latencies) / args.seconds:.1f} req/s |",
        f"| /api/events p50 | {statistics.median(latencies):.0f} ms |",
        f"| /api/events p95 | {percentile(latencies, 95):.0f} ms |",
        f"| /api/events p99 | {percentile(latencies, 99):.0f} ms |",
        f"| load client | {args.client} |",
        "| CPU ms a request: client / server / PostgreSQL / whole machine | "
        + " / ".join(f"{1000 * v / max(1, len(latencies)):.1f}"
                     for v in (cpu.client, cpu.server, cpu.database, cpu.machine)) + " |",
        "| page load to first render | "
        + (" / ".join(f"{s:.2f}" for s in loads) + " s" if loads else "not measured") + " |",
        "", "One request at a time (median of 7), same server:", "",
        "| query | ms |", "|---|---|",
        *(f"| {name} | {ms:.1f} |" for name, ms in alone.items()),
        "", f"`{command.strip()}`", f"<!-- /{marker} -->",
    ]
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        text = RESULTS.read_text(encoding="utf-8")
        marked = re.compile(rf"<!-- {marker} -->.*?<!-- /{marker} -->", re.S)
        if marked.search(text):
            text = marked.sub(lambda _: section, text)
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
