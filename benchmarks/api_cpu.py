"""CPU time per /api/events page, the app driven in process: ASGI calls without sockets, so
the figure is the server's Python work (and, on SQLite, the database's own work in the same
process), less dependent on what else the machine runs than latency under load.

    PYTHONPATH=src python benchmarks/api_cpu.py --db sqlite:////tmp/api3-bench/s1m.db [--n 160]

Run it with another tree's PYTHONPATH for the "before" figure, in the same minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from typing import Any

from sitrep.api.app import create_app
from sitrep.settings import Settings

MIX = ("/api/events",
       "/api/events?type=ASSAULT&country=UA&since=2023-05-01&until=2023-05-31",
       "/api/events?country=SD", "/api/events?bbox=35,49,37,51",
       "/api/events?type=PROTEST&since=2024-02-01&until=2024-03-02",
       "/api/events?since=2022-07-01&until=2022-07-31&status=reported",
       "/api/events?actor=israel&limit=50", "/api/events?min_fatalities=10")
"""The first pages of benchmarks/api.py's load mix, one of each filter."""


async def _get(app: Any, path: str) -> int:
    """One GET through the whole ASGI stack; its status."""
    route, _, query = path.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": route, "raw_path": route.encode(),
             "query_string": query.encode(), "root_path": "", "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 8000), "state": {},
             "headers": [(b"host", b"127.0.0.1:8000"), (b"accept-encoding", b"gzip")]}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return int(sent[0]["status"])


async def _run(db: str, n: int) -> float:
    os.environ["SITREP_DB"] = db
    app = create_app(Settings.from_env())
    for path in MIX:  # warm: statement caches, the gazetteer, the thread pool
        assert await _get(app, path) == 200, path
    started = time.process_time()
    for i in range(n):
        await _get(app, MIX[i % len(MIX)])
    return (time.process_time() - started) / n * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a filled database URL")
    parser.add_argument("--n", type=int, default=160, help="pages to ask for")
    args = parser.parse_args()
    print(f"{asyncio.run(_run(args.db, args.n)):.2f} CPU ms a page "
          f"(load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
