"""Imports flow one way through the package: each module imports only its own layer and below.

model/errors/settings/data -> geo -> ingest, nlp -> extract -> pipeline, report -> fuse, store ->
export -> batch, watch, api, cli (evaluate beside batch, importing pipeline and below). Read by
``ast``: module-level imports and those inside functions alike. A module may import anything in
its own top-level package; an import cycle is allowed only inside one stage subpackage
(``sitrep.extract.quotes``), never between top-level modules or across subpackages.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

LAYERS: tuple[frozenset[str], ...] = (
    # ``sitrep`` is the package root: it re-exports the domain types only, so that importing any
    # sitrep module never loads the pipeline.
    frozenset({"sitrep", "model", "errors", "settings", "data"}),
    frozenset({"geo", "learn"}),  # learn: numpy models the extract stages score with
    frozenset({"ingest", "nlp"}),
    frozenset({"extract"}),
    frozenset({"pipeline", "report", "summary"}),  # summary: a Report for the terminal
    frozenset({"fuse", "figures", "store"}),
    frozenset({"export"}),
    frozenset({"batch", "watch", "api", "cli", "web", "evaluate"}),  # web: the API's pages
)
CEILINGS = {"evaluate": "pipeline"}
"""Packages that sit in a layer but may import only up to a lower one: the evaluators score the
pipeline's reports and need nothing that stores or serves them."""

KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset()
"""Cycles tolerated for now, each with the work that removes it (none today)."""


@dataclass(frozen=True, slots=True)
class Import:
    """One ``sitrep`` import: who imports what, and where."""

    module: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def modules(src: Path) -> dict[str, Path]:
    """Every module under src/sitrep by dotted name (a package by its ``__init__``)."""
    found: dict[str, Path] = {}
    for path in sorted((src / "sitrep").rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(src: Path) -> Iterator[Import]:
    """Every import of a sitrep module, at module level or inside a function."""
    known = modules(src)
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "sitrep":
                        yield Import(name, _known(alias.name, known), node.lineno)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                if base.split(".")[0] != "sitrep":
                    continue
                for alias in node.names:
                    # "from sitrep import data" imports a module; "from sitrep.model import Actor"
                    # a name of one.
                    target = f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                    yield Import(name, _known(target, known), node.lineno)


def _known(name: str, known: dict[str, Path]) -> str:
    """The module an imported dotted name lies in (``sitrep.a.b`` may be a name in ``sitrep.a``)."""
    while name not in known and "." in name:
        name = name.rpartition(".")[0]
    return name


def top(module: str) -> str:
    """The top-level package or module a module belongs to: ``extract`` for sitrep.extract.x."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def rank(name: str) -> int:
    """The layer of a top-level package or module; KeyError for one no layer names."""
    return next(i for i, layer in enumerate(LAYERS) if name in layer)


def upward(found: list[Import]) -> list[str]:
    """Imports of a higher layer (or above a package's ceiling), one line each."""
    out = []
    for item in found:
        src, dst = top(item.module), top(item.target)
        if src == dst:
            continue  # a module may import within its own package
        ceiling = rank(CEILINGS.get(src, src))
        if rank(dst) > ceiling:
            out.append(f"{item}: {src} (layer {rank(src)}) may not import {dst} ({rank(dst)})")
    return out


def cycles(found: list[Import]) -> list[frozenset[str]]:
    """The groups of modules that import each other, directly or round a longer loop."""
    graph: dict[str, set[str]] = {}
    for item in found:
        if item.target != item.module:
            graph.setdefault(item.module, set()).add(item.target)
            graph.setdefault(item.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[frozenset[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                out.append(frozenset(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def bad_cycles(found: list[Import]) -> list[str]:
    """Cycles that are not inside one stage subpackage (sitrep.X.Y), one line each."""
    out = []
    for group in cycles(found):
        parents = {m.rpartition(".")[0] for m in group}
        inside_one = len(parents) == 1 and next(iter(parents)).count(".") >= 2
        if not inside_one and group not in KNOWN_CYCLES:
            edges = sorted({str(i) for i in found if i.module in group and i.target in group})
            out.append("cycle " + " <-> ".join(sorted(group)) + ": " + "; ".join(edges))
    return out


def test_every_module_has_a_layer() -> None:
    unplaced = sorted({top(m) for m in modules(SRC)} - set().union(*LAYERS))
    assert not unplaced, f"add these to a layer in tests/test_layers.py: {unplaced}"


def test_imports_flow_one_way() -> None:
    found = list(imports(SRC))
    assert len(found) > 100  # the walk reads the real package
    problems = upward(found)
    for line in problems:
        print(line)
    assert not problems, "\n".join(problems)


def test_no_cycles_across_packages() -> None:
    problems = bad_cycles(list(imports(SRC)))
    for line in problems:
        print(line)
    assert not problems, "\n".join(problems)


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "sitrep" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (  # nlp reaching up into extract from inside a function
            {
                "__init__.py": "",
                "nlp/__init__.py": "def f():\n    from sitrep.extract.quotes import lexicon\n",
                "extract/__init__.py": "",
                "extract/quotes/__init__.py": "",
                "extract/quotes/lexicon.py": "",
            },
            ["sitrep.nlp:2 imports sitrep.extract.quotes.lexicon"],
        ),
        (  # "from sitrep import fuse" in store is the same layer; export in store is not
            {
                "__init__.py": "",
                "fuse.py": "",
                "export.py": "",
                "store/__init__.py": "from sitrep import fuse\nfrom sitrep import export\n",
            },
            ["sitrep.store:2 imports sitrep.export"],
        ),
        (  # evaluate beside batch, but not above its ceiling
            {
                "__init__.py": "",
                "pipeline.py": "",
                "store.py": "",
                "evaluate/__init__.py": "",
                "evaluate/x.py": "from sitrep.pipeline import P\nfrom sitrep.store import S\n",
            },
            ["sitrep.evaluate.x:2 imports sitrep.store"],
        ),
    ],
)
def test_upward_imports_are_found(
    tmp_path: Path, files: dict[str, str], expected: list[str]
) -> None:
    problems = upward(list(imports(_tree(tmp_path, files))))
    assert [p.split(": ")[0] for p in problems] == expected


def test_cycles_are_found_except_inside_a_stage(tmp_path: Path) -> None:
    src = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "evaluate/__init__.py": "",
            "evaluate/places.py": "def f():\n    from sitrep.evaluate import quotes\n",
            "evaluate/quotes.py": "from sitrep.evaluate.places import f\n",
            "extract/__init__.py": "",
            "extract/quotes/__init__.py": "",
            "extract/quotes/a.py": "from sitrep.extract.quotes import b\n",
            "extract/quotes/b.py": "from sitrep.extract.quotes.a import x\n",
        },
    )
    problems = bad_cycles(list(imports(src)))
    assert len(problems) == 1
    assert problems[0].startswith("cycle sitrep.evaluate.places <-> sitrep.evaluate.quotes")
