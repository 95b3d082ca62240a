"""Read commands through the real command line: a missing database is an error, never created."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import sitrep

SRC = str(Path(sitrep.__file__).resolve().parents[1])


def sitrep_cli(*args: str, cwd: Path, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh process (this checkout's sources), from another folder."""
    env = {**os.environ, "PYTHONPATH": SRC, **(env or {})}
    return subprocess.run([sys.executable, "-m", "sitrep.cli", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120)

READ_COMMANDS = (["events"], ["quotes"], ["show", "1"], ["export", "--format", "geojson", "x.json"],
                 ["serve", "--port", "0"])


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_a_missing_database_is_an_error_and_is_not_created(command: list[str],
                                                            tmp_path: Path) -> None:
    mistyped = tmp_path / "sitrpe.db"
    done = sitrep_cli(*command, "--db", str(mistyped), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert str(mistyped) in done.stderr
    assert "no sitrep database there" in done.stderr
    assert "Traceback" not in done.stderr
    assert not mistyped.exists()
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(("option", "allowed"), [
    (["--type", "BOMBING"], "ASSAULT"), (["--status", "rumoured"], "reported"),
    (["--km", "-5"], "radius"), (["--km", "ten"], "radius"),
    (["--since", "13/03/2024"], "YYYY-MM-DD"),
    (["--country", "Narnia"], "unknown country")])
def test_a_bad_filter_is_a_usage_error_naming_what_is_allowed(
        option: list[str], allowed: str, tmp_path: Path) -> None:
    done = sitrep_cli("events", *option, "--db", str(tmp_path / "x.db"), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert allowed in done.stderr
    assert "Traceback" not in done.stderr
