"""Extraction throughput of sitrep as a ratio to bare spaCy on the same texts, in the same run.

Bare ``nlp.pipe`` with the same model is the floor no extractor built on it can beat. Each round
is a fresh process that loads bare spaCy, spaCy with sitrep's rules and sitrep, then takes the
pages batch by batch (the pipeline's own batches of ``batch_size`` articles) and runs each mode
on the batch in turn, the order rotating from batch to batch. So every mode meets the same load
from the rest of the machine within a second of the others, which separate passes (the old way,
``--separate``) did not: there the ratio moved by ±0.1 between runs of the same code. The ratio
is taken on each batch's median CPU time over the rounds. ``--against SRC`` alternates the rounds
with another tree's ``src`` (say main's, from ``git archive``) and prints both, so that a change
is read as the difference of two ratios measured in the same minutes.

    python benchmarks/throughput.py [--n 200] [--rounds 5] [--gold DIR] [--against SRC]
                                    [--separate] [--record]
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from corpus import articles
from tables import machine, markdown, record

import sitrep
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
BENCHMARKS = Path(__file__).resolve().parent
Runner = Callable[[list[str], list[RawDocument]], int]
Timings = list[dict[str, list[float]]]
"""One round: for each batch, each mode's [CPU seconds, wall seconds]."""


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


def _spacy(settings: Settings, rules: bool) -> Runner:
    nlp = build_nlp(settings) if rules else importlib.import_module(settings.model).load()

    def run(texts: list[str], raws: list[RawDocument]) -> int:
        for _ in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
        return 0

    return run


def _sitrep(settings: Settings) -> Runner:
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


def _runner(mode: str, settings: Settings) -> Runner:
    return _sitrep(settings) if mode == "sitrep" else _spacy(settings, mode == "spacy+rules")


def measure(mode: str, texts: list[str], raws: list[RawDocument], settings: Settings) -> Measure:
    """Load, warm up on a few texts, then time one pass over all of them (runs in a child)."""
    start = time.perf_counter()
    run = _runner(mode, settings)
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
    return [text for _, text in _cleaned(raws, settings) if text is not None]


def _cleaned(raws: list[RawDocument], settings: Settings
             ) -> list[tuple[RawDocument, str | None]]:
    """Each input with its clean text, or None where sitrep rejects it."""
    from sitrep.ingest import to_article

    found: list[tuple[RawDocument, str | None]] = []
    for raw in raws:
        try:
            found.append((raw, to_article(raw, settings).text))
        except Exception:  # inputs sitrep rejects cost it little; spaCy never sees them
            found.append((raw, None))
    return found


def batches(raws: list[RawDocument], settings: Settings
            ) -> list[tuple[list[str], list[RawDocument]]]:
    """The inputs cut as ``Pipeline.run`` cuts them: a batch closes at ``batch_size`` accepted
    articles, a rejected input rides with the batch it falls in; each with its clean texts."""
    cut: list[tuple[list[str], list[RawDocument]]] = [([], [])]
    for raw, text in _cleaned(raws, settings):
        if len(cut[-1][0]) == settings.batch_size:
            cut.append(([], []))
        cut[-1][1].append(raw)
        if text is not None:
            cut[-1][0].append(text)
    return cut


def interleaved(raws: list[RawDocument], settings: Settings) -> Timings:
    """Every mode on every batch, the modes' order rotating from batch to batch (in one
    process: the caller makes a fresh one for each round)."""
    runners = {mode: _runner(mode, settings) for mode in MODES}
    cut = batches(raws, settings)
    for run in runners.values():  # first-call costs (lazy caches) are start-up's
        run(*cut[0])
    order = list(MODES)
    timings: Timings = []
    for i, (texts, batch) in enumerate(cut):
        found: dict[str, list[float]] = {}
        for mode in order[i % len(order):] + order[: i % len(order)]:
            start, cpu = time.perf_counter(), time.process_time()
            runners[mode](texts, batch)
            found[mode] = [time.process_time() - cpu, time.perf_counter() - start]
        timings.append(found)
    return timings


def _inputs(gold: Path | None, n: int) -> tuple[list[RawDocument], str]:
    """The benchmark's inputs and a line naming them."""
    if gold:
        raws = gold_pages(gold)[:n]
        name = gold.parent.name if gold.name == "html" else gold.name
        return raws, f"the first {len(raws)} HTML pages of {name} (read in place)"
    raws = [RawDocument(origin=f"corpus:{i}", text=t) for i, t in enumerate(articles(n))]
    return raws, f"{len(raws)} synthetic wire articles (benchmarks/corpus.py, seed 7)"


def round_in(src: Path, gold: Path | None, n: int) -> Timings:
    """One interleaved round in a new interpreter running the sitrep of ``src``."""
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{BENCHMARKS}"}
    command = [sys.executable, str(BENCHMARKS / "throughput.py"), "--child", "--n", str(n)]
    command += ["--gold", str(gold)] if gold else []
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    timings: Timings = json.loads(done.stdout.splitlines()[-1])
    return timings


def ratios(rounds: list[Timings], pick: Callable[[list[float]], float] = statistics.median
           ) -> dict[str, float]:
    """bare spaCy's CPU over each mode's, on the sum of each batch's median (or other ``pick``)
    over the rounds."""
    def total(mode: str) -> float:
        return sum(pick([r[i][mode][0] for r in rounds]) for i in range(len(rounds[0])))

    floor = total("spacy")
    return {mode: floor / total(mode) for mode in MODES}


