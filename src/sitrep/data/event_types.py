"""The event-type table (data/events/types.json): each PLOVER type's name, description and colour.

The report schema, `sitrep events --type`, the API's ``type`` filter and /api/types, and the web
page all take their types from here, so adding a type is a change to that one file. The table's
order is PLOVER's and is the order every list of types shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from sitrep import data
from sitrep.errors import InputError

FILE = "events/types.json"
_NAME = re.compile(r"^[A-Z][A-Z_]*$")
_COLOUR = re.compile(r"^#[0-9a-f]{6}$")


@dataclass(frozen=True, slots=True)
class EventType:
    """One event type."""

    name: str
    """As reports, the store and the exports write it ("ASSAULT")."""
    description: str
    """What it covers, in one line."""
    colour: str
    """Its colour on the web page, ``#rrggbb``."""


@dataclass(frozen=True, slots=True)
class EventTypes:
    """The table, in its order; ``table()`` gives the shipped one."""

    version: str
    types: tuple[EventType, ...]

    def __iter__(self) -> Iterator[EventType]:
        return iter(self.types)

    def __len__(self) -> int:
        return len(self.types)

    def __contains__(self, name: object) -> bool:
        return name in self.names()

    def names(self) -> tuple[str, ...]:
        """Every type's name, in the table's order."""
        return tuple(t.name for t in self.types)

    def check(self, name: str, origin: str = "type") -> str:
        """The type a name (in any case) names; an InputError listing the known ones if none."""
        wanted = name.strip().upper()
        if wanted not in self.names():
            known = ", ".join(self.names())
            raise InputError(origin, f"unknown event type {name!r}; one of {known}")
        return wanted


def load(document: dict[str, Any]) -> EventTypes:
    """The table from its JSON document; ValueError for a malformed name or colour, or a repeat."""
    types = tuple(EventType(t["name"], t["description"], t["colour"]) for t in document["types"])
    for t in types:
        if not _NAME.match(t.name) or not _COLOUR.match(t.colour) or not t.description:
            raise ValueError(f"{FILE}: {t} needs an upper-case name, a description and a "
                             "#rrggbb colour")
    names = [t.name for t in types]
    if len(set(names)) != len(names):
        raise ValueError(f"{FILE}: a type is listed twice in {names}")
    return EventTypes(str(document["version"]), types)


@cache
def table() -> EventTypes:
    """The shipped table, read once per process."""
    return load(data.read_json(FILE))
