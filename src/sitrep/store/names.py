"""Name searches that find an actor however a report spelled it: its lexicon name and aliases
("RSF" / "Rapid Support Forces") and the transliterated endings of a Slavic surname
(Zelensky / Zelenskyy / Zelenskiy)."""

from __future__ import annotations

from functools import cache

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


def name_matches(columns: list[sa.ColumnElement[str]], query: str, dialect: str = ""
                 ) -> sa.ColumnElement[bool]:
    """SQL: any of the columns contains any spelling of the query (case-insensitive).

    On SQLite a spelling in ASCII is matched by LIKE alone, which ignores the case of A-Z in
    C; lower() there is a Python function folding every script (`store.engine`), called only
    for the spellings that need it (a row-by-row walk calls it twice a row per spelling).
    """
    return sa.or_(*(contains(column, term, dialect) for column in columns
                    for term in search_terms(query)))


def contains(column: sa.ColumnElement[str], term: str, dialect: str = ""
             ) -> sa.ColumnElement[bool]:
    """SQL: the column contains the lower-case term, whatever the column's case. On SQLite
    an ASCII term is matched by LIKE alone (case-blind for A-Z, in C); only a term in another
    script calls lower(), there a Python function folding every script (`store.engine`),
    once a row."""
    pattern = f"%{_escaped(term)}%"
    if dialect == "sqlite" and term.isascii():
        return column.like(pattern, escape="\\")
    return sa.func.lower(column).like(pattern, escape="\\")
