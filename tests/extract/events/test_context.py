"""The event's own place and date, through the whole pipeline, on short stories written here.

Place: the most specific place the event's clause names, else its sentence's, else the
paragraph's, else the dateline for the lead, else the article's; a possessor, a party or a place
that only locates another is not the event's place. Date: the clause, else the sentence, else
the paragraph's running time for a sentence that goes on telling its event, else the
publication day; asides and history date nothing else; a bare weekday follows the status.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitrep import report as report_json
from sitrep.extract.events.context import own_clause
from sitrep.geo.directions import part_of_country
from sitrep.model import Article, Event, Place, Report
from sitrep.pipeline import Pipeline

Extract = Callable[..., Report]


def event_in(report: Report, words: str, type_: str = "ASSAULT") -> Event:
    """The event of a type whose first evidence sentence holds the words."""
    text = report.article.text
    found = [
        e
        for e in report.events
        if e.type == type_ and any(words in text[s:t] for s, t in e.evidence)
    ]
    assert found, f"no {type_} event on {words!r}: {[(e.type, e.evidence) for e in report.events]}"
    return found[0]


# --- where ---------------------------------------------------------------------------------


def test_the_town_the_clause_names_over_its_country(extract: Extract) -> None:
    report = extract(
        "A Russian rocket hit a school in Ukraine's northern city of Chernihiv on Tuesday.",
        "2024-03-13",
    )
    place = event_in(report, "rocket hit").place
    assert place is not None
    assert (place.name, place.precision, place.source) == ("Chernihiv", 1, "clause")


def test_a_place_that_only_locates_another_is_not_the_event_place(extract: Extract) -> None:
    report = extract(
        "Officials in Okhtyrka, about 60 miles west of Kharkiv, said shelling had damaged "
        "the town hall.",
        "2024-03-13",
    )
    place = event_in(report, "shelling").place
    assert place is not None and place.name == "Okhtyrka"


def test_a_possessor_is_not_the_event_place(extract: Extract) -> None:
    report = extract(
        "Fighting broke out in Lviv.\n\nResidents were urged to leave after he defied Moscow's "
        "instructions.",
        "2024-03-13",
    )
    for event in report.events:
        assert event.place is None or event.place.name != "Moscow"


def test_a_party_or_a_capital_acting_is_not_the_event_place(extract: Extract) -> None:
    text = (
        "Shelling hit Kharkiv and Izium.\n\nThe minister warned of severe consequences for "
        "Russia.\n\nWarsaw has asked its allies for more air defence systems."
    )
    report = extract(text, "2024-03-13")
    for words, type_ in (("consequences", "THREATEN"), ("asked", "REQUEST")):
        place = event_in(report, words, type_).place
        assert place is not None and (place.name, place.source) == ("Ukraine", "article")


def test_the_place_of_another_event_or_of_a_title_is_not_the_event_place(
    extract: Extract,
) -> None:
    text = (
        "Shelling hit Kharkiv and Izium overnight.\n\nThe Canadian foreign minister condemned "
        "the shelling of Kherson.\n\nUK defence secretary Grant Shapps warned of severe "
        "consequences."
    )
    report = extract(text, "2024-03-13")
    condemned = event_in(report, "condemned", "ACCUSE").place
    assert condemned is not None and condemned.name == "Ukraine"
    shelling = event_in(report, "condemned").place
    assert shelling is not None and shelling.name == "Kherson"
    warned = event_in(report, "warned", "THREATEN").place
    assert warned is not None and warned.name == "Ukraine"


def test_an_attack_condemned_where_it_happened_is_an_event_of_its_own(extract: Extract) -> None:
    report = extract("The Polish prime minister condemned the shelling of a school in Mykolaiv.",
                     "2024-03-13")
    attack = event_in(report, "shelling")
    assert attack.place is not None and attack.place.name == "Mykolayiv"
    assert attack.actor1 is None or attack.actor1.country != "POL"  # who condemns it
    condemned = event_in(report, "condemned", "ACCUSE").place
    assert condemned is None or condemned.name != "Mykolayiv"


def test_the_home_of_the_acting_body_when_nothing_else_places_the_event(
    extract: Extract,
) -> None:
    text = (
        "Protests spread in Alexandria and Giza on Friday.\n\nCairo's security chief has "
        "warned that police will no longer tolerate rallies by the opposition group."
    )
    report = extract(text, "2024-03-13")
    place = event_in(report, "warned", "THREATEN").place
    assert place is not None and (place.name, place.source) == ("Cairo", "sentence")


def test_an_act_on_another_event_shares_its_place(extract: Extract) -> None:
    report = extract(
        "Police used water cannon to disperse demonstrators protesting the vote count in "
        "Tbilisi.",
        "2024-03-13",
    )
    place = event_in(report, "disperse", "COERCE").place
    assert place is not None and place.name == "Tbilisi"


def test_a_surname_is_not_a_place(pipeline: Pipeline) -> None:
    text = "Kenji Sumida, the agency's envoy, demanded an end to the fighting in Syria."
    article = Article("t", text, None, None, None, None, None, "en")

    def place(name: str, precision: int) -> Place:
        start = text.index(name)
        return Place(name, 1, 35.0, 38.0, "SY", None, precision, ((start, start + len(name)),))

    places = (place("Sumida", 1), place("Syria", 4))
    found = pipeline.events(pipeline.nlp(text), article, (), places, (), ())
    request = next(e for e in found if e.type == "REQUEST")
    assert request.place is not None and request.place.name == "Syria"


def test_the_city_stands_for_the_last_town_named(extract: Extract) -> None:
    report = extract(
        "The mayor of Poltava spoke on Monday. He said three drones had hit the city overnight.",
        "2024-03-13",
    )
    place = event_in(report, "drones had hit").place
    assert place is not None and place.name == "Poltava"


def test_a_direction_names_a_part_of_the_country(extract: Extract) -> None:
    report = extract("Russian troops shelled villages in southern Ukraine.", "2024-03-13")
    place = event_in(report, "shelled").place
    assert place is not None
    assert (place.name, place.precision, place.country) == ("southern Ukraine", 3, "UA")
    centre = next(p for p in report.places if p.name == "Ukraine")
    assert place.lat is not None and centre.lat is not None and place.lat < centre.lat - 1


def test_part_of_country_lies_that_way_from_the_centre() -> None:
    east = part_of_country("UA", 0, 1)
    west = part_of_country("UA", 0, -1)
    assert east is not None and west is not None and east[1] > west[1] + 5
    assert part_of_country("UA", 0, 0) is None
    assert part_of_country("ZZ", 1, 0) is None


def test_a_plain_text_dateline_places_the_lead(extract: Extract) -> None:
    report = extract(
        "LVIV, Ukraine - Russian drones struck an energy facility overnight, officials said.",
        "2024-03-13",
    )
    place = event_in(report, "drones struck").place
    assert place is not None and (place.name, place.source) == ("Lviv", "dateline")


def test_a_town_alone_before_a_hyphen_is_the_dateline_of_every_stage(extract: Extract) -> None:
    report = extract("ODESA - Russian drones struck an energy facility overnight, officials "
                     "said.", "2024-03-13")
    assert report.article.dateline == "Odesa"
    place = event_in(report, "drones struck").place
    assert place is not None and (place.name, place.source) == ("Odesa", "dateline")
    assert all(a.name != "ODESA" for a in report.actors)
    report = extract("NATO - allies agreed on Tuesday to send more air defence systems to "
                     "Ukraine.", "2024-03-13")
    assert report.article.dateline is None and report.article.dateline_span is None


def test_the_article_town_when_the_story_is_about_one_town(extract: Extract) -> None:
    text = (
        "Air raid sirens sounded across Zaporizhzhia on Sunday.\n\n"
        "Officials in Zaporizhzhia said power was cut to thousands of homes.\n\n"
        "Residents were urged to stay in shelters."
    )
    report = extract(text, "2024-03-13")
    place = event_in(report, "urged", "REQUEST").place
    assert place is not None and place.name.startswith("Zaporizh")
    assert (place.precision, place.source) == (1, "article")


def test_statements_without_a_place_are_made_at_the_meeting_venue(extract: Extract) -> None:
    text = (
        "Nato leaders met for a summit in Vilnius on Tuesday.\n\n"
        "The alliance's secretary general said members had agreed to raise military spending."
        "\n\nThe Ukrainian president urged allies to send more air defence systems. Russian "
        "drones struck an energy facility overnight."
    )
    report = extract(text, "2024-07-10")
    plea = event_in(report, "urged", "REQUEST").place
    assert plea is not None and (plea.name, plea.source) == ("Vilnius", "article")
    strike = event_in(report, "drones struck").place
    assert strike is not None and strike.name != "Vilnius"


# --- when ----------------------------------------------------------------------------------


def test_an_undated_event_is_dated_to_publication(extract: Extract) -> None:
    report = extract("Russian missiles hit a power station in Dnipro.", "2024-03-13")
    event = event_in(report, "missiles hit")
    assert (event.date, event.date_precision, event.date_source) == (
        "2024-03-13",
        "day",
        "published",
    )


def test_a_period_start_or_a_historical_aside_dates_nothing_else(extract: Extract) -> None:
    text = (
        "Kharkiv has not seen such destruction since 1942. Russian missiles hit a power "
        "station.\n\nTroops seized the reactor site, near the scene of the nuclear disaster in "
        "1986."
    )
    report = extract(text, "2024-03-13")
    assert event_in(report, "missiles hit").date == "2024-03-13"
    assert event_in(report, "seized", "COERCE").date == "2024-03-13"


def test_a_running_time_dates_a_sentence_that_goes_on_telling(extract: Extract) -> None:
    text = (
        "Russian forces shelled the port of Izmail on Monday. They also attacked a grain "
        "terminal, officials said.\n\nThe prime minister called for more air defence."
    )
    report = extract(text, "2024-03-13")
    later = event_in(report, "also attacked")
    assert (later.date, later.date_source) == ("2024-03-11", "paragraph")
    other = event_in(report, "called for", "REQUEST")
    assert (other.date, other.date_source) == ("2024-03-13", "published")


def test_a_running_time_stays_in_its_own_story(extract: Extract) -> None:
    text = (
        "Russian drones hit a depot in Odesa on Monday. Poland expelled two Russian diplomats."
    )
    report = extract(text, "2024-03-13")
    text = report.article.text
    expelled = [e for e in report.events if "expelled" in text[slice(*e.evidence[0])]]
    assert expelled and all(e.date == "2024-03-13" for e in expelled)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # published on a Wednesday: the meeting is planned, so Thursday is tomorrow
        ("EU ministers have been invited to an emergency meeting on Thursday.", "2024-03-14"),
        ("A Russian drone hit a bus in Kherson on Thursday.", "2024-03-07"),
    ],
)
def test_a_weekday_follows_the_event_status(extract: Extract, text: str, date: str) -> None:
    report = extract(text, "2024-03-13")
    assert report.events and report.events[0].date == date


def test_a_weekday_of_the_reporting_verb_keeps_its_tense(extract: Extract) -> None:
    report = extract("On Tuesday, the president said the talks would go ahead.", "2024-03-13")
    talks = event_in(report, "talks", "CONSULT")
    assert talks.date == "2024-03-12"


# --- the report ----------------------------------------------------------------------------


def test_place_and_date_sources_reach_the_report(extract: Extract) -> None:
    report = extract(
        "ODESA, Ukraine - A Russian missile struck a residential building in Odesa on Monday, "
        "killing 12 people, the regional governor said.",
        "2024-03-13",
    )
    document = report_json.to_json(report)
    report_json.validate(document)
    [strike] = [e for e in document["events"] if e["type"] == "ASSAULT"]
    assert (strike["place"]["name"], strike["place"]["source"]) == ("Odesa", "clause")
    assert (strike["date"], strike["date_source"]) == ("2024-03-11", "clause")
    again = report_json.from_json(document)
    assert again.events == report.events


def test_a_state_sanctioning_at_home_is_placed_in_its_country(extract: Extract) -> None:
    """A sanction or seizure whose text names no place of its own is the acting state's, not
    the town the article is about."""
    text = (
        "Russian artillery shelled Kherson on Monday. Kherson came under fire again on Tuesday, "
        "and residents of Kherson fled.\n\nNorway, meanwhile, is to expel three Russian diplomats."
    )
    report = extract(text, "2024-03-13")
    expel = event_in(report, "expel", "SANCTION").place
    assert expel is not None
    assert (expel.country, expel.precision, expel.source) == ("NO", 4, "sentence")
    shelled = event_in(report, "shelled").place
    assert shelled is not None and shelled.name == "Kherson"


def test_forces_seizing_a_place_act_where_they_fight_not_at_home(extract: Extract) -> None:
    text = (
        "Heavy fighting went on around Ukraine's nuclear plants on Friday.\n\n"
        "Russian forces seized the plant after heavy fighting."
    )
    report = extract(text, "2024-03-13")
    seized = event_in(report, "seized", "COERCE").place
    assert seized is None or seized.country != "RU"


def test_the_place_the_paragraph_is_telling_before_the_article_place(extract: Extract) -> None:
    text = (
        "Russian missiles hit Kyiv on Monday. Kyiv came under fire again on Tuesday.\n\n"
        "Residents of Bucha buried their dead on Sunday. Soldiers made him kneel and shot him, "
        "a neighbour said."
    )
    report = extract(text, "2024-03-13")
    shot = event_in(report, "shot him").place
    assert shot is not None and (shot.name, shot.source) == ("Bucha", "paragraph")


def test_a_place_noun_outside_the_clause_still_places_the_sentence(extract: Extract) -> None:
    text = (
        "Russian missiles hit Mykolaiv on Tuesday.\n\nThe mayor said eight missiles had hit "
        "the city, and urged residents to evacuate."
    )
    report = extract(text, "2024-03-13")
    plea = event_in(report, "urged", "REQUEST").place
    assert plea is not None and plea.name.startswith("Mykola")


def test_at_a_summit_what_a_warning_is_about_does_not_place_it(extract: Extract) -> None:
    text = (
        "Nato leaders met for a summit in Vilnius on Tuesday.\n\n"
        "The leaders warned Russia against using chemical weapons in Ukraine."
    )
    report = extract(text, "2024-07-10")
    warned = event_in(report, "warned", "THREATEN").place
    assert warned is not None and (warned.name, warned.source) == ("Vilnius", "article")

def test_at_a_summit_a_country_a_statement_names_is_no_venue(extract: Extract) -> None:
    text = (
        "Nato leaders met for a summit in Vilnius on Tuesday.\n\n"
        "The US president raised the stakes with Russia over its invasion of Ukraine by "
        "warning that Nato would respond."
    )
    report = extract(text, "2024-07-10")
    warned = event_in(report, "warning", "THREATEN").place
    assert warned is not None and warned.name == "Vilnius"


def test_places_in_someone_else_s_words_do_not_place_the_event(extract: Extract) -> None:
    text = (
        "Shelling hit Uman on Monday.\n\nShe said a shell landed in the town centre and "
        "killed two people, adding that her family in Lviv had moved to the countryside."
    )
    report = extract(text, "2024-03-13")
    shell = event_in(report, "shell landed").place
    assert shell is not None and shell.name != "Lviv"

def test_the_site_of_the_clause_rides_on_the_town(extract: Extract) -> None:
    text = ("A car bomb exploded at the busy Oxford Street bus station in Belfast on Friday, "
            "killing six people.")
    report = extract(text, "1972-07-22")
    blast = event_in(report, "car bomb").place
    assert blast is not None and blast.name == "Belfast"
    assert blast.site == "Oxford Street bus station"
    doc = report_json.to_json(report)
    report_json.validate(doc)
    assert any(e["place"] and e["place"]["site"] == "Oxford Street bus station"
               for e in doc["events"])


def test_the_site_of_an_event_told_over_two_sentences(extract: Extract) -> None:
    text = ("A bomb went off in Lyon on Friday. The explosion wounded 13 people on a busy "
            "pedestrian street.")
    report = extract(text, "2019-05-25")
    sites = {e.place.site for e in report.events if e.type == "ASSAULT" and e.place}
    assert "pedestrian street" in sites

def test_a_town_alone_has_no_site(extract: Extract) -> None:
    report = extract("Russian missiles hit Kharkiv overnight, officials said.", "2024-03-13")
    strike = event_in(report, "missiles hit").place
    assert strike is not None and strike.name == "Kharkiv" and strike.site is None

def test_a_place_under_attack_is_in_the_clause_of_a_gerund_trigger() -> None:
    """ "Izium is under heavy shelling as troops advance": a gerund after a preposition tells
    its event in the clause of the verb above it, whose subject is the place under attack
    (whichever way the parser hangs the clause after it)."""
    doc = Doc(
        Vocab(),
        words=["Izium", "is", "under", "heavy", "shelling", "as", "troops", "advance", "."],
        heads=[1, 1, 1, 4, 2, 7, 7, 4, 1],
        deps=["nsubj", "ROOT", "prep", "amod", "pcomp", "mark", "nsubj", "advcl", "punct"],
        pos=["PROPN", "AUX", "ADP", "ADJ", "VERB", "SCONJ", "NOUN", "VERB", "PUNCT"],
        tags=["NNP", "VBZ", "IN", "JJ", "VBG", "IN", "NNS", "VBP", "."],
    )
    assert 0 in own_clause(doc[4])
