"""A damaged or read-only SQLite store: one clear line on every command, nothing written into it."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sitrep.cli.main import main
from sitrep.settings import Settings
from sitrep.store import open_store
from tests.store.helpers import strike_report

pytest_plugins = ["tests.store.helpers"]

PAGE = 4096


def _filled_store(path: Path, articles: int = 120) -> None:
    with open_store(Settings(), str(path)) as store:
        for i in range(articles):
            store.add(strike_report(f"Shelling hit Kharkiv overnight (report {i}), officials "
                                    "said, and rescuers searched the rubble. " * 12))


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real store whose pages from the fourth on are overwritten with noise."""
    path = tmp_path_factory.mktemp("damaged") / "sitrep.db"
    _filled_store(path)
    noise = hashlib.sha256(b"seed").digest() * (PAGE * 30 // 32)
    with path.open("r+b") as db:
        db.seek(PAGE * 3)
        db.write(noise)
    return path


@pytest.mark.parametrize("command", [
    ["events"], ["show", "1"], ["ingest", "--failed"], ["export", "--format", "geojson", "OUT"],
    ["ingest", "IN"], ["watch", "http://127.0.0.1:9/feed.xml", "--once"],
])
def test_every_command_on_a_damaged_file_says_so_in_one_line(
    damaged: Path, tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Russian missiles killed 12 civilians in Kharkiv on Monday, officials said.")
    args = [str(tmp_path / "out.geojson") if a == "OUT" else str(story) if a == "IN" else a
            for a in command]
    before = damaged.read_bytes()
    assert main([*args, "--db", str(damaged)]) == 1  # a runtime failure
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, err
    assert err.startswith(f"sitrep: {damaged}: the database file is damaged (")
    assert "sqlite3 FILE .recover" in err
    assert damaged.read_bytes() == before  # nothing written into it


def _mount_read_only(source: Path, where: Path) -> Path:
    """A copy of the file on a read-only tmpfs at ``where`` (needs root), or skip."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a read-only file system needs root")
    where.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(where)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    shutil.copy(source, where / source.name)
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
    return where / source.name


def test_a_store_on_a_read_only_file_system_opens_for_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = tmp_path / "sitrep.db"
    _filled_store(original, articles=3)
    mount = tmp_path / "ro"
    db = _mount_read_only(original, mount)
    try:
        assert main(["events", "--format", "json", "--db", str(db)]) == 0
        assert '"fatalities": 12' in capsys.readouterr().out
        story = tmp_path / "story.txt"
        story.write_text("Russian missiles killed 12 civilians in Kharkiv, officials said.")
        assert main(["ingest", str(story), "--db", str(db), "--quiet"]) == 1
        err = capsys.readouterr().err.strip()
        assert err == (f"sitrep: {db}: the database is read-only (its file or folder cannot be "
                       "written); only reading commands (events, quotes, show, export, serve) "
                       "can use it")
    finally:
        subprocess.run(["umount", str(mount)], check=False)
