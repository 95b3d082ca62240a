"""spaCy imported for `sitrep extract` without its command line, which stays importable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sitrep

CHECK = """
import sys
from sitrep.cli.lean_spacy import import_spacy

import_spacy()
import spacy
from sitrep.pipeline import Pipeline

loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("typer", "weasel", "httpx",
                                                             "requests", "jinja2", "spacy")
                and (m.split(".")[0] != "spacy" or m.startswith("spacy.cli")))
print("loaded:", loaded)
assert loaded == [], loaded
assert "spacy.cli" not in vars(spacy)
assert sorted(spacy.info(silent=True))[:2] == ["location", "pipelines"]  # the real one, now
import spacy.cli
assert spacy.cli.download.__module__ == "spacy.cli.download"
print("ok")
"""


def test_spacy_imports_without_its_command_line_and_keeps_it() -> None:
    src = Path(sitrep.__file__).parents[1]
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                          env={"PYTHONPATH": str(src), "PATH": ""}, timeout=300)
    assert done.returncode == 0, done.stderr + done.stdout
    assert done.stdout.splitlines()[-1] == "ok"


def test_it_leaves_an_imported_spacy_alone() -> None:
    import spacy

    from sitrep.cli.lean_spacy import import_spacy

    before = dict(vars(spacy))
    import_spacy()
    assert dict(vars(spacy)) == before
    assert sys.modules["spacy"] is spacy


GROUPS = """
import catalogue
import importlib.metadata
from sitrep.cli.lean_spacy import import_spacy

import_spacy()
view = catalogue.AVAILABLE_ENTRY_POINTS
assert type(view).__name__ == "_EntryPointsByGroup", type(view)
fresh = importlib.metadata.entry_points()
groups = sorted(fresh.groups)
assert "console_scripts" in groups, groups
for group in [*groups, "no_such_group"]:
    assert tuple(view.select(group=group)) == tuple(fresh.select(group=group)), group
    assert view.select(group=group) is view.select(group=group)
assert tuple(view.select(name="pip")) == tuple(fresh.select(name="pip"))
import spacy
assert spacy.blank("en").add_pipe("entity_ruler").name == "entity_ruler"
import_spacy()
assert catalogue.AVAILABLE_ENTRY_POINTS is view
print("ok")
"""


def test_spacys_registries_see_each_entry_point_group_as_before() -> None:
    src = Path(sitrep.__file__).parents[1]
    done = subprocess.run([sys.executable, "-c", GROUPS], capture_output=True, text=True,
                          env={"PYTHONPATH": str(src), "PATH": ""}, timeout=300)
    assert done.returncode == 0, done.stderr + done.stdout
    assert done.stdout.splitlines()[-1] == "ok"
