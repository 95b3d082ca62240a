"""The quote text search (`sitrep quotes --text`) over many synthetic quotes on SQLite.

Fills a SQLite store (once) with N synthetic quotes in N/100 articles, a fifth of them in
Cyrillic, then times `find_quotes(text=..., limit=100)` (every row is tested: the newest come
first) for an ASCII and a non-ASCII term: the median of
five searches each, milliseconds. What it measures is the cost a row pays for the case-blind
comparison (SQLite's LIKE in C, or the Python lower() sitrep registers for other scripts).

    python benchmarks/quote_search.py --db /tmp/quotes.db [--quotes 300000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from pathlib import Path

import sqlalchemy as sa

from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store import schema as t
from sitrep.store.queries import find_quotes

ENGLISH = ("the ceasefire must hold and the shelling of civilians must stop said the minister "
           "our forces repelled an attack near the town overnight we will not negotiate under "
           "fire talks resume on Monday")
UKRAINIAN = "Сили оборони відбили атаку поблизу міста вночі переговори відновляться"


def fill(url: str, quotes: int, seed: int = 3) -> None:
    """Articles of a hundred quotes each, written in bulk."""
    rng = random.Random(seed)
    now = dt.datetime(2024, 6, 1)
    with open_store(Settings(), url) as store, store.engine.begin() as conn:
        for a in range(quotes // 100):
            article = f"{a:064x}"
            conn.execute(sa.insert(t.articles).values(
                id=article, url=f"https://example.org/{a}", language="en", origin="bench",
                text="...", ingested_at=now, published=dt.date(2024, 1, 1)
                + dt.timedelta(days=a % 365)))
            rows = []
            for i in range(100):
                words = (UKRAINIAN if rng.random() < 0.2 else ENGLISH).split()
                text = " ".join(rng.choice(words) for _ in range(rng.randrange(12, 30)))
                rows.append({"article_id": article, "text": text.capitalize(), "start": i * 200,
                             "end": i * 200 + len(text), "kind": "direct",
                             "speaker": rng.choice(("Volodymyr Zelensky", "Сергій Наєв")),
                             "cue": "said", "cue_class": "speech"})
            conn.execute(sa.insert(t.quotes), rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLite file (filled if new)")
    parser.add_argument("--quotes", type=int, default=300_000)
    args = parser.parse_args()
    url = f"sqlite:///{args.db}"
    if not Path(args.db).exists():
        fill(url, args.quotes)
    with open_store(Settings(), url) as store:
        for term in ("CEASEFIRE must", "Атаку поблизу"):
            timings, found = [], 0
            for _ in range(5):
                started = time.perf_counter()
                found = len(find_quotes(store, text=term, limit=100))
                timings.append((time.perf_counter() - started) * 1000)
            print(f"{term!r}: first {found} quotes, {statistics.median(timings):.0f} ms "
                  f"(median of 5)", flush=True)


if __name__ == "__main__":
    main()
