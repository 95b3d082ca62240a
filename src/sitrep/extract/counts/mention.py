"""A count as the reader finds it: the figure, where it stands, and what it is said of."""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.model import Count


@dataclass(frozen=True, slots=True)
class CountMention:
    """A count with where it stands: its number tokens and the predicate that types it."""

    count: Count
    start: int
    """Doc index of the first token of the figure."""
    end: int
    predicate: int | None
    """Doc index of the verb or noun the figure is an argument of ("killing", "toll")."""
    people: bool = False
    """The counted noun names people ("Kurds", "victims"), not things ("depots")."""
    revises: bool = False
    """A new toll ("rose to 47"): it replaces the figure of its kind told before."""
