"""The docs import what the package exports: a renamed function breaks their readers."""

import importlib
import re

import pytest

from tests.paths import ROOT

_IMPORT = re.compile(r"^\s*from (sitrep[\w.]*) import ([\w, ]+)$", re.MULTILINE)


def _imports() -> list[tuple[str, str, str]]:
    found = []
    for page in sorted([*(ROOT / "docs").glob("*.md"), ROOT / "README.md"]):
        for module, names in _IMPORT.findall(page.read_text(encoding="utf-8")):
            for name in names.split(","):
                found.append((page.name, module, name.strip()))
    return found


def test_the_docs_import_something() -> None:
    assert _imports(), "no `from sitrep… import …` line found in docs/ or the README"


@pytest.mark.parametrize(("page", "module", "name"), _imports())
def test_each_name_the_docs_import_exists(page: str, module: str, name: str) -> None:
    imported = importlib.import_module(module)
    assert hasattr(imported, name), f"{page}: `from {module} import {name}` fails"
