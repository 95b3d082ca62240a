"""Versions that move: a stage whose code or rule data changed must carry a new VERSION.

The digests come from scripts/stage_digests.py (code as syntax trees without docstrings, plus the
data files the stage reads); tests/stage_versions.json records them with the versions.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "tests" / "stage_versions.json"


def _tool() -> ModuleType:
    script = ROOT / "scripts" / "stage_digests.py"
    spec = importlib.util.spec_from_file_location("stage_digests", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_stage_that_changed_has_a_new_version() -> None:
    tool = _tool()
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    problems = []
    for stage, now in tool.current().items():
        then = recorded.get(stage)
        package = tool.STAGES[stage].replace(".", "/")
        if then is None:
            problems.append(f"{stage}: not recorded; run python scripts/stage_digests.py --write")
        elif now["version"] == then["version"] and now["digest"] != then["digest"]:
            problems.append(
                f"{stage}: its code or data changed but VERSION is still {now['version']}: bump it "
                f"in src/{package}/__init__.py, then run python scripts/stage_digests.py --write"
            )
        elif now["version"] != then["version"]:
            problems.append(
                f"{stage}: VERSION {now['version']} is not recorded (was {then['version']}): run "
                "python scripts/stage_digests.py --write"
            )
    assert not problems, "\n".join(problems)


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ModuleType, Path]:
    """The digest tool pointed at a copy of the package, to change."""
    tool = _tool()
    shutil.copytree(tool.PACKAGE, tmp_path / "sitrep", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(tool, "SRC", tmp_path)
    monkeypatch.setattr(tool, "PACKAGE", tmp_path / "sitrep")
    monkeypatch.setattr(tool, "DATA", tmp_path / "sitrep" / "data")
    return tool, tmp_path / "sitrep"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_rule_word_moves_only_the_stages_that_read_it(copy: tuple[ModuleType, Path]) -> None:
    tool, package = copy
    before = {s: tool.digest(s) for s in tool.STAGES}
    _edit(package / "data" / "counts" / "counts.json", '"version"', '"zillion": 1,\n "version"')
    after = {s: tool.digest(s) for s in tool.STAGES}
    moved = {s for s in tool.STAGES if before[s] != after[s]}
    assert moved == {"counts", "events"}  # events attaches the counts it reads


def test_code_moves_the_digest_and_a_docstring_does_not(copy: tuple[ModuleType, Path]) -> None:
    tool, package = copy
    numbers = package / "extract" / "counts" / "numbers.py"
    before = tool.digest("counts")
    text = numbers.read_text(encoding="utf-8")
    docstring = text.split('"""')[1]
    _edit(numbers, docstring, docstring + " More words about the module.")
    assert tool.digest("counts") == before
    future = "from __future__ import annotations"
    _edit(numbers, future, future + "\nX = 1")
    assert tool.digest("counts") != before
