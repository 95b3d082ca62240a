"""Which events a sentence names: the predicates of the trigger lexicon and the mentions that
are no reported event (generic, figurative, questions, totals, the content of a demand)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from sitrep import report as report_json
from sitrep.model import Article, Event
from sitrep.pipeline import Pipeline


@pytest.fixture(scope="module")
def events(pipeline: Pipeline) -> Callable[[str], tuple[Event, ...]]:
    """Text -> the events stage's output, with no other mentions."""

    def run(text: str) -> tuple[Event, ...]:
        article = Article(id="t", text=text, url=None, title=None, source=None,
                          published=dt.date(2024, 3, 14), dateline=None, language="en")
        return pipeline.events(pipeline.nlp(text), article, (), (), (), ())

    return run


def kinds(found: tuple[Event, ...]) -> list[tuple[str, str]]:
    return [(e.type, e.status) for e in found]


@pytest.mark.parametrize(("text", "expected"), [
    # An armed force moving on a place is a military advance (PLOVER 190).
    ("Russian troops advanced towards the town of Izium on Tuesday.", "ASSAULT"),
    ("Armoured columns entered the outskirts of Kharkiv overnight.", "ASSAULT"),
    ("Ukrainian forces pushed towards the river after dawn.", "ASSAULT"),
    # A place lost to an enemy, control gained (PLOVER 192 occupy territory).
    ("The village of Pisky had been lost to separatist fighters, the army admitted.", "COERCE"),
    ("The rebels gained control of the airport after two days.", "COERCE"),
    # People taken by an armed side (PLOVER 173).
    ("Two marines were taken prisoner near the port.", "COERCE"),
    # A report or an accusation denied or refuted (PLOVER 12).
    ("The defence ministry denied the report, saying no soldiers were in the area.", "REJECT"),
    ("The embassy refuted the claims on Monday.", "REJECT"),
    # A plea, an order to do something (PLOVER 10); a warning (PLOVER 13).
    ("The mayor made a desperate plea for generators and blankets.", "REQUEST"),
    ("The court ordered the ministry to release the detained journalists.", "REQUEST"),
    ("The agency issued a warning to shipping in the strait.", "THREATEN"),
    # A call, an address to a body, a session of one (PLOVER 04).
    ("The president spoke with his French counterpart on Monday.", "CONSULT"),
    ("The council held an emergency session of the general assembly.", "CONSULT"),
    # Joining an alliance (PLOVER 06); joining an army (PLOVER 154).
    ("Finland and Sweden applied to join Nato in May.", "COOPERATE"),
    ("Hundreds of volunteers queued to join the army in Lviv.", "MOBILIZE"),
    # People leaving danger (PLOVER 08).
    ("Thousands of people fled the city as the front moved closer.", "RETREAT"),
    ("Rescue teams evacuated 300 residents from the village on Sunday.", "RETREAT"),
    # Arms dispatched, a conjunct of the object counted too (PLOVER 07).
    ("Masks, suits and other equipment were dispatched to the border by rail.", "AID"),
    # Access to sites blocked (PLOVER 1721).
    ("Access to several news websites was blocked on Friday.", "COERCE"),
    # Advice to do something is a demand, not a threat (PLOVER 10).
    ("The embassy warned its citizens to leave the country immediately.", "REQUEST"),
    # Funding approved, help pledged, goods counted in items are aid (PLOVER 07).
    ("The bank approved a $2bn loan for the government on Monday.", "AID"),
    ("The ministers pledged further help to the flooded region.", "AID"),
    ("Two million items of medical equipment will be sent to the region.", "AID"),
    # Operations suspended in a country; a state suspended from a body (PLOVER 16).
    ("Two carmakers suspended their business operations in the country.", "SANCTION"),
    ("The assembly voted to suspend Belarus from the council.", "SANCTION"),
    # An armed force descending on a place; pressing on with an offensive (PLOVER 190).
    ("Paratroopers descended on the airfield at dawn.", "ASSAULT"),
    ("The army pressed on with its offensive in the south.", "ASSAULT"),
])
def test_general_predicates_name_their_event(events, text: str, expected: str) -> None:
    assert expected in [e.type for e in events(text)], kinds(events(text))


