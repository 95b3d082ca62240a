"""The rule data: word lists, lexicons, patterns and tables, a folder a stage, read by one loader.

Files are named by stage and content (``places/region_words.txt``); each names its version inside,
``sitrep.<stage>.<name>.vN``: a ``version`` key in JSON, a first line ``# version: ...`` in text
and TSV, a first record ``{"version": ...}`` in JSON Lines. A change of rules is a new version,
visible in the data itself. Code reads these files only through the functions here.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

VERSION_PREFIX = "# version:"
"""How a text or TSV file names its version, on its first line."""
SUFFIXES = (".json", ".jsonl", ".txt", ".tsv")
"""The kinds of data file; ``names()`` lists every file of these kinds."""


def path(name: str) -> Path:
    """The path of one data file, ``stage/file`` relative to this folder."""
    return Path(str(resources.files("sitrep.data").joinpath(name)))


def read_text(name: str) -> str:
    """One data file's text."""
    return path(name).read_text(encoding="utf-8")


def read_json(name: str) -> dict[str, Any]:
    """A JSON lexicon: one object, its ``version`` key included."""
    loaded: dict[str, Any] = json.loads(read_text(name))
    return loaded


def read_jsonl(name: str) -> list[dict[str, Any]]:
    """The records of a JSON Lines file, without the first record that names its version."""
    records = [json.loads(line) for line in read_text(name).splitlines() if line.strip()]
    return records[1:] if records and "version" in records[0] else records


def read_lines(name: str) -> tuple[str, ...]:
    """A one-item-a-line file, in order, without comment lines (``#``) and blank lines."""
    return tuple(
        line for line in read_text(name).splitlines() if line.strip() and not line.startswith("#")
    )


def read_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """A tab-separated table's rows, without comment lines (``#``) and blank lines."""
    return tuple(tuple(line.split("\t")) for line in read_lines(name))


def version(name: str) -> str | None:
    """The version a data file names (``sitrep.places.where_nouns.v1``); None if it names none."""
    text = read_text(name)
    if name.endswith(".json"):
        found = json.loads(text).get("version")
        return str(found) if found is not None else None
    first = text.split("\n", 1)[0]
    if name.endswith(".jsonl"):
        record = json.loads(first) if first.strip() else {}
        return str(record["version"]) if "version" in record else None
    if first.startswith(VERSION_PREFIX):
        return first.removeprefix(VERSION_PREFIX).strip()
    return None


def names() -> list[str]:
    """Every data file, as ``stage/file`` (``nlp/patterns/10_places.jsonl``), sorted."""
    root = path("")
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.suffix in SUFFIXES
    )
