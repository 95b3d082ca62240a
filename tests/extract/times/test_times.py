"""Times: temporal expressions in wire-style text, resolved against the publication date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from sitrep.extract.times.extractor import TimeExtractor
from sitrep.model import Article, Report, TimeMention
from sitrep.pipeline import Pipeline
from sitrep.report import to_json, validate

THURSDAY = "2024-03-14"  # the publication date of most examples: Thursday 14 March 2024

Times = Callable[..., tuple[TimeMention, ...]]


@pytest.fixture(scope="module")
def times(pipeline: Pipeline) -> Times:
    """Text -> the time mentions of it, with the session's model and extractor."""

    def run(text: str, published: str | None = THURSDAY) -> tuple[TimeMention, ...]:
        article = Article(
            id="t", text=text, url=None, title=None, source=None, language="en", dateline=None,
            published=dt.date.fromisoformat(published) if published else None,
        )  # fmt: skip
        found = pipeline.times(pipeline.nlp(text), article)
        for m in found:
            assert text[m.start : m.end] == m.text
        return found

    return run


def one(found: tuple[TimeMention, ...], phrase: str) -> TimeMention:
    """The mention whose text contains phrase; fails when there is none."""
    hits = [m for m in found if phrase.lower() in m.text.lower()]
    assert hits, f"no time mention for {phrase!r} in {[m.text for m in found]}"
    return hits[0]


@pytest.mark.parametrize(
    ("sentence", "phrase", "value", "precision"),
    [
        (
            "Russian missiles struck Kharkiv on Monday, killing three.",
            "Monday",
            "2024-03-11",
            "day",
        ),
        ("Talks will resume on Monday in Geneva.", "Monday", "2024-03-18", "day"),
        ("The talks resume on Monday, diplomats said.", "Monday", "2024-03-18", "day"),
        ("The minister is due to visit Kyiv on Saturday.", "Saturday", "2024-03-16", "day"),
        (
            "Officials said on Saturday that two drones were downed.",
            "Saturday",
            "2024-03-09",
            "day",
        ),
        ("Prices of bread rose sharply last month.", "last month", "2024-02", "month"),
        ("The offensive will continue next week, he warned.", "next week", "2024-W12", "week"),
        ("The army has lost ground this year.", "this year", "2024", "year"),
        ("The brigade withdrew from the town in June.", "June", "2023-06", "month"),
        ("The minister will travel to Warsaw in June.", "June", "2024-06", "month"),
        ("The town fell in June 2023 after a long siege.", "June 2023", "2023-06", "month"),
        ("The ceasefire began on March 14, officials said.", "March 14", "2024-03-14", "day"),
        ("The decree was signed on 14 March 2024 in Moscow.", "14 March 2024", "2024-03-14", "day"),
        ("The report is dated 2023-11-02.", "2023-11-02", "2023-11-02", "day"),
        ("Shelling killed two people yesterday.", "yesterday", "2024-03-13", "day"),
        ("The council meets today.", "today", "2024-03-14", "day"),
        ("Air raid sirens will sound tonight.", "tonight", "2024-03-14", "day"),
        ("Drones attacked the port overnight.", "overnight", "2024-03-14", "day"),
        ("The bridge was destroyed a year ago.", "a year ago", "2023", "year"),
        ("The village was captured two weeks ago.", "two weeks ago", "2024-W09", "week"),
        ("Peace talks collapsed in 2016.", "2016", "2016", "year"),
        ("Millions have fled since February 2022.", "February 2022", "2022-02", "month"),
        ("The dam was breached late last year.", "late last year", "2023", "year"),
        ("The strikes began on Thursday night.", "Thursday night", "2024-03-14", "day"),
        ("A missile hit the station this morning.", "this morning", "2024-03-14", "day"),
    ],
)
def test_resolves_against_the_publication_date(
    times: Times, sentence: str, phrase: str, value: str, precision: str
) -> None:
    mention = one(times(sentence), phrase)
    assert (mention.value, mention.precision) == (value, precision)


def test_early_on_the_weekday_of_publication_is_that_day(times: Times) -> None:
    found = times("Explosions shook the capital early on Tuesday.", published="2024-03-12")
    mention = one(found, "Tuesday")
    assert mention.text == "early on Tuesday"
    assert mention.value == "2024-03-12"


def test_the_day_before_counts_from_the_last_day_mentioned(times: Times) -> None:
    found = times("The convoy was hit on March 3. The day before, the bridge had been mined.")
    assert one(found, "day before").value == "2024-03-02"


