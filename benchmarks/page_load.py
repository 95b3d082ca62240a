"""The page's first (cold) load right after `sitrep serve` starts, and what it waits on.

Starts headless Chromium first (its own start-up is not the page's), then `sitrep serve` over a
filled database; as soon as the server answers, loads the page, then loads it again. Prints the
seconds from starting the server to its first answer, each load's seconds to the page's first
render (the page's `sitrep-ready` performance mark, from navigation; the wall time polled
for `document.body.dataset.ready` when the page has no mark), and the first load's network
waterfall (Resource Timing: when each request started and ended, ms from navigation).

    python benchmarks/page_load.py --db FILE-or-URL [--loads 3] [--workers N] [--rounds 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from api import serve

from sitrep.web import browser

WATERFALL = """return performance.getEntriesByType('resource').map((e) => [
  e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseStart),
  Math.round(e.responseEnd), e.transferSize]);"""


def one_round(url: str, loads: int, workers: int | None
              ) -> tuple[float, list[float], list[float], list[Any]]:
    """Seconds to the server's first answer, each load's seconds (the page's mark, and the
    wall time polled), the first load's waterfall."""
    from selenium.webdriver.support.ui import WebDriverWait

    with browser.chromium() as driver:
        driver.get("about:blank")
        started = time.perf_counter()
        process, base = serve(url, workers)
        up = time.perf_counter() - started
        try:
            times: list[float] = []
            walls: list[float] = []
            waterfall: list[Any] = []
            for i in range(loads):
                began = time.perf_counter()
                driver.get(base + "/")
                WebDriverWait(driver, 120, poll_frequency=0.02).until(
                    lambda d: d.execute_script("return document.body.dataset.ready") == "true")
                wall = time.perf_counter() - began
                # The page's own mark, from navigation: no polling interval in it.
                mark = driver.execute_script(
                    "const m = performance.getEntriesByName('sitrep-ready');"
                    "return m.length ? m[0].startTime : null;")
                times.append(mark / 1000 if mark is not None else wall)
                walls.append(wall)
                if i == 0:
                    waterfall = driver.execute_script(WATERFALL)
        finally:
            process.terminate()
            process.wait(timeout=30)
    return up, times, walls, waterfall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a filled SQLite file or database URL")
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=1, help="server starts, one after another")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--quiet", action="store_true", help="no waterfall")
    args = parser.parse_args()
    url = args.db if "://" in args.db else f"sqlite:///{args.db}"
    for _ in range(args.rounds):
        load = os.getloadavg()[0]
        up, times, walls, waterfall = one_round(url, args.loads, args.workers)
        print(f"load {load:.1f}; server answers after {up:.2f} s; page to first render "
              + " / ".join(f"{s:.2f}" for s in times) + " s (wall, polled: "
              + " / ".join(f"{s:.2f}" for s in walls) + " s)", flush=True)
        if not args.quiet:
            for name, start, first_byte, end, size in waterfall:
                print(f"  {start:6d} {first_byte:6d} {end:6d} ms {size:8d} B  {name[:90]}")


if __name__ == "__main__":
    main()
