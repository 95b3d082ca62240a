"""Extraction throughput and peak memory of sitrep, as a ratio to bare spaCy on the same texts.

Bare ``nlp.pipe`` with the same model is the floor no extractor built on it can beat. Each
measurement runs in a fresh process (so that its peak memory is its own) and the modes alternate
over several rounds; the best round of each counts, since a shared machine only ever slows runs.

    python benchmarks/throughput.py [--n 200] [--rounds 2] [--gold DIR] [--record]
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from corpus import articles
from tables import machine, markdown, record

from sitrep import report as report_json
from sitrep.batch.partition import peak_rss_mb
from sitrep.model import Failure, RawDocument
from sitrep.nlp import build_nlp
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

MODES = {
    "spacy": "bare spaCy `nlp.pipe`, same model",
    "spacy+rules": "spaCy with sitrep's pattern rules (`build_nlp`)",
    "sitrep": "sitrep: clean, parse, all stages, report JSON",
}


@dataclass(frozen=True, slots=True)
class Measure:
    """One timed pass of one mode over the corpus, in its own process."""

    mode: str
    seconds: float
    cpu_seconds: float
    """CPU time of the process: far less disturbed than wall time by other work on the machine."""
    load_seconds: float
    peak_rss_mb: float
    failures: int


def _spacy(settings: Settings, rules: bool) -> Callable[[list[str], list[RawDocument]], int]:
    nlp = build_nlp(settings) if rules else importlib.import_module(settings.model).load()

    def run(texts: list[str], raws: list[RawDocument]) -> int:
        for _ in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
        return 0

    return run


def _sitrep(settings: Settings) -> Callable[[list[str], list[RawDocument]], int]:
    pipeline = Pipeline(settings)
    pipeline.warm_up()

    def run(texts: list[str], raws: list[RawDocument]) -> int:
        failures = 0
        for item in pipeline.run(raws):
            if isinstance(item, Failure):
                failures += 1
            else:
                report_json.dumps(item)
        return failures

    return run


def measure(mode: str, texts: list[str], raws: list[RawDocument], settings: Settings) -> Measure:
    """Load, warm up on a few texts, then time one pass over all of them (runs in a child)."""
    start = time.perf_counter()
    run = _sitrep(settings) if mode == "sitrep" else _spacy(settings, mode == "spacy+rules")
    run(texts[:4], raws[:4])
    load = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    failures = run(texts, raws)
    return Measure(mode, time.perf_counter() - start, time.process_time() - cpu, load,
                   peak_rss_mb(), failures)


def in_fresh_process(mode: str, texts: list[str], raws: list[RawDocument],
                     settings: Settings) -> Measure:
    """One measurement in a new process: its peak memory is its own, its caches cold."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(measure, mode, texts, raws, settings).result()


def gold_pages(folder: Path) -> list[RawDocument]:
    """The HTML pages of a folder of *.html.gz files, read in place."""
    return [RawDocument(origin=str(p),
                        html=gzip.decompress(p.read_bytes()).decode("utf-8", "replace"))
            for p in sorted(folder.glob("*.html.gz"))]


def clean_texts(raws: list[RawDocument], settings: Settings) -> list[str]:
    """The clean text sitrep parses for each input: what bare spaCy is given, like for like."""
    from sitrep.ingest import to_article

    texts = []
    for raw in raws:
        try:
            texts.append(to_article(raw, settings).text)
        except Exception:  # inputs sitrep rejects cost it little; spaCy never sees them
            continue
    return texts


def main() -> None:
    """Measure, print the table, optionally record it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="articles (or gold pages at most)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--gold", type=Path, default=None,
                        help="a folder of *.html.gz pages to use instead (read in place)")
    parser.add_argument("--record", action="store_true", help="write the table to RESULTS.md")
    args = parser.parse_args()
    settings = Settings.from_env()
    if args.gold:
        raws = gold_pages(args.gold)[: args.n]
        name = args.gold.parent.name if args.gold.name == "html" else args.gold.name
        corpus = f"the first {len(raws)} HTML pages of {name} (read in place)"
    else:
        raws = [RawDocument(origin=f"corpus:{i}", text=t) for i, t in enumerate(articles(args.n))]
        corpus = f"{len(raws)} synthetic wire articles (benchmarks/corpus.py, seed 7)"
    texts = clean_texts(raws, settings)
    words = sum(len(t.split()) for t in texts)
    best: dict[str, Measure] = {}
    best_cpu: dict[str, float] = {}
    for _ in range(args.rounds):
        for mode in MODES:
            m = in_fresh_process(mode, texts, raws, settings)
            if mode not in best or m.seconds < best[mode].seconds:
                best[mode] = m
            best_cpu[mode] = min(best_cpu.get(mode, m.cpu_seconds), m.cpu_seconds)
    floor, floor_cpu = best["spacy"].seconds, best_cpu["spacy"]
    rows = [
        (MODES[mode], round(len(raws) / m.seconds, 1), round(words / m.seconds), floor / m.seconds,
         floor_cpu / best_cpu[mode], m.load_seconds, round(m.peak_rss_mb), m.failures)
        for mode, m in best.items()
    ]
    table = markdown(["mode", "articles/s", "words/s", "ratio to spaCy (wall)",
                      "ratio to spaCy (CPU)", "load + warm-up s", "peak RSS MB", "failures"], rows)
    body = (f"{corpus}, {words:,} words; batch size {settings.batch_size}; best of {args.rounds} "
            f"rounds, each mode in a fresh process.\n{machine()}\n\n{table}\n\n"
            f"`python benchmarks/throughput.py --n {args.n} --rounds {args.rounds}"
            f"{' --gold ' + str(args.gold) if args.gold else ''}`")
    print(body)
    if args.record:
        key = "throughput-gold" if args.gold else "throughput"
        title = "Extraction throughput against bare spaCy" + (" (gold HTML)" if args.gold else "")
        record(key, title, body)


if __name__ == "__main__":
    main()