@pytest.mark.parametrize("text", [
    "The company advanced its plans to list shares in London.",
    "The delegation entered the building shortly after noon.",
    "The party lost the election to its rivals.",
    "The gunman fled the scene before police arrived.",
    "The minister spoke to reporters outside parliament.",
    "Putin ordered troops into the eastern regions.",
    "The generals had to give their orders in person.",
    # A trigger noun modifying a person's title names a job, not an event.
    "An electronic warfare commander spoke to reporters in the capital.",
    "The veteran war correspondent interviewed the protest leader on Friday.",
])
def test_the_same_words_in_another_sense_name_no_such_event(events, text: str) -> None:
    found = kinds(events(text))
    assert not [k for k in found if k[0] in ("ASSAULT", "COERCE", "RETREAT", "CONSULT",
                                             "REQUEST")], found


def test_a_war_named_as_a_topic_is_not_an_event_but_its_start_is(events) -> None:
    assert events("Thousands marched in Berlin against the invasion of Ukraine.")[0].type == (
        "PROTEST")
    assert "ASSAULT" not in [e.type for e in events(
        "The talks come as the invasion turns into a long war of attrition.")]
    assert "ASSAULT" in [e.type for e in events(
        "Russia launched a full-scale invasion of Ukraine on Thursday.")]


def test_what_a_discussion_is_about_is_no_event(events) -> None:
    for text in (
        "The UN security council met on Tuesday to discuss the strikes on Kyiv.",
        "Lawmakers in Paris held a debate on the bombing of the dam.",
        "Reporters asked the minister about the shelling of Kherson.",
    ):
        found = [e.type for e in events(text)]
        assert "ASSAULT" not in found, (text, found)
    assert "ASSAULT" in [e.type for e in events(
        "Russian jets bombed the dam on Tuesday, officials said.")]


def test_fighting_for_an_ideal_is_no_battle(events) -> None:
    assert events("The people of the island are fighting for their freedom.") == ()
    assert [e.type for e in events("Fighting for the bridge went on all night.")] == ["ASSAULT"]


# --- mentions that are no reported event ----------------------------------------------------

def test_a_question_tells_no_event(events) -> None:
    assert events("Will Russian forces strike the port of Odesa again this week?") == ()


def test_a_toll_of_the_war_to_date_is_no_strike(events) -> None:
    assert events("The war has killed tens of thousands of soldiers on both sides.") == ()
    assert events("Thousands of civilians have died in the conflict, the agency said.") == ()
    strike = events("A missile strike killed 12 people in Odesa on Monday.")
    assert [(e.type, e.status) for e in strike] == [("ASSAULT", "reported")]


def test_what_a_warning_fears_is_no_reported_event(events) -> None:
    found = kinds(events("The mayor urged residents to stay in shelters, warning that there "
                         "could be fighting in the streets."))
    assert ("REQUEST", "reported") in found
    assert ("ASSAULT", "reported") not in found
    # An insistence that something happened asserts it; it asks for nothing.
    found = kinds(events("Russian officials insisted that their missiles had struck only "
                         "military targets."))
    assert ("ASSAULT", "reported") in found


def test_who_captures_is_not_what_is_captured(events) -> None:
    def arrests(text: str) -> list[Event]:
        return [e for e in events(text) if e.mode == "arrest"]

    assert arrests("The school was captured by paramilitary men.") == []
    assert arrests("It was hard to capture the essence of a man.") == []
    assert len(arrests("Paramilitary men captured two guards.")) == 1


# --- one event, several mentions ------------------------------------------------------------

def test_a_second_cue_inside_the_first_ones_phrase_is_the_same_event(events) -> None:
    found = events("The EU announced new sanctions on Russia, including freezing the assets "
                   "of its central bank.")
    assert [e.type for e in found].count("SANCTION") == 1
    call = events("In a call with the Turkish president, the chancellor discussed grain.")
    assert [e.type for e in call] == ["CONSULT"]


