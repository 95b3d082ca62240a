"""Scorers for the public gold formats in ../shared/data. One module per task, each with ``run``.

Each task module ``sitrep.evaluate.<task>`` defines
``run(path: Path, settings: Settings) -> EvalResult``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sitrep.errors import EvalError
from sitrep.settings import Settings

TASKS = ("extraction", "places", "times", "quotes", "events", "counts", "frames")


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    value: float
    anchor: str | None = None
    """The published figure to compare with, as text ("trafilatura 0.958")."""


@dataclass(frozen=True, slots=True)
class EvalResult:
    task: str
    path: str
    items: int
    """How many gold units were scored (pages, spans, TIMEX3s, quotes, ...)."""
    metrics: tuple[Metric, ...]
    notes: tuple[str, ...] = field(default=())

    def table(self) -> str:
        """A plain-text table, one metric a line."""
        lines = [f"{self.task} on {self.path} ({self.items} scored)"]
        width = max((len(m.name) for m in self.metrics), default=10)
        for m in self.metrics:
            anchor = f"   [{m.anchor}]" if m.anchor else ""
            lines.append(f"  {m.name:<{width}}  {m.value:7.3f}{anchor}")
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1; 0.0 where undefined."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


class _Task(Protocol):
    def run(self, path: Path, settings: Settings) -> EvalResult: ...


def run(task: str, path: Path, settings: Settings) -> EvalResult:
    """Score one task against the gold data at path."""
    if task not in TASKS:
        raise EvalError(task, f"unknown task; choose one of {', '.join(TASKS)}")
    if not path.exists():
        raise EvalError(str(path), "no such file or directory")
    module: _Task = importlib.import_module(f"sitrep.evaluate.{task}")  # type: ignore[assignment]
    return module.run(path, settings)
