"""Rewrite the score floors in tests/evaluate/eval_baseline.json from a run on ../shared/data.

Run from the repository root after a change that raises a figure on purpose:
``.venv/bin/python scripts/eval_baseline.py [TASK ...]`` (every task when none is named). Each
named task runs with its entry's path and limit; the metrics its entry lists get today's figures
as floors (rounded down to 4 places), and its item count is recorded. To gate another metric, add
its name to the entry's ``metrics`` by hand and rerun. A floor never drops unless ``--lower`` is
given: a lower figure is a regression to find, not a baseline to record.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

from sitrep import evaluate
from sitrep.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "evaluate" / "eval_baseline.json"
DATA = ROOT.parent / "shared" / "data"


def floor4(value: float) -> float:
    """The value rounded down to 4 places, so that the run that set a floor passes it."""
    return math.floor(value * 10_000 + 1e-9) / 10_000


def rebase(task: str, entry: dict[str, Any], data: Path, lower: bool) -> list[str]:
    """Run one task and update its entry in place; the problems that kept a floor, if any."""
    started = time.perf_counter()
    result = evaluate.run(task, data / entry["path"], Settings(eval_limit=entry["limit"]))
    figures = {m.name: m.value for m in result.metrics}
    print(f"{task}: {result.items} items in {time.perf_counter() - started:.0f} s")
    problems = []
    if result.items != entry["items"]:
        print(f"  items {entry['items']} -> {result.items}")
        entry["items"] = result.items
    for name, old in entry["metrics"].items():
        if name not in figures:
            problems.append(f"{task}: {name} is not reported (the scorer has {sorted(figures)})")
            continue
        new = floor4(figures[name])
        if new < old and not lower:
            problems.append(f"{task}: {name} {figures[name]:.4f} is below its floor {old}; "
                            "find why, or pass --lower to record the drop")
            continue
        print(f"  {name:<40} {old:.4f} -> {new:.4f}")
        entry["metrics"][name] = new
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tasks", nargs="*", help="tasks to rerun (default: every task)")
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--lower", action="store_true", help="let a floor drop")
    args = parser.parse_args(argv)
    baseline: dict[str, dict[str, Any]] = json.loads(BASELINE.read_text(encoding="utf-8"))
    unknown = set(args.tasks) - baseline.keys()
    if unknown:
        parser.error(f"no baseline entry for {', '.join(sorted(unknown))}")
    if not args.data.is_dir():
        parser.error(f"no shared data at {args.data}")
    problems = []
    for task in args.tasks or list(baseline):
        problems += rebase(task, baseline[task], args.data, args.lower)
    BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {BASELINE.relative_to(ROOT)}", flush=True)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
