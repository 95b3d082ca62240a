"""Every rule data file under src/sitrep/data loads, names its version and is clean.

The checks go over whatever files the folder holds, so a new lexicon or table is checked the day
it is added: it parses (JSON, JSON Lines, TSV with one column count per file, one-item-a-line
text), names its version ``sitrep.<stage>.<name>.vN``, has no stray whitespace or tabs, no
duplicate entries, and every ISO 3166 country code in it is a current one.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pycountry
import pytest

from sitrep import data

FILES = data.names()
_VERSION = re.compile(r"^sitrep\.([a-z]+)\.([a-z0-9_]+)\.v[1-9]\d*$")
_CODE = re.compile(r"^([A-Z]{2,3})(?:\.[0-9A-Z]+)?$")
"""An ISO 3166 alpha-2 or alpha-3 code, alone or heading a GeoNames admin1 code ("US.CA")."""
_USER_ASSIGNED = re.compile(r"^X[A-Z]{1,2}$")
"""ISO 3166 leaves X* codes to its users; XK / XKX (Kosovo) is the one in common use."""
_MIN_CODES = 3
_CODE_SHARE = 0.8
"""A column or JSON field whose values are codes this often holds country codes."""
_MAPPING_KEYS = 12
"""A JSON object with more keys than this (or with keys that are not field names) is a table."""
_FIELD = re.compile(r"^[a-z_][a-z0-9_]*$")
_TUPLE_ITEMS = 3

def _kind(name: str) -> str:
    return name.rsplit(".", 1)[1]


def _lines(name: str) -> list[str]:
    return data.read_text(name).split("\n")


def _expected_version_name(name: str) -> tuple[str, str]:
    """(stage, name) a file's version must carry: its folder, and its path inside the folder
    without the suffix and a leading sort number ("nlp/patterns/10_places.jsonl" ->
    "nlp", "patterns_places")."""
    stage, *folders, file = name.split("/")
    stem = re.sub(r"^\d+_", "", file.rsplit(".", 1)[0])
    return stage, "_".join([*folders, stem])


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = Counter(k for k, _ in pairs)
    repeated = [k for k, n in keys.items() if n > 1]
    assert not repeated, f"duplicate keys {repeated}"
    return dict(pairs)


def _json(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(data.read_text(name), object_pairs_hook=_no_duplicate_keys)
    return loaded


def _records(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _lines(name) if line]


def _rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in data.read_lines(name)]


def test_the_folder_holds_every_kind_of_data_file() -> None:
    assert {_kind(n) for n in FILES} == {"json", "jsonl", "txt", "tsv"}
    assert "places/where_nouns.txt" in FILES and "nlp/patterns/30_rules.jsonl" in FILES


@pytest.mark.parametrize("name", FILES)
def test_names_its_version(name: str) -> None:
    found = data.version(name)
    assert found is not None, f"{name} names no version (see sitrep.data)"
    match = _VERSION.match(found)
    assert match is not None, f"{name}: {found!r} is not sitrep.<stage>.<name>.vN"
    stage, own = _expected_version_name(name)
    assert (match.group(1), match.group(2)) == (stage, own), f"{name} says {found}"


@pytest.mark.parametrize("name", FILES)
def test_parses(name: str) -> None:
    kind = _kind(name)
    if kind == "json":
        assert isinstance(_json(name), dict)
    elif kind == "jsonl":
        records = _records(name)
        assert all(isinstance(r, dict) for r in records)
        assert records[0].keys() == {"version"}
        assert data.read_jsonl(name) == records[1:]
        assert all({"label", "pattern"} <= r.keys() for r in records[1:])
    elif kind == "tsv":
        rows = _rows(name)
        widths = Counter(len(r) for r in rows)
        assert len(widths) == 1 and min(widths) >= 2, f"{name}: rows of {dict(widths)} columns"
        assert all(all(row) for row in rows), f"{name}: an empty column"
    else:
        assert data.read_lines(name), f"{name} lists nothing"


@pytest.mark.parametrize("name", FILES)
def test_no_stray_whitespace(name: str) -> None:
    tabs = _kind(name) == "tsv"
    for number, line in enumerate(_lines(name), start=1):
        where = f"{name}:{number}"
        assert line == line.rstrip(), f"{where}: trailing whitespace"
        assert tabs or "\t" not in line, f"{where}: a tab"
        if _kind(name) in ("txt", "tsv") and not line.startswith("#"):
            cells = line.split("\t")
            assert all(c == c.strip() for c in cells), f"{where}: spaces around a value"
    if _kind(name) == "json":
        for value in _strings(_json(name)):
            assert value == value.strip(), f"{name}: {value!r}"


KEY_WIDTH = {"actors/offices.tsv": 2}
"""Tables whose key is more than the first column: an office over time is keyed by the person
and the day it began."""


@pytest.mark.parametrize("name", FILES)
def test_no_duplicate_entries(name: str) -> None:
    kind = _kind(name)
    if kind == "txt":
        entries = [x.lower() for x in data.read_lines(name)]
    elif kind == "tsv":
        width = KEY_WIDTH.get(name, 1)  # the key columns: one row per key
        entries = ["\t".join(row[:width]) for row in _rows(name)]
    elif kind == "jsonl":
        entries = [json.dumps(r, sort_keys=True) for r in _records(name)]
    else:
        entries = []
        for path, items in _string_lists(_json(name), name):
            repeated = [x for x, n in Counter(items).items() if n > 1]
            assert not repeated, f"{path}: {repeated} more than once"
    repeated = [x for x, n in Counter(entries).items() if n > 1]
    assert not repeated, f"{name}: {repeated[:5]} more than once"


def test_country_codes_are_current() -> None:
    current = {c.alpha_2 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.countries}
    retired = {c.alpha_3 for c in pycountry.historic_countries}
    retired |= {c.alpha_2 for c in pycountry.historic_countries if hasattr(c, "alpha_2")}
    known = current | retired
    checked: set[str] = set()
    stale: list[str] = []
    for name in FILES:
        for slot, values in _slots(name).items():
            codes = [m.group(1) for v in values if (m := _CODE.match(v)) and m.group(1) in known]
            if len(codes) < _MIN_CODES or len(codes) < _CODE_SHARE * len(values):
                continue
            checked.add(name)
            for value in values:
                m = _CODE.match(value)
                code = m.group(1) if m else value
                allowed = code in current or _USER_ASSIGNED.match(code)
                if not allowed:
                    stale.append(f"{name} {slot}: {value}")
    assert not stale, "codes that are not current ISO 3166:\n" + "\n".join(stale)
    # the check has found the files that hold codes, so it is not vacuous
    assert {"geo/countries.tsv", "places/variants.tsv"} <= checked


def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _string_lists(value: Any, path: str) -> Iterator[tuple[str, list[str]]]:
    """Every list of strings in a JSON value (a word list), with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _string_lists(item, f"{path}/{key}")
    elif isinstance(value, list):
        if value and all(isinstance(x, str) for x in value):
            yield path, value
        for i, item in enumerate(value):
            yield from _string_lists(item, f"{path}[{i}]")


