"""The evaluator modules import one another one way only (no cycle, not even inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import sitrep.evaluate

PACKAGE = "sitrep.evaluate"


def _imports(path: Path) -> set[str]:
    """The sitrep.evaluate modules a module imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == PACKAGE:
            found.update(f"{PACKAGE}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(f"{PACKAGE}."):
            found.add(str(node.module))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith(f"{PACKAGE}."))
    return found


def test_no_evaluator_module_reaches_back_to_one_that_imports_it() -> None:
    folder = Path(sitrep.evaluate.__file__).parent
    modules = {f"{PACKAGE}.{p.stem}": p for p in folder.glob("*.py") if p.stem != "__init__"}
    graph = {name: _imports(path) & modules.keys() for name, path in modules.items()}
    assert graph[f"{PACKAGE}.events"] >= {f"{PACKAGE}.events_docs"}  # the graph is real

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n}))
                   for n in graph[start])

    cycles = sorted(name for name in graph if reaches(name, name, {name}))
    assert cycles == []
