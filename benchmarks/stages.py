"""Per-stage cost of the pipeline (ingest, nlp, actors, places, times, quotes, events, report).

Runs the Pipeline's cascade on the synthetic corpus with a StageClock as its timing hook, and
sums the time spent in each stage; ``--gold DIR`` runs it on real HTML pages instead.
``--components`` also times each spaCy component on its own; ``--profile`` runs cProfile over
everything but the parse (what sitrep adds to spaCy: cleaning, extraction, the report) and
prints where that time goes, by function and by module.

    python benchmarks/stages.py [--n 200] [--gold DIR] [--components] [--profile] [--record]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from corpus import articles
from spacy.tokens import Doc
from tables import machine, markdown, record
from throughput import clean_texts, gold_pages

from sitrep import report as report_json
from sitrep.model import RawDocument, Report
from sitrep.pipeline import STAGES as PIPELINE_STAGES
from sitrep.pipeline import OnError, Pipeline, StageClock, StageTimer
from sitrep.settings import Settings

STAGES = (*PIPELINE_STAGES, "report")
"""The pipeline's stages, then rendering the report JSON."""


def run_stages(pipeline: Pipeline, raws: list[RawDocument], timer: StageTimer) -> int:
    """Run the whole cascade over the inputs, timing each stage; returns the reports made.

    An input sitrep rejects (a page with no article in it) is skipped, as the CLI skips it.
    """
    made = 0
    for report in pipeline.run(raws, on_error=OnError.RECORD, timer=timer):
        if not isinstance(report, Report):
            continue
        with timer.stage("report"):
            json.dumps(report_json.to_json(report), ensure_ascii=False)
        made += 1
    return made


class Profiled:
    """A StageTimer that runs the profiler over every stage after parsing."""

    def __init__(self, profiler: cProfile.Profile) -> None:
        self.profiler = profiler

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Profile the block unless it is the parse."""
        if name == "nlp":
            yield
            return
        self.profiler.enable()
        try:
            yield
        finally:
            self.profiler.disable()


def component_costs(pipeline: Pipeline, raws: list[RawDocument]) -> dict[str, float]:
    """Seconds per spaCy component, running each component on one doc at a time."""
    nlp = pipeline.nlp
    texts = clean_texts(raws, pipeline.settings)
    seconds: dict[str, float] = defaultdict(float)
    for text in texts:
        start = time.perf_counter()
        doc = nlp.make_doc(text)
        seconds["tokenizer"] += time.perf_counter() - start
        for name, component in nlp.pipeline:
            start = time.perf_counter()
            doc = component(doc)
            seconds[name] += time.perf_counter() - start
    return seconds


def profile_table(stats: pstats.Stats, top: int = 25) -> str:
    """Where the time after parsing goes: top functions by own time, then totals by file."""
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    by_function = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    rows = [(f"`{_short(path)}:{line} {name}`", calls, own, cumulative)
            for (path, line, name), (_, calls, own, cumulative, _) in by_function]
    by_file: dict[str, float] = defaultdict(float)
    for (path, _, _), (_, _, own, _, _) in raw.items():
        by_file[_short(path)] += own
    files = sorted(by_file.items(), key=lambda kv: kv[1], reverse=True)[:top]
    return (markdown(["function", "calls", "own s", "cumulative s"], rows) + "\n\n"
            + markdown(["file (own time summed)", "s"], [(f"`{f}`", s) for f, s in files]))


def spacy_property_calls(stats: pstats.Stats, docs: list[Doc]) -> str:
    """Calls from sitrep to spaCy Doc properties that rebuild their value on every call.

    ``Doc.text`` joins every token again and ``Doc.ents`` and ``Doc.sents`` build new spans:
    a stage that asks for them per mention pays for the whole article each time. The cost of
    one call is measured here without the profiler, on the same articles.
    """
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    rows = []
    for (path, line, _), (_, calls, _, _, callers) in raw.items():
        name = _property_name(path, line)
        if name not in ("text", "ents", "sents", "noun_chunks"):
            continue
        start = time.process_time()
        for doc in docs:
            list(getattr(doc, name)) if name in ("sents", "noun_chunks") else getattr(doc, name)
        each = 1000 * (time.process_time() - start) / len(docs)
        ours = sorted(((c, k) for k, (_, c, _, _) in callers.items() if "sitrep" in k[0]),
                      reverse=True)
        where = ", ".join(f"`{_short(k[0])}:{k[2]}` {c}" for c, k in ours[:4])
        per_article = calls / len(docs)
        rows.append((f"`Doc.{name}`", per_article, each, per_article * each, where))
    rows.sort(key=lambda row: -float(row[3]))
    return markdown(["property", "calls per article", "ms per call", "ms per article",
                     "most calls from (calls)"], rows)


def _property_name(path: str, line: int) -> str | None:
    """The property a profiled ``__get__`` of spaCy's doc.pyx belongs to, from its source."""
    if not path.endswith("tokens/doc.pyx"):
        return None
    import spacy

    source_path = Path(path) if Path(path).is_absolute() else (
        Path(spacy.__file__).parent.parent / path)
    try:
        source = source_path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    # Cython reports a property at its decorator line, so look at that line and the next.
    for text in source[max(0, line - 1) : line + 1]:
        match = re.match(r"\s*def (\w+)", text)
        if match:
            return match.group(1)
    return None