def _slots(name: str) -> dict[str, list[str]]:
    """The string values of a file grouped by where they stand: a TSV column, or a JSON field
    (list items and table entries counted as one field), so a field of codes shows as such."""
    slots: dict[str, list[str]] = {}
    kind = _kind(name)
    if kind == "tsv":
        for row in _rows(name):
            for i, cell in enumerate(row):
                slots.setdefault(f"column {i + 1}", []).append(cell)
    elif kind in ("json", "jsonl"):
        _collect(_json(name) if kind == "json" else _records(name), "", slots)
    return slots


def _collect(value: Any, path: str, slots: dict[str, list[str]]) -> None:
    if isinstance(value, dict):
        table = len(value) > _MAPPING_KEYS or not all(_FIELD.match(k) for k in value)
        for key, item in value.items():
            if table:
                slots.setdefault(f"{path}/{{}}", []).append(key)
            _collect(item, f"{path}/*" if table else f"{path}/{key}", slots)
    elif isinstance(value, list):
        # a list is one field, but a short tuple ([ISO3, sector]) keeps its places apart
        tuple_like = len(value) <= _TUPLE_ITEMS
        for i, item in enumerate(value):
            _collect(item, f"{path}[{i}]" if tuple_like else f"{path}[]", slots)
    elif isinstance(value, str):
        slots.setdefault(path, []).append(value)
