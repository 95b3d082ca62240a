"""Start-up time of `sitrep extract` on one article (a cold process), and warm time per article.

The cold figure is the wall time of the command as a user runs it. The breakdown runs in another
fresh process and times each phase of start-up in order: imports, the spaCy model, each stage's
tables (gazetteers, lexicons, rules), the first article, then the mean of the next articles.
Each phase gets its CPU seconds beside its wall seconds: on a shared machine the wall time also
counts the waits for a core. sitrep's modules are compiled first, as an install leaves them.

    python benchmarks/startup.py [--repeat 3] [--n 50] [--record] [--no-compile]
    python benchmarks/startup.py --repeat 8 --against /tmp/before/src   # a before/after pair
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import articles
from tables import machine, markdown, record

STAGES = ("nlp", "actors", "places", "times", "quotes", "events")


def phases(n: int) -> dict[str, tuple[float, float]]:
    """Wall and CPU seconds per start-up phase; call it in a fresh process (sitrep not yet
    imported)."""
    seconds: dict[str, tuple[float, float]] = {}
    clock = (time.perf_counter(), time.process_time())

    def lap(phase: str, per: int = 1) -> None:
        nonlocal clock
        now = (time.perf_counter(), time.process_time())
        seconds[phase] = ((now[0] - clock[0]) / per, (now[1] - clock[1]) / per)
        clock = now

    try:
        from sitrep.cli.lean_spacy import import_spacy
    except ImportError:  # a tree from before it, measured for a before/after pair
        pass
    else:
        import_spacy()  # as `sitrep extract` does
    from sitrep import report as report_json
    from sitrep.model import RawDocument
    from sitrep.pipeline import Pipeline
    from sitrep.settings import Settings

    lap("import sitrep")
    pipeline = Pipeline(Settings.from_env())
    for stage in STAGES:
        getattr(pipeline, stage)
        lap(f"load {stage}")
    texts = articles(n + 1)
    clock = (time.perf_counter(), time.process_time())
    report_json.dumps(pipeline.extract_one(RawDocument(origin="corpus:0", text=texts[0])))
    lap("first article")
    for i, text in enumerate(texts[1:], start=1):
        report_json.dumps(pipeline.extract_one(RawDocument(origin=f"corpus:{i}", text=text)))
    lap("warm article (mean)", per=n)
    return seconds


def cold_extract(repeat: int, against: Path | None = None
                 ) -> dict[str, tuple[list[float], list[float]]]:
    """Wall and CPU seconds of `sitrep extract ARTICLE --format json`, each in a new process:
    of this code ("this"), and alternating with it, of the code under ``against`` (a tree's
    ``src`` folder), so that both meet the machine's load of the same minutes.

    CPU time (user + system of the process) is what the start-up costs on a free core; on a
    shared machine the wall time also counts the waits for one.
    """
    sitrep = Path(sys.executable).with_name("sitrep")
    trees = {"this": dict(os.environ)}
    if against is not None:
        trees["against"] = dict(os.environ, PYTHONPATH=str(against))
    seconds: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in trees}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "article.txt"
        path.write_text(articles(1)[0], encoding="utf-8")
        # One untimed run of each tree first: a tree whose caches (gazetteer, language model,
        # the entity ruler's phrase keys) are missing or stale builds them once, as a user's
        # first run after an install does, and that build is no part of a start.
        for env in trees.values():
            subprocess.run([str(sitrep), "extract", str(path), "--format", "json"], check=True,
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(repeat):
            for name, env in trees.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run([str(sitrep), "extract", str(path), "--format", "json"],
                               check=True, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
                seconds[name][0].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                seconds[name][1].append(after.ru_utime - before.ru_utime
                                        + after.ru_stime - before.ru_stime)
    return seconds


def paired(seconds: dict[str, tuple[list[float], list[float]]], against: Path) -> str:
    """The table of a run alternating this code with the code under ``against``."""
    (wall, cpu), (wall_then, cpu_then) = seconds["this"], seconds["against"]
    rows = [(f"`{against}`", statistics.median(wall_then), statistics.median(cpu_then),
             min(cpu_then), 1.0),
            ("this code", statistics.median(wall), statistics.median(cpu), min(cpu),
             statistics.median(cpu) / statistics.median(cpu_then))]
    return markdown([f"`sitrep extract` on one article, cold, {len(cpu)} runs each, alternated",
                     "median wall s", "median CPU s", "fastest CPU s", "CPU ratio"], rows)


def bytecode(compile_first: bool, package: Path | None = None) -> str:
    """Whether sitrep's compiled modules are cached, compiling them first if asked.

    Without them every run compiles sitrep's sources (about 0.2 s CPU): the state of a checkout
    run with PYTHONDONTWRITEBYTECODE set, not of an install (pip compiles) or of a second run.
    ``package`` is another tree's ``sitrep`` folder; this code's by default.
    """
    if package is None:
        spec = importlib.util.find_spec("sitrep")
        if spec is None or spec.origin is None:
            return "sitrep not found"
        package = Path(spec.origin).parent
    if compile_first:
        compileall.compile_dir(package, quiet=1)
    cached = Path(importlib.util.cache_from_source(str(package / "__init__.py"))).exists()
    return f"sitrep's bytecode {'cached' if cached else 'NOT cached: every run compiles it'}"


def main() -> None:
    """Measure, print the tables, optionally record them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="cold runs of sitrep extract")
    parser.add_argument("--n", type=int, default=50, help="warm articles after the first")
    parser.add_argument("--record", action="store_true", help="write the tables to RESULTS.md")
    parser.add_argument("--no-compile", action="store_true",
                        help="leave sitrep's bytecode as it is (by default it is compiled first)")
    parser.add_argument("--against", type=Path, default=None,
                        help="another tree's src folder: alternate its cold runs with this code's "
                             "and print both (no phases)")
    parser.add_argument("--phases", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases is not None:  # the child process of the breakdown
        print(json.dumps(phases(args.phases)))
        return
    cached = bytecode(compile_first=not args.no_compile)
    if args.against is not None:
        bytecode(compile_first=not args.no_compile, package=args.against / "sitrep")
        seconds = cold_extract(args.repeat, args.against)
        print(f"{machine()}; {cached}\n\n{paired(seconds, args.against)}\n\n"
              f"load average at the end {', '.join(f'{x:.1f}' for x in os.getloadavg())}; "
              f"`python benchmarks/startup.py --repeat {args.repeat} --against {args.against}`")
        return
    cold, cpu = cold_extract(args.repeat)["this"]
    child = subprocess.run([sys.executable, __file__, "--phases", str(args.n)], check=True,
                           capture_output=True, text=True)
    breakdown: dict[str, list[float]] = json.loads(child.stdout.strip().splitlines()[-1])
    cold_table = markdown(["`sitrep extract` on one article, cold", "wall s", "CPU s"], [
        ("fastest", min(cold), min(cpu)), ("median", statistics.median(cold),
                                           statistics.median(cpu)),
        ("slowest", max(cold), max(cpu))])
    start_up = sum(cpu for k, (_, cpu) in breakdown.items() if not k.startswith("warm"))
    rows = [(phase, wall, cpu, 100 * cpu / start_up if not phase.startswith("warm") else None)
            for phase, (wall, cpu) in breakdown.items()]
    body = (f"{machine()}; {cached}\n\n{cold_table}\n\nPhases in one fresh process (the "
            f"warm mean over {args.n} synthetic articles):\n\n"
            + markdown(["phase", "wall s", "CPU s", "% of start-up CPU"], rows)
            + f"\n\n`python benchmarks/startup.py --repeat {args.repeat} --n {args.n}`")
    print(body)
    if args.record:
        record("startup", "Start-up of `sitrep extract`", body)


if __name__ == "__main__":
    main()
