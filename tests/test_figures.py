"""One rule for an event's figures: the largest per report, latest and lowest across sources."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace
from pathlib import Path

from sitrep import report as report_json
from sitrep.batch.tables import event_rows
from sitrep.export import export
from sitrep.figures import (
    Figure,
    Reported,
    event_figures,
    latest_and_conservative,
    source_figures,
)
from sitrep.model import Count, Report
from sitrep.store import Store
from sitrep.store.queries import EventFilter, find_events, show_event
from tests.store.helpers import strike_report

pytest_plugins = ["tests.store.helpers"]

D = dt.date
WHOLE_AND_PART = ("A Russian missile strike on Kharkiv killed 12 people on Wednesday, "
                  "among them 3 children, regional governor Oleh Syniehubov said.")
FOLLOW_UP = "The toll from Wednesday's strike on Kharkiv rose to 19 on Friday, officials said."


def _whole_and_part() -> Report:
    """One report whose one event carries 3 (children) and 12 (people) killed."""
    report = strike_report(WHOLE_AND_PART, published="2024-03-14")
    counts = (Count("killed", 3, None, "children"), Count("killed", 12, None, "people"),
              Count("other", 40, None, "buildings"))
    return replace(report, events=(replace(report.events[0], counts=counts),))


def test_one_reports_figure_is_its_largest_count_of_each_kind() -> None:
    counts = [("killed", 3), ("killed", 12), ("injured", 25), ("other", 40), ("other", 4)]
    assert event_figures(counts) == {"killed": 12, "injured": 25}
    assert event_figures([]) == {}


def test_latest_and_most_conservative_figures() -> None:
    figures = [
        Figure("killed", 12, D(2024, 3, 11), 1),
        Figure("killed", 19, D(2024, 3, 13), 2),
        Figure("killed", 15, D(2024, 3, 12), 3),
        Figure("injured", 40, D(2024, 3, 11), 4),
        Figure("injured", 35, D(2024, 3, 11), 5),
    ]
    assert latest_and_conservative(figures) == {"killed": (19, 12), "injured": (35, 35)}


def test_each_source_counts_once_with_its_own_figure() -> None:
    history = [
        Reported("a:0", "killed", 3, D(2024, 3, 14), 1),
        Reported("a:0", "killed", 12, D(2024, 3, 14), 2),
        Reported("b:0", "killed", 19, D(2024, 3, 15), 3),
        Reported("c:0", "killed", 15, D(2024, 3, 14), 4),
    ]
    # The part (3 children) is not a source's toll: the lowest toll any source gave is 12.
    assert latest_and_conservative(source_figures(history)) == {"killed": (19, 12)}
    # Same day: the source that arrived later is the latest.
    same_day = [Reported("a:0", "killed", 12, D(2024, 3, 14), 1),
                Reported("c:0", "killed", 15, D(2024, 3, 14), 4)]
    assert latest_and_conservative(source_figures(same_day)) == {"killed": (15, 12)}


def test_batch_rows_and_the_store_give_one_event_the_same_figure(
    store: Store, tmp_path: Path
) -> None:
    report = _whole_and_part()
    [row] = event_rows(report_json.to_json(report))
    assert row["killed"] == 12
    store.add(report)
    [event] = find_events(store, EventFilter())
    assert (event["fatalities"], event["fatalities_latest"]) == (12, 12)
    detail = show_event(store, event["id"])
    assert detail["counts"] == {"killed": {"latest": 12, "conservative": 12}}
    out = tmp_path / "events.csv"
    export(store, "acled", out)
    with out.open(encoding="utf-8") as f:
        assert [r["fatalities"] for r in csv.DictReader(f)] == ["12"]


def test_a_later_source_moves_the_latest_figure_not_the_conservative_one(store: Store) -> None:
    store.add(_whole_and_part())
    store.add(strike_report(FOLLOW_UP, published="2024-03-15", killed=19))
    [event] = find_events(store, EventFilter())
    assert (event["sources"], event["fatalities"], event["fatalities_latest"]) == (2, 12, 19)
    detail = show_event(store, event["id"])
    assert detail["counts"]["killed"] == {"latest": 19, "conservative": 12}
    assert sorted(h["value"] for h in detail["count_history"]) == [3, 12, 19, 40]
