"""The figures of one event put together: a figure told again is one figure, a new toll
replaces the old one, and parts of one sentence are never added up."""

from __future__ import annotations

from collections.abc import Iterable

from sitrep.extract.counts.numbers import load_lexicon
from sitrep.model import Count


def told_again(held: Count, new: Count) -> bool:
    """The same kind and figure about the same people ('killing three people … the three
    victims', '3 people were killed … 3 fatalities'): one count stated twice."""
    if (held.kind, held.value) != (new.kind, new.value):
        return False
    generic = load_lexicon().generic_people_nouns
    return (
        held.noun == new.noun
        or held.noun is None
        or new.noun is None
        or held.noun in generic
        or new.noun in generic
    )


def add_figures(held: list[Count], new: Iterable[Count]) -> list[Count]:
    """The event's figures with those of another sentence added; a figure it already holds is
    not added again, but names the counted people more closely if it can."""
    out = list(held)
    generic = load_lexicon().generic_people_nouns
    for count in new:
        same = next((i for i in range(len(held)) if told_again(out[i], count)), None)
        if same is None:
            out.append(count)
        elif out[same].noun in generic and count.noun not in generic:
            out[same] = Count(count.kind, count.value, out[same].qualifier or count.qualifier,
                              count.noun)
    return out


def latest_tolls(held: list[Count], tolls: set[Count]) -> list[Count]:
    """The event's figures once the last new toll of a kind ('rose to 19') replaces the figures
    of that kind told before it."""
    last = {c.kind: i for i, c in enumerate(held) if c in tolls}
    return [c for i, c in enumerate(held) if c.kind not in last or i == last[c.kind]]