def test_a_definite_description_later_is_the_event_told_before(events) -> None:
    text = ("EU leaders will hold an emergency summit in Brussels on Thursday. Energy prices "
            "rose again on Monday. The summit will focus on gas supplies.")
    summits = [e for e in events(text) if e.type == "CONSULT"]
    assert len(summits) == 1 and len(summits[0].evidence) == 2


def test_a_description_told_as_fact_is_no_threatened_event(extract) -> None:
    text = ("The minister warned of grave consequences should the army use chemical weapons "
            "in the north. Villagers fled that relentless shelling of their homes.")
    attacks = [e for e in extract(text).events if e.type == "ASSAULT"]
    assert sorted(e.status for e in attacks) == ["reported", "threatened"], attacks


def test_a_description_naming_another_place_or_year_is_another_event(events, extract) -> None:
    text = ("Russian drones hit a depot in Kharkiv on Monday. Officials gave no figures. "
            "The attack on Odesa killed three people.")
    assert [e.type for e in extract(text).events].count("ASSAULT") == 2
    text = ("Leaders met at a summit in Madrid on Tuesday. Trade was not discussed. "
            "The 2010 summit had adopted the old strategy.")
    assert len([e for e in events(text) if e.type == "CONSULT"]) >= 2


# --- bad input ------------------------------------------------------------------------------

_VILLAGES = ", ".join(f"Village{n}ka" for n in range(1, 21))
_FIGURES = " ".join(f"{n * 7} dead, {n * 3} hurt;" for n in range(1, 16))
_BAD_INPUT = [
    # a sentence naming twenty places
    "Russian shelling hit Kharkiv, Sumy, Odesa, Kherson, Mykolaiv, Dnipro, Zaporizhzhia, Lviv, "
    "Kyiv, Chernihiv, Poltava, Vinnytsia, Rivne, Lutsk, Uzhhorod, Ternopil, Izium, Bakhmut, "
    "Avdiivka and Kramatorsk on Monday, officials said.",
    # thirty figures in a row
    f"The ministry's list read: {_FIGURES} and 41 missing after the strikes.",
    # quotes nested three deep
    "“He told us: ‘They said “we will attack at dawn” and then they attacked,’ ” the mayor "
    "said of the raid.",
    # a list of villages with no verb
    f"Shelled overnight: {_VILLAGES}.",
    # a table flattened to text
    "Region | Killed | Injured | Date Kharkiv | 12 | 30 | 3 March Sumy | 4 | 9 | 4 March "
    "Odesa | 0 | 2 | 5 March Total | 16 | 41 |",
]


@pytest.mark.parametrize("text", _BAD_INPUT)
def test_bad_input_makes_no_event_without_evidence(extract, text: str) -> None:
    report = extract(text, "2024-03-14")
    report_json.validate(report_json.to_json(report))
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    for event in report.events:
        assert event.evidence, event
        for lo, hi in event.evidence:
            assert 0 <= lo < hi <= len(report.article.text)
        assert all(c.value <= max(numbers, default=1) for c in event.counts), event.counts


def test_attacks_at_places_far_apart_in_one_sentence_are_two(extract) -> None:
    text = ("Nine people were killed in a missile attack in Odesa, and four people were killed "
            "by shelling in the town of Brovary, officials said on Tuesday.")
    assert [e.type for e in extract(text, "2024-03-14").events].count("ASSAULT") == 2
    text = ("Russian missiles hit Kyiv on Tuesday, killing three people in the Solomianskyi "
            "district, officials said.")
    assert [e.type for e in extract(text, "2024-03-14").events].count("ASSAULT") == 1


def test_defending_a_country_or_taking_place_is_no_such_event(events) -> None:
    assert "SUPPORT" not in [e.type for e in events("The soldiers vowed to defend their "
                                                    "homeland.")]
    assert "SUPPORT" in [e.type for e in events("The minister defended the decision.")]
    assert "COERCE" not in [e.type for e in events("Talks were taking place on two fronts.")]
    assert "COERCE" in [e.type for e in events("Rebel troops took the town of Pisky.")]
