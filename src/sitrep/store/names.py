"""Name searches that find an actor however a report spelled it: its lexicon name and aliases
("RSF" / "Rapid Support Forces") and the transliterated endings of a Slavic surname
(Zelensky / Zelenskyy / Zelenskiy)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import sqlalchemy as sa

from sitrep import data

ENDINGS = ("y", "yy", "iy", "yi", "i", "ii")
"""The spellings of a final -ий/-ый in English transliterations."""
MIN_STEM = 4
"""A stem shorter than this is too little of a name to vary ("Li", "Eli")."""


@cache
def _aliases() -> dict[str, frozenset[str]]:
    """Each lexicon name or alias (folded) -> every name and alias of its actor."""
    raw = data.read_json("actors/lexicon.json")
    found: dict[str, set[str]] = {}
    for section in ("people", "organizations"):
        for item in raw[section]:
            names = {n.casefold().removeprefix("the ")
                     for n in [item["name"], *item.get("aliases", [])]}
            for name in names:
                found.setdefault(name, set()).update(names)
    return {name: frozenset(names) for name, names in found.items()}


def search_terms(query: str) -> list[str]:
    """Folded spellings any of which, found in a name, names what the query names."""
    wanted = " ".join(query.casefold().split())
    terms = {wanted} | _aliases().get(wanted.removeprefix("the "), frozenset())
    for term in list(terms):
        stem = term.rstrip("iy")
        if stem != term and len(stem) >= MIN_STEM and stem[-1].isalpha():
            terms.update(stem + ending for ending in ENDINGS)
    # A term containing another adds nothing to a substring search.
    return sorted(t for t in terms if not any(o != t and o in t for o in terms))


def _escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_patterns(query: str) -> list[str]:
    """The LIKE patterns `name_matches` tests, one per spelling of the query, in its order."""
    return [f"%{_escaped(term)}%" for term in search_terms(query)]


def name_matches(columns: list[sa.ColumnElement[str]], query: str, dialect: str = "",
                 bound: Callable[[int, str], Any] | None = None) -> sa.ColumnElement[bool]:
    """SQL: any of the columns contains any spelling of the query (case-insensitive).

    On SQLite a spelling in ASCII is matched by LIKE alone, which ignores the case of A-Z in
    C; lower() there is a Python function folding every script (`store.engine`), called only
    for the spellings that need it (a row-by-row walk calls it twice a row per spelling).
    ``bound(i, pattern)``, when given, makes the i-th pattern's SQL value (a named parameter).
    """
    return sa.or_(*(_like(column, pattern, bound(i, pattern) if bound is not None else pattern,
                          dialect)
                    for column in columns for i, pattern in enumerate(like_patterns(query))))


def contains(column: sa.ColumnElement[str], term: str, dialect: str = ""
             ) -> sa.ColumnElement[bool]:
    """SQL: the column contains the lower-case term, whatever the column's case. On SQLite
    an ASCII term is matched by LIKE alone (case-blind for A-Z, in C); only a term in another
    script calls lower(), there a Python function folding every script (`store.engine`),
    once a row."""
    pattern = f"%{_escaped(term)}%"
    return _like(column, pattern, pattern, dialect)


def _like(column: sa.ColumnElement[str], pattern: str, value: Any, dialect: str
          ) -> sa.ColumnElement[bool]:
    """LIKE `value` (the pattern itself, or a parameter standing for it), with lower() only
    where SQLite's case-blind A-Z does not cover the pattern."""
    if dialect == "sqlite" and pattern.isascii():
        return column.like(value, escape="\\")
    return sa.func.lower(column).like(value, escape="\\")