def test_decades_are_times_without_a_contract_value(times: Times) -> None:
    mention = one(times("The border was drawn in the 1990s."), "1990s")
    assert (mention.value, mention.precision) == (None, None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Troops dug in along a 600-km border.",
        "The rebuilding could take place in three decades.",
        "12 people were wounded and 2000 troops were sent.",
        "The 1st Brigade received F-16 jets.",
        "The city was without power for 24 hours.",
        "He served in the army for two years.",
        "The 45-year-old commander said the plan may fail.",
        "Theresa May met the delegation.",
        "The blast left a crater 2024 metres from the line.",
    ],
)
def test_quantities_and_durations_give_no_dates(times: Times, sentence: str) -> None:
    assert [m.value for m in times(sentence) if m.value is not None] == []


def test_without_a_publication_date_only_absolute_dates_resolve(times: Times) -> None:
    found = times(
        "Russia launched the invasion on 24 February 2022. On Monday, shelling resumed, "
        "and last month two villages fell.",
        published=None,
    )
    assert one(found, "24 February 2022").value == "2022-02-24"
    assert one(found, "Monday").value is None
    assert one(found, "last month").value is None


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", '"He said "on Monday', "\u200b\u202e2024\ufeff Monday\u00a0", "Monday " * 5000],
)
def test_odd_text_does_not_crash(times: Times, text: str) -> None:
    found = times(text)
    assert all(0 <= m.start < m.end <= len(text) for m in found)


def test_offsets_point_at_the_text(times: Times) -> None:
    text = "KYIV, March 14 (Reuters) - A drone hit an apartment block on Wednesday, officials said."
    found = times(text)
    wednesday = one(found, "Wednesday")
    assert text[wednesday.start : wednesday.end] == "on Wednesday"
    assert wednesday.value == "2024-03-13"


def test_report_through_the_pipeline_validates(extract: Callable[..., Report]) -> None:
    report = extract(
        "KHARKIV, Ukraine (Reuters) - Russian missiles struck Kharkiv on Wednesday, "
        "killing at least five people, the regional governor said. Talks between the two "
        "sides are due to resume next week in Istanbul, after they broke down last month.",
        published=THURSDAY,
    )
    validate(to_json(report))
    values = {t.text: t.value for t in report.times}
    assert values["on Wednesday"] == "2024-03-13"
    assert values["next week"] == "2024-W12"
    assert values["last month"] == "2024-02"
    for t in report.times:
        assert report.article.text[t.start : t.end] == t.text


def test_timexes_keep_durations_for_the_evaluator(pipeline: Pipeline) -> None:
    extractor = TimeExtractor()
    text = "The siege lasted for two years and ended on Monday."
    article = Article(
        id="t", text=text, url=None, title=None, source=None, language="en", dateline=None,
        published=dt.date(2024, 3, 14),
    )  # fmt: skip
    found = {t.text: (t.type, t.value) for t in extractor.timexes(pipeline.nlp(text), article)}
    assert found["two years"] == ("DURATION", "P2Y")
    assert found["on Monday"] == ("DATE", "2024-03-11")


def test_a_year_later_moves_the_date_the_text_set(times: Times) -> None:
    found = times(
        "The separatists seized the airport in 2014. A year later, it lay in ruins.", None
    )
    assert one(found, "a year later").value == "2015"


def test_a_might_clause_looks_ahead(times: Times) -> None:
    found = times("The delegation might arrive in Ankara as soon as Tuesday.")
    assert one(found, "Tuesday").value == "2024-03-19"


def test_holidays_resolve_to_their_day(times: Times) -> None:
    found = times(
        "The truce agreed at Christmas collapsed, and fighting resumed on New Year's Day."
    )
    assert one(found, "Christmas").value == "2023-12-25"
    assert one(found, "New Year's Day").value == "2024-01-01"


def test_repeated_modifiers_do_not_backtrack(pipeline: Pipeline) -> None:
    import time

    text = "about " * 5000 + "nothing"
    began = time.perf_counter()
    pipeline.times.grammar.candidates(text)
    # a nested repetition made this quadratic (about nine seconds); bounded, it is instant
    assert time.perf_counter() - began < 3.0


def test_the_following_weekday_counts_from_the_day_mentioned(times: Times) -> None:
    found = times("The offensive began on February 2. The following Monday, the town fell.")
    assert one(found, "February 2").value == "2024-02-02"
    assert one(found, "following Monday").value == "2024-02-05"
