"""Relevance: news that is not about conflict or politics yields no conflict events."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitrep import report as report_json
from sitrep.model import Report

OFF_TOPIC = [
    ("Arsenal beat Chelsea 2-1 at the Emirates Stadium on Saturday, a late goal from their "
     "striker sealing the win. The victory lifts the club to second in the league table. "
     "The coach praised his squad's attack after the match.", "Arsenal beat Chelsea"),
    ("The carmaker reported quarterly revenue of $41 billion, down 3 percent, as sales slowed "
     "in China. Net income rose to $2.1 billion and earnings per share beat analysts' "
     "forecasts. Shares rose 4 percent in after-hours trading.", "Earnings beat forecasts"),
    ("Heavy rain and strong winds will sweep across the north on Tuesday, with temperatures "
     "falling to 4 degrees Celsius. Showers should clear by Thursday, leaving a dry and sunny "
     "weekend with highs of 15C.", "Weather: rain, then sunshine"),
]


@pytest.mark.parametrize(("text", "title"), OFF_TOPIC)
def test_sport_business_and_weather_are_not_relevant(extract: Callable[..., Report],
                                                     text: str, title: str) -> None:
    report = extract(text, title=title)
    assert report.relevant is False
    assert report.events == ()
    assert report_json.to_json(report)["relevant"] is False


def test_war_news_is_relevant_even_when_it_names_a_match(extract: Callable[..., Report]) -> None:
    report = extract("The match was overshadowed by a bomb attack outside the stadium that "
                     "killed three police officers, the interior ministry said. The president "
                     "condemned the attack.")
    assert report.relevant is True
    assert any(e.type == "ASSAULT" for e in report.events)


def test_a_report_without_the_field_reads_as_relevant(extract: Callable[..., Report]) -> None:
    document = report_json.to_json(extract("Troops shelled the town of Izium on Monday."))
    document.pop("relevant")
    assert report_json.from_json(document).relevant is True
