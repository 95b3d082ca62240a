"""Fusion in the store does not depend on the order articles arrive in, nor on deletions."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from sitrep.model import Report
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store.queries import EventFilter, find_events, show_event
from tests.store.helpers import CHUHUIV, KHARKIV, KHARKIV_OBLAST, ODESA, strike_report

Signature = list[tuple[Any, ...]]


def fused(reports: Sequence[Report], url: str) -> Signature:
    """The events the reports make in a fresh store, in an order-free form (no ids)."""
    with open_store(Settings(), url) as store:
        for report in reports:
            assert store.add(report).status == "added"
        found = []
        for event in find_events(store, EventFilter()):
            detail = show_event(store, event["id"])
            found.append((
                tuple(sorted(s["article_id"] for s in detail["sources"])),
                event["type"], event["status"], event["date"], event["place"],
                event["actor1"], event["actor2"], event["fatalities"],
                event["fatalities_latest"], event["sources"]))
    return sorted(found)


def every_order(reports: Sequence[Report], tmp_path: Path) -> list[Signature]:
    return [fused(order, f"sqlite:///{tmp_path / f'order{n}.db'}")
            for n, order in enumerate(itertools.permutations(reports))]


def test_a_region_report_and_two_town_reports_fuse_alike_in_every_order(
        tmp_path: Path) -> None:
    # Kharkiv and Chuhuiv are 35 km apart (beyond the radius): the report that knows only the
    # oblast could join either. Arrival order used to decide which.
    reports = [
        strike_report("Russian missiles hit Kharkiv Oblast on Wednesday, killing 14.",
                      place=KHARKIV_OBLAST, killed=14),
        strike_report("A Russian missile strike on Kharkiv killed 12 on Wednesday.", killed=12),
        strike_report("Russian shelling hit Chuhuiv on Wednesday, killing two.", place=CHUHUIV,
                      killed=2),
        strike_report("Russian drones struck the port of Odesa, killing three.", place=ODESA,
                      killed=3),
    ]
    signatures = every_order(reports, tmp_path)
    assert all(s == signatures[0] for s in signatures)
    assert sorted(len(e[0]) for e in signatures[0]) == [1, 1, 2]


def test_a_restated_event_joins_whichever_report_came_first(tmp_path: Path) -> None:
    early = strike_report("A Russian missile strike on Kharkiv killed 12 on Wednesday.",
                          published="2024-03-13", killed=12)
    later = strike_report("The toll of Wednesday's strike on Kharkiv Oblast rose to 19.",
                          published="2024-03-15", killed=19, place=KHARKIV_OBLAST)
    for order in ([early, later], [later, early]):
        [event] = fused(order, f"sqlite:///{tmp_path / f'{len(order)}-{id(order)}.db'}")
        assert event[4] == "Kharkiv"  # the finer place
        assert event[7:] == (12, 19, 2)  # most conservative, latest, sources


REPORTS_OF_ONE_STRIKE = (
    ("KHARKIV, Ukraine (Reuters) - A Russian missile strike on Kharkiv killed at least 12 "
     "people on Wednesday, regional governor Oleh Syniehubov said.", "2024-03-13"),
    ("The death toll from Wednesday's Russian missile strike on Kharkiv has risen to 19, "
     "officials said on Friday as rescuers cleared the rubble.", "2024-03-15"),
    ("KYIV (AP) - Rescuers in Kharkiv pulled more bodies from a residential building hit by a "
     "Russian missile on Wednesday, raising the death toll to 17, Ukraine's emergency service "
     "said on Thursday.", "2024-03-14"),
    ("ODESA, Ukraine (AP) - Russian drones struck the port of Odesa overnight, killing three "
     "dock workers, the regional governor said.", "2024-03-14"),
)


@pytest.mark.slow
def test_pipeline_reports_of_one_strike_fuse_alike_in_every_order(
        extract: Callable[..., Report], tmp_path: Path) -> None:
    reports = [extract(text, published=day) for text, day in REPORTS_OF_ONE_STRIKE]
    signatures = every_order(reports, tmp_path)
    assert all(s == signatures[0] for s in signatures)
    kharkiv = [e for e in signatures[0] if e[4] == KHARKIV.name and e[3] == "2024-03-13"]
    assert len(kharkiv) == 1
    assert kharkiv[0][9] == 3  # all three reports of the strike are its sources
    assert kharkiv[0][7:9] == (12, 19)


def test_an_undated_event_is_labelled_with_its_publication_week(tmp_path: Path) -> None:
    # Published Thursday 2024-03-14 (ISO week 11); the seven days before reach back into week 10.
    undated = strike_report("Russian shelling hit Kharkiv, killing four.", date=None,
                            published="2024-03-14", killed=4)
    [event] = fused([undated], f"sqlite:///{tmp_path / 'week.db'}")
    assert event[3] == "2024-W11"
