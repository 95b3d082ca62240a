"""Helpers over sitrep's own mentions: character spans (``model.Span``), how they lie against
each other, lookups in a sorted list of them, and the mentions of an article's actors."""

from __future__ import annotations

import sys
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.model import Actor, Span


def overlaps(a: Span, b: Span) -> bool:
    """Whether two spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def contains(outer: Span, inner: Span) -> bool:
    """Whether the inner span lies wholly within the outer one."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def last_starting(spans: Sequence[Span], offset: int) -> int:
    """The index of the last of the sorted spans that starts at or before offset; -1 if none."""
    return bisect_right(spans, (offset, sys.maxsize)) - 1


def in_sorted(spans: Sequence[Span], offset: int) -> bool:
    """Whether offset lies in sorted spans that do not overlap (quoted stretches, paragraphs):
    in the last one that starts at or before it."""
    i = last_starting(spans, offset)
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One mention of an actor: where it stands and whom it names."""

    start: int
    end: int
    actor: Actor


def actor_mentions(actors: tuple[Actor, ...]) -> list[ActorMention]:
    """Every mention of the actors by start; at one start, in the order the actors come (the
    actors stage lists them by first mention)."""
    found = (ActorMention(s, e, a) for a in actors for s, e in a.mentions)
    return sorted(found, key=lambda m: m.start)
