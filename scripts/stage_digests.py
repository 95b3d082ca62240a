"""Digests of what each pipeline stage runs, so that a change of behaviour cannot keep its version.

A stage's digest covers the code it runs (every sitrep module its package imports, transitively,
read as a syntax tree without docstrings, so comments, docstrings and layout do not count) and the
rule data it reads (its stage's data folder, the folders of the stages it imports, and any data
file its code names). ``tests/test_stage_versions.py`` compares them with
``tests/stage_versions.json``: a digest that moved under the same VERSION fails.

    python scripts/stage_digests.py           # print each stage's version and digest
    python scripts/stage_digests.py --write   # record them (after bumping the VERSIONs you changed)
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "sitrep"
DATA = PACKAGE / "data"
RECORD = ROOT / "tests" / "stage_versions.json"
STAGES = {
    "ingest": "sitrep.ingest",
    "nlp": "sitrep.nlp",
    "actors": "sitrep.extract.actors",
    "places": "sitrep.extract.places",
    "times": "sitrep.extract.times",
    "quotes": "sitrep.extract.quotes",
    "counts": "sitrep.extract.counts",
    "events": "sitrep.extract.events",
}
"""Each stage and the package that holds its code and its ``VERSION``."""
NOT_READ_BY_STAGE = frozenset({"events/types.json"})
"""Files in a stage's data folder that the stage does not read, so they count only for a stage
whose code names them: the event-type table is read by the report schema, the CLI and the API."""


def module_file(name: str) -> Path | None:
    """The source file of a sitrep module or package, if it exists."""
    base = SRC / Path(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(name: str, tree: ast.AST) -> set[str]:
    """The sitrep modules a module imports, anywhere in its body (parent packages included)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("sitrep")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sitrep"):
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names
                      if module_file(f"{node.module}.{a.name}")}
    parents = {".".join(m.split(".")[:i]) for m in found | {name}
               for i in range(1, m.count(".") + 1)}
    return {m for m in found | parents if module_file(m)}


def closure(package: str) -> set[str]:
    """Every sitrep module the stage package's modules import, transitively, and themselves."""
    root = module_file(package)
    assert root is not None, package
    start = {package} | {
        f"{package}.{p.stem}" for p in root.parent.glob("*.py") if p.name != "__init__.py"
    } | {f"{package}.{p.parent.name}" for p in root.parent.glob("*/__init__.py")}
    seen: set[str] = set()
    todo = list(start)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = module_file(name)
        assert path is not None, name
        todo.extend(_imports(name, ast.parse(path.read_text(encoding="utf-8"))) - seen)
    return seen


def _is_docstring(statement: ast.stmt) -> bool:
    value = statement.value if isinstance(statement, ast.Expr) else None
    return isinstance(value, ast.Constant) and isinstance(value.value, str)


def _without_docstrings(tree: ast.AST) -> ast.AST:
    """The tree without its docstrings: a bare string statement anywhere (module, class,
    function or attribute docstring) does nothing when the code runs."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        kept = [s for s in body if not _is_docstring(s)]
        node.body = kept or [ast.Pass()]  # type: ignore[attr-defined]
    return tree


def _strings(tree: ast.AST) -> set[str]:
    """The string constants of a syntax tree (docstrings already removed)."""
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)}


def data_files(modules: set[str], strings: set[str]) -> list[Path]:
    """The data files the modules read: their stages' folders and every data file they name."""
    folders = {m.split(".")[-1] for m in modules} | {m.split(".")[2] for m in modules
                                                      if m.startswith("sitrep.extract.")}
    files = {p for p in DATA.rglob("*") if p.is_file() and p.suffix != ".py"}
    chosen = {p for p in files if p.relative_to(DATA).parts[0] in folders
              and p.relative_to(DATA).as_posix() not in NOT_READ_BY_STAGE}
    named = {str(p.relative_to(DATA)) for p in files}
    chosen |= {DATA / s for s in strings if s in named}
    dirs = {str(p.relative_to(DATA)) for p in DATA.rglob("*") if p.is_dir()}
    folders_named = strings & dirs
    chosen |= {p for p in files if any(p.is_relative_to(DATA / f) for f in folders_named)}
    return sorted(chosen)


def digest(stage: str) -> str:
    """A digest of the code and data the stage runs."""
    modules = closure(STAGES[stage])
    h = hashlib.sha256()
    strings: set[str] = set()
    for name in sorted(modules):
        path = module_file(name)
        assert path is not None, name
        tree = _without_docstrings(ast.parse(path.read_text(encoding="utf-8")))
        strings |= _strings(tree)
        h.update(f"{name}\n{ast.dump(tree, include_attributes=False)}\n".encode())
    for path in data_files(modules, strings):
        h.update(f"{path.relative_to(DATA)}\n".encode() + path.read_bytes())
    return h.hexdigest()[:16]


def version(stage: str) -> str:
    """The stage's VERSION as its package declares it."""
    return str(importlib.import_module(STAGES[stage]).VERSION)


def current() -> dict[str, dict[str, str]]:
    """Every stage's version and digest now."""
    return {s: {"version": version(s), "digest": digest(s)} for s in STAGES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"record them in {RECORD.name}")
    args = parser.parse_args()
    now = current()
    if args.write:
        RECORD.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for stage, row in now.items():
        print(f"{stage:8} {row['version']:22} {row['digest']}")


if __name__ == "__main__":
    sys.path.insert(0, str(SRC))
    main()