def round_ratio(timings: Timings, mode: str = "sitrep", column: int = 0) -> float:
    """bare spaCy's time over the mode's in one round (column 0 CPU, 1 wall)."""
    return (sum(b["spacy"][column] for b in timings)
            / sum(b[mode][column] for b in timings))


def compare(args: argparse.Namespace, raws: list[RawDocument], corpus: str) -> str:
    """Interleaved rounds, alternating trees if ``--against``; the table as Markdown."""
    trees = {"this tree": Path(sitrep.__file__).resolve().parents[1]}
    if args.against:
        trees["against"] = args.against.resolve()
    rounds: dict[str, list[Timings]] = {name: [] for name in trees}
    loads: list[float] = []
    for i in range(args.rounds):
        for name, src in (list(trees.items()) if i % 2 == 0 else list(trees.items())[::-1]):
            loads.append(os.getloadavg()[0])
            rounds[name].append(round_in(src, args.gold, args.n))
            r = rounds[name][-1]
            print(f"round {i + 1}, {name}: sitrep/spacy CPU {round_ratio(r):.3f} "
                  f"(load {loads[-1]:.1f})", file=sys.stderr)
    if args.timings:
        args.timings.write_text(json.dumps(rounds), encoding="utf-8")
    articles_n = sum(len(t) for t, _ in batches(raws, Settings.from_env()))
    rows = []
    for name, src in trees.items():
        found, each = ratios(rounds[name]), [round_ratio(r) for r in rounds[name]]
        cpu_ms = {mode: 1000 * sum(statistics.median(r[i][mode][0] for r in rounds[name])
                                   for i in range(len(rounds[name][0]))) / articles_n
                  for mode in MODES}
        rows.append((f"{name} (`{src}`)", len(each), found["sitrep"],
                     ratios(rounds[name], min)["sitrep"], min(each), max(each),
                     statistics.median(round_ratio(r, column=1) for r in rounds[name]),
                     found["spacy+rules"], cpu_ms["spacy"], cpu_ms["sitrep"]))
    table = markdown(["code", "rounds", "sitrep / spaCy (CPU, batch medians)", "(batch minima)",
                      "lowest round", "highest round", "wall (median round)",
                      "spaCy+rules / spaCy (CPU)", "spaCy ms/article", "sitrep ms/article"],
                     rows)
    return (f"{corpus}, {articles_n} accepted; batch size {Settings.from_env().batch_size}; "
            f"{args.rounds} rounds, each a fresh process running the modes batch by batch in "
            f"rotating order; load average at the rounds' starts {min(loads):.1f}–"
            f"{max(loads):.1f}.\n{machine()}\n\n{table}{_paired(rounds)}")


def _paired(rounds: dict[str, list[Timings]]) -> str:
    """With two trees, the difference of their ratios round by round (each pair ran back to
    back, so under much the same load): the figure a change is judged by."""
    if len(rounds) < 2:
        return ""
    this, against = rounds.values()
    pairs = [round_ratio(a) - round_ratio(b) for a, b in zip(this, against, strict=True)]
    spread = f"{statistics.stdev(pairs):.3f}" if len(pairs) > 1 else "—"
    return (f"\n\nThis tree's ratio minus the other's, pair by pair: mean "
            f"{statistics.mean(pairs):+.3f}, standard deviation {spread} over {len(pairs)} pairs "
            f"({', '.join(f'{d:+.3f}' for d in pairs)}).")


def separate(args: argparse.Namespace, raws: list[RawDocument], corpus: str) -> str:
    """The old measure: each mode alone in its fresh process (gives each its peak memory)."""
    settings = Settings.from_env()
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
    return (f"{corpus}, {words:,} words; batch size {settings.batch_size}; best of {args.rounds} "
            f"rounds, each mode in a fresh process.\n{machine()}\n\n{table}")


def main() -> None:
    """Measure, print the table, optionally record it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="articles (or gold pages at most)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--gold", type=Path, default=None,
                        help="a folder of *.html.gz pages to use instead (read in place)")
    parser.add_argument("--against", type=Path, default=None,
                        help="another tree's src, measured in alternate rounds")
    parser.add_argument("--separate", action="store_true",
                        help="each mode in its own process, best round (and peak memory)")
    parser.add_argument("--timings", type=Path, default=None,
                        help="write every round's batch timings to this JSON file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--record", action="store_true", help="write the table to RESULTS.md")
    args = parser.parse_args()
    raws, corpus = _inputs(args.gold, args.n)
    if args.child:
        print(json.dumps(interleaved(raws, Settings.from_env())))
        return
    table = (separate if args.separate else compare)(args, raws, corpus)
    body = (f"{table}\n\n`python benchmarks/throughput.py --n {args.n} --rounds {args.rounds}"
            f"{' --gold ' + str(args.gold) if args.gold else ''}"
            f"{' --separate' if args.separate else ''}"
            f"{' --against ' + str(args.against) if args.against else ''}`")
    print(body)
    if args.record:
        key = "throughput-gold" if args.gold else "throughput"
        title = "Extraction throughput against bare spaCy" + (" (gold HTML)" if args.gold else "")
        record(key, title, body)


if __name__ == "__main__":
    main()
