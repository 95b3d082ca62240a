"""The gazetteer's compact, memory-mapped tables read back exactly what was written."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.geo.compact import open_tables, write_tables
from sitrep.geo.gazetteer import Gazetteer

ROWS = [
    (703448, "Kyiv", 50.45466, 30.5238, "UA", "UA.12", "Kyiv City", 2797553, "city", True),
    (6255148, "Europe", 48.69096, 9.14062, None, None, None, 0, "continent", False),
    (1, "Zürich — “Ost”", -0.1, 1e-7, "CH", "CH.25", "Zürich", 0, "city", False),
    (2, "民", 0.0, -179.99999, "CN", None, None, 10**10, "city", False),
]
NAMES = {"kyiv": [1], "kiev": [0], "europe": [3], "zurich": [5, 0], "a": [7], "": [6],
         "zurich ost": [4]}


def _written(tmp_path: Path) -> Path:
    path = tmp_path / "g.idx"
    with path.open("wb") as handle:
        write_tables(handle, ROWS, NAMES)
    return path


def test_every_row_and_name_reads_back(tmp_path: Path) -> None:
    rows, names = open_tables(_written(tmp_path))
    assert list(rows) == ROWS and len(rows) == 4
    assert rows[-1] == ROWS[-1] and rows[1:3] == ROWS[1:3]
    assert dict(names) == NAMES and sorted(names) == sorted(NAMES)
    assert names.get("kyi") is None and "kyivv" not in names and "" in names
    with pytest.raises(IndexError):
        rows[4]
    gazetteer = Gazetteer(rows, names)
    assert [(m.entry.name, m.main) for m in gazetteer.lookup("Zurich")] == [
        ("Zürich — “Ost”", True), ("Kyiv", False)]


def test_empty_tables(tmp_path: Path) -> None:
    path = tmp_path / "empty.idx"
    with path.open("wb") as handle:
        write_tables(handle, [], {})
    rows, names = open_tables(path)
    assert list(rows) == [] and dict(names) == {} and names.get("kyiv") is None


def test_a_file_cut_short_or_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = _written(tmp_path)
    path.write_bytes(path.read_bytes()[:-20])
    with pytest.raises(ValueError, match="cut short"):
        open_tables(path)
    path.write_bytes(b"\x80\x04 a pickle, not this")
    with pytest.raises(ValueError, match="not a compact"):
        open_tables(path)


def test_the_lookup_sample_is_every_strideth_key(tmp_path: Path) -> None:
    """The sample a lookup bisects, read in one pass, is the keys read one by one; and every
    name of a table larger than a few blocks is found through it."""
    names = {f"place {n:05d}" + "x" * (n % 7): [n] for n in range(1000)}
    path = tmp_path / "many.idx"
    with path.open("wb") as handle:
        write_tables(handle, [], names)
    _, found = open_tables(path)
    keys = found._keys
    for stride in (1, 2, 3, 32, 999, 1000, 1001):
        assert keys.every(stride) == [keys[i] for i in range(0, len(keys), stride)]
    assert dict(found) == names
    assert all(found.get(name) == hits for name, hits in names.items())
    assert found.get("place 00000y") is None and "place 01000" not in found
