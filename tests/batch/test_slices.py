"""A large JSON Lines file cut into partitions: every record in exactly one, under its own name."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest

from sitrep.batch import slices
from sitrep.batch.runner import BatchError, plan
from sitrep.batch.slices import FileSlice, cut, read_slice
from sitrep.ingest import read_inputs
from sitrep.model import Failure, RawDocument
from sitrep.settings import Settings


def _feed(path: Path, n: int, seed: int = 3) -> Path:
    """n records of varied length, with blank lines, a bad line and no final line end."""
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        if i % 7 == 3:
            lines.append("")  # blank: no record, but a line
        if i % 11 == 5:
            lines.append("{not json")
        words = " ".join(rng.choice(["shelling", "Kharkiv", "talks", "élan", "民"])
                         for _ in range(rng.randint(1, 60)))
        lines.append(json.dumps({"url": f"https://example.org/{i}", "text": f"{i} {words}"},
                                ensure_ascii=False))
    path.write_text("\n".join(lines), encoding="utf-8")  # the last line has no line end
    return path


def _whole(path: Path, settings: Settings) -> list[tuple[str, str]]:
    return [_key(item) for item in read_inputs([str(path)], settings)]


def _key(item: RawDocument | Failure) -> tuple[str, str]:
    if isinstance(item, Failure):
        return item.origin, item.reason
    return item.origin, item.text or ""


@pytest.mark.parametrize(("records", "size"), [
    (1, None), (4, None), (10, None), (None, 1), (None, 300), (None, 2000), (5, 700),
    (1000, None), (None, 10**9),
])
def test_the_slices_hold_every_record_once_under_its_own_line_number(
        tmp_path: Path, records: int | None, size: int | None) -> None:
    settings = Settings()
    feed = _feed(tmp_path / "feed.jsonl", 40)
    parts = cut(str(feed), records, size)
    # The slices tile the file: contiguous, line starts only, nothing left over.
    data = feed.read_bytes()
    assert parts[0].start == 0 and parts[-1].end == len(data)
    for before, after in itertools.pairwise(parts):
        assert before.end == after.start
        assert data[after.start - 1:after.start] == b"\n"
        assert after.first_line == before.first_line + before.lines
    assert sum(p.lines for p in parts) == data.count(b"\n") + 1
    for part in parts:
        if records is not None:
            assert part.lines <= records
        if size is not None and part is not parts[-1]:
            assert part.end - part.start >= size or part.lines == records
    # The union of the slices' documents and failures is the whole file's, each once, in order.
    union = [_key(item) for part in parts for item in read_slice(str(feed), part, settings)]
    assert union == _whole(feed, settings)
    assert len({origin for origin, _ in union}) == len(union)


def test_a_line_longer_than_a_read_is_one_line(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slices, "_PIECE", 16)  # lines far longer than one read
    feed = _feed(tmp_path / "feed.jsonl", 12)
    parts = cut(str(feed), 2)
    assert [p.lines for p in parts] == [2] * (len(parts) - 1) + [parts[-1].lines]
    assert sum(p.lines for p in parts) == feed.read_bytes().count(b"\n") + 1
    settings = Settings()
    union = [_key(item) for part in parts for item in read_slice(str(feed), part, settings)]
    assert union == _whole(feed, settings)


def test_a_file_ending_in_a_line_end_has_no_empty_last_slice(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "a"}\n{"text": "b"}\n{"text": "c"}\n', encoding="utf-8")
    assert cut(str(feed), 2) == [FileSlice(0, 28, 1, 2), FileSlice(28, 42, 3, 1)]
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert cut(str(tmp_path / "empty.jsonl"), 2) == []


def test_plan_cuts_only_large_json_lines_files_and_keeps_the_rest_grouped(tmp_path: Path) -> None:
    settings = Settings()
    names = ["a.txt", "b.txt", "big.jsonl", "c.txt", "small.jsonl", "d.txt"]
    for name in names:
        (tmp_path / name).write_text("Shelling in Kharkiv.\n", encoding="utf-8")
    _feed(tmp_path / "big.jsonl", 25)
    inputs = [str(tmp_path / name) for name in names]
    specs = plan(inputs, settings, 2, records=10)
    cuts = cut(str(tmp_path / "big.jsonl"), 10)
    assert len(cuts) == 4  # 32 lines: 25 records, 4 blank lines and 3 bad ones
    assert [(len(s.inputs), s.part) for s in specs] == [
        (2, None), *((1, part) for part in cuts), (2, None), (1, None)]
    assert [Path(p).name for s in specs for p in s.inputs] == [
        "a.txt", "b.txt", *["big.jsonl"] * 4, "c.txt", "small.jsonl", "d.txt"]
    assert len({s.id for s in specs}) == len(specs)
    # The same inputs, the same plan: a rerun finds the partitions it finished by their IDs.
    assert plan(inputs, settings, 2, records=10) == specs
    # Another cut is another set of partitions (none of the old markers is taken for it).
    other = {s.id for s in plan(inputs, settings, 2, records=8) if s.part is not None}
    assert not other & {s.id for s in specs}
    # Without a cut, a plan is what it always was: the IDs of earlier runs stay valid.
    assert plan(inputs, settings, 2) == plan(inputs, settings, 2, None, None)
    assert all(s.part is None for s in plan(inputs, settings, 2))


def test_a_cut_below_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BatchError, match="at least 1"):
        plan([str(tmp_path / "x.jsonl")], Settings(), 2, records=0)
    with pytest.raises(BatchError, match="at least 1"):
        plan([str(tmp_path / "x.jsonl")], Settings(), 2, size=0)