def _short(path: str) -> str:
    for marker in ("site-packages/", "src/", "lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def main() -> None:
    """Measure, print the tables, optionally record them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="articles (or gold pages at most)")
    parser.add_argument("--gold", type=Path, default=None,
                        help="a folder of *.html.gz pages to use instead (read in place)")
    parser.add_argument("--components", action="store_true", help="also time spaCy components")
    parser.add_argument("--profile", action="store_true", help="cProfile everything after nlp")
    parser.add_argument("--record", action="store_true", help="write the tables to RESULTS.md")
    args = parser.parse_args()
    pipeline = Pipeline(Settings.from_env())
    pipeline.warm_up()
    if args.gold:
        raws = gold_pages(args.gold)[: args.n]
        name = args.gold.parent.name if args.gold.name == "html" else args.gold.name
        corpus = f"the first {len(raws)} HTML pages of {name} (read in place)"
    else:
        raws = [RawDocument(origin=f"corpus:{i}", text=t)
                for i, t in enumerate(articles(args.n))]
        corpus = f"{len(raws)} synthetic wire articles (benchmarks/corpus.py, seed 7)"
    run_stages(pipeline, raws[:4], StageClock())  # first-call costs (lazy caches): start-up's
    clock = StageClock()
    n = run_stages(pipeline, raws, clock)
    total, total_cpu = sum(clock.seconds.values()), sum(clock.cpu.values())
    rows: list[tuple[str, float, float, float, float]] = [
        (stage, 1000 * clock.seconds[stage] / n, 100 * clock.seconds[stage] / total,
         1000 * clock.cpu[stage] / n, 100 * clock.cpu[stage] / total_cpu)
        for stage in STAGES
    ]
    rows.append(("total", 1000 * total / n, 100.0, 1000 * total_cpu / n, 100.0))
    beyond = sum(clock.cpu[stage] for stage in STAGES if stage != "nlp")
    body = (f"{corpus}, batch size "
            f"{pipeline.settings.batch_size}.\n{machine()}\n\n"
            + markdown(["stage", "ms/article (wall)", "% of total", "ms/article (CPU)",
                        "% of CPU"], rows)
            + f"\n\nEverything but nlp costs {100 * beyond / clock.cpu['nlp']:.0f}% of the parse "
              f"(CPU time). To reach 75% of bare spaCy's throughput it must stay under 33%, less "
              f"what sitrep's rules add to the parse itself.")
    if args.components:
        seconds = component_costs(pipeline, raws)
        spacy_total = sum(seconds.values())
        body += ("\n\nspaCy components, one doc at a time (so slower than `nlp.pipe`):\n\n"
                 + markdown(["component", "ms/article", "% of spaCy"],
                            [(name, 1000 * s / n, 100 * s / spacy_total)
                             for name, s in seconds.items()]))
    if args.profile:
        # CPU time, not wall time: on a shared machine wall time mostly measures the neighbours.
        profiler = cProfile.Profile(time.process_time)
        run_stages(pipeline, raws, Profiled(profiler))
        docs = list(pipeline.nlp.pipe(clean_texts(raws, pipeline.settings)))
        stats = pstats.Stats(profiler, stream=io.StringIO())
        body += ("\n\nProfile of the stages after parsing (cProfile in CPU time; its overhead "
                 "inflates small calls, most of all calls into spaCy's Python API):\n\n"
                 + profile_table(stats)
                 + "\n\nspaCy `Doc` properties rebuilt on every call, as sitrep asks for "
                 "them (cost per call measured without the profiler):\n\n"
                 + spacy_property_calls(stats, docs))
    command = ["python", "benchmarks/stages.py", "--n", str(args.n)]
    command += ["--gold", str(args.gold)] if args.gold else []
    command += [flag for flag, on in (("--components", args.components),
                                      ("--profile", args.profile)) if on]
    body += f"\n\n`{' '.join(command)}`"
    print(body)
    if args.record:
        record("stages", "Per-stage cost", body)


if __name__ == "__main__":
    main()
