"""A name in a list of first-level regions is a region too ("Utah, Washington and Wisconsin").

A list of states or provinces ("Arizona, California, …, Washington and Wisconsin"; "Manitoba,
Ontario and New Brunswick") names like things: where two or more of its other names resolved
to regions of one country, a name that is also a region of that country is the region, not
the city the name alone would be (Washington, D.C.; Saint John's New Brunswick).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sitrep.extract.places.nested import LIST_JOIN
from sitrep.geo.gazetteer import Entry, Gazetteer

# Two other regions of one country make it a list of regions, not a town and its state.
_MIN_OTHERS = 2


def listed_regions(
    names: Sequence[str],
    chosen: Sequence[Entry | None],
    spans: Sequence[tuple[int, int]],
    text: str,
    gazetteer: Gazetteer,
) -> dict[int, Entry]:
    """Regions for the names of region lists that resolved otherwise, by toponym index.

    ``names``, ``chosen`` and ``spans`` hold each toponym's name, chosen entry and character
    span, in text order.
    """
    settled: dict[int, Entry] = {}
    for run in _runs(spans, text):
        for i in run:
            current = chosen[i]
            if current is not None and current.kind in ("region", "country"):
                continue
            if current is not None and _held_by_next(current, i, run, chosen):
                continue  # "…, Florida and Washington, D.C.": the town of the region after it
            others = Counter(
                e.country for j in run if j != i and (e := chosen[j]) is not None
                and e.kind == "region"
            )  # fmt: skip
            if not others:
                continue
            country, count = others.most_common(1)[0]
            if count < _MIN_OTHERS:
                continue
            regions = [m.entry for m in gazetteer.lookup_region(names[i], country) if m.main]
            if regions:
                settled[i] = max(regions, key=lambda e: e.population)
    return settled


def _held_by_next(
    current: Entry, index: int, run: Sequence[int], chosen: Sequence[Entry | None]
) -> bool:
    """The next name of the list is this one's town again ("D.C.") or the region holding it."""
    after = chosen[index + 1] if index + 1 in run else None
    if after is None:
        return False
    holds = after.kind == "region" and after.admin1_code == current.admin1_code
    return holds or after.geonameid == current.geonameid


def _runs(spans: Sequence[tuple[int, int]], text: str) -> list[list[int]]:
    """Indexes of toponyms joined by commas, "and" or "or", three or more in a run."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, span in enumerate(spans):
        if current and LIST_JOIN.match(text[spans[current[-1]][1] : span[0]]):
            current.append(i)
            continue
        if len(current) >= 3:
            runs.append(current)
        current = [i]
    if len(current) >= 3:
        runs.append(current)
    return runs
