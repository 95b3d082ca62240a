"""Partition IDs change exactly when a partition's inputs or output settings do (not versions)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitrep.batch.runner import BatchError, find_inputs, plan, split
from sitrep.settings import Settings


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    for i in range(5):
        (tmp_path / f"wire-{i}.txt").write_text(f"KYIV (Reuters) — Report number {i}.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "late.txt").write_text("ODESA (AP) — A later report.\n")
    return find_inputs(str(tmp_path / "**" / "*.txt"))


def test_inputs_are_found_recursively_and_sorted(files: list[str], tmp_path: Path) -> None:
    assert [Path(f).name for f in files] == ["late.txt"] + [f"wire-{i}.txt" for i in range(5)]
    assert find_inputs(str(tmp_path)) == files  # a folder means every file under it


def test_ids_are_stable_and_follow_the_inputs(files: list[str]) -> None:
    first = plan(files, Settings(), 2)
    assert [len(s.inputs) for s in first] == [2, 2, 2]
    assert plan(files, Settings(), 2) == first
    # Parse batch size changes speed, not reports; the length floor changes what is extracted.
    assert plan(files, Settings(batch_size=64), 2) == first
    assert plan(files, Settings(min_text_chars=200), 2)[0].id != first[0].id
    touched = Path(files[3])
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    again = plan(files, Settings(), 2)
    assert [a.id == b.id for a, b in zip(again, first, strict=True)] == [True, False, True]


def test_a_new_stage_version_keeps_the_ids(files: list[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.batch.runner import stage_versions
    from sitrep.extract import times

    first = plan(files, Settings(), 2)
    before = stage_versions(Settings())
    monkeypatch.setattr(times, "VERSION", "sitrep.times.v999")
    # The partitions keep their names and files; their markers say they must be redone.
    assert plan(files, Settings(), 2) == first
    assert stage_versions(Settings()) == {**before, "times": "sitrep.times.v999"}


def test_split_gives_one_partition_per_file(files: list[str]) -> None:
    spec = plan(files, Settings(), 3)[0]
    children = split(spec)
    assert [c.inputs for c in children] == [(f,) for f in files[:3]]
    assert [c.id for c in children] == [f"{spec.id}.000", f"{spec.id}.001", f"{spec.id}.002"]


def test_a_partition_size_below_one_is_refused(files: list[str]) -> None:
    with pytest.raises(BatchError, match="at least 1"):
        plan(files, Settings(), 0)
