"""Score floors on ../shared/data: no task's key figures may drop below the recorded baseline.

Each entry of eval_baseline.json names a task, its gold data (relative to ../shared/data), how
many gold items to score, the item count that gives, and the floors of its key metrics. A figure
that drops more than the entry's tolerance below its floor fails the test. A figure that rises
leaves the floor where it is: raise it on purpose with ``scripts/eval_baseline.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitrep import evaluate
from sitrep.settings import Settings

BASELINE = Path(__file__).with_name("eval_baseline.json")
ENTRIES: dict[str, dict[str, Any]] = json.loads(BASELINE.read_text(encoding="utf-8"))


def test_the_baseline_covers_every_task_with_floors() -> None:
    assert sorted(ENTRIES) == sorted(evaluate.TASKS)
    for task, entry in ENTRIES.items():
        assert set(entry) == {"path", "limit", "items", "tolerance", "metrics"}, task
        assert entry["metrics"] and 0 <= entry["tolerance"] <= 0.02, task
        assert all(0 < floor <= 1 for floor in entry["metrics"].values()), task


def drops(figures: dict[str, float], floors: dict[str, float], tolerance: float) -> list[str]:
    """One line per metric below its floor by more than the tolerance, or missing."""
    lines = []
    for name, floor in floors.items():
        if name not in figures:
            lines.append(f"{name}: no longer reported (the scorer has {sorted(figures)})")
        elif figures[name] < floor - tolerance:
            lines.append(f"{name}: {figures[name]:.4f} < floor {floor:.4f} - {tolerance}")
    return lines


def test_drops_names_each_metric_below_its_floor_and_each_missing_one() -> None:
    floors = {"F1": 0.97, "acc@161km": 0.8, "speaker accuracy": 0.7}
    assert drops({"F1": 0.966, "acc@161km": 0.9, "speaker accuracy": 0.7}, floors, 0.005) == []
    assert drops({"F1": 0.964, "acc@161km": 0.9}, floors, 0.005) == [
        "F1: 0.9640 < floor 0.9700 - 0.005",
        "speaker accuracy: no longer reported (the scorer has ['F1', 'acc@161km'])",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("task", sorted(ENTRIES))
def test_scores_stay_above_their_floors(task: str, shared_data: Path) -> None:
    entry = ENTRIES[task]
    result = evaluate.run(task, shared_data / entry["path"], Settings(eval_limit=entry["limit"]))
    assert result.items == entry["items"], (
        f"{task} scored {result.items} gold items, the baseline {entry['items']}: the gold data "
        f"or its loader changed, so the floors no longer apply; check, then rerun "
        f"scripts/eval_baseline.py {task}")
    below = drops({m.name: m.value for m in result.metrics}, entry["metrics"], entry["tolerance"])
    assert not below, (
        f"{task} on {entry['path']} (limit {entry['limit']}) fell below its floors in "
        f"{BASELINE.name}:\n  " + "\n  ".join(below)
        + "\nfind what lowered it; a drop on purpose needs scripts/eval_baseline.py --lower")
