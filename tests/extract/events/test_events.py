"""Events: type, roles, counts, status, date, place and evidence on short wire stories.

Most tests call the events stage directly with mentions built here, so that they test this
stage alone; the end-to-end tests go through the whole pipeline and validate the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from sitrep import report as report_json
from sitrep.model import Actor, Article, Event, Place, Report, TimeMention
from sitrep.pipeline import Pipeline


def _article(text: str, published: str, dateline_span: tuple[int, int] | None,
             dateline: str | None) -> Article:
    return Article(id="t", text=text, url=None, title=None, source=None,
                   published=dt.date.fromisoformat(published), dateline=dateline,
                   language="en", dateline_span=dateline_span)


def time_at(text: str, phrase: str, value: str, precision: str = "day") -> TimeMention:
    start = text.index(phrase)
    return TimeMention(phrase, start, start + len(phrase), value, precision)  # type: ignore[arg-type]


def place_at(text: str, name: str, country: str, precision: int = 1) -> Place:
    spans = []
    start = text.find(name)
    while start >= 0:
        spans.append((start, start + len(name)))
        start = text.find(name, start + 1)
    return Place(name, 1, 50.0, 36.0, country, None, precision, tuple(spans))


def person(text: str, name: str, country: str | None = None,
           sector: str | None = None) -> Actor:
    start = text.index(name)
    return Actor(name, "person", country, sector, None, ((start, start + len(name)),))


@pytest.fixture(scope="module")
def events(pipeline: Pipeline) -> Callable[..., tuple[Event, ...]]:
    """Text (and hand-made mentions) -> the events stage's output."""

    def run(text: str, *, published: str = "2024-03-14", times: tuple[TimeMention, ...] = (),
            places: tuple[Place, ...] = (), actors: tuple[Actor, ...] = (),
            dateline_span: tuple[int, int] | None = None,
            dateline: str | None = None) -> tuple[Event, ...]:
        article = _article(text, published, dateline_span, dateline)
        return pipeline.events(pipeline.nlp(text), article, actors, places, times, ())

    return run


def only(found: tuple[Event, ...], type_: str) -> Event:
    matching = [e for e in found if e.type == type_]
    assert len(matching) == 1, [(e.type, e.status) for e in found]
    return matching[0]


def counts(event: Event) -> set[tuple[str, int]]:
    return {(c.kind, c.value) for c in event.counts}


# --- types, ACLED categories and roles -------------------------------------------------------

def test_missile_strike_with_toll_in_the_next_sentences(events) -> None:
    text = ("Russian missiles struck a residential district of Kharkiv early on Wednesday, "
            "killing at least 12 people and wounding 27 others, regional officials said.\n\n"
            "Five people were still missing under the rubble on Thursday.")
    strike = only(events(text), "ASSAULT")
    assert counts(strike) == {("killed", 12), ("injured", 27), ("missing", 5)}
    assert (strike.acled_event_type, strike.acled_sub_event_type) == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert strike.actor1 is not None and (strike.actor1.country, strike.actor1.sector) == (
        "RUS", "MIL")
    assert strike.status == "reported"
    assert len(strike.evidence) == 2
    assert strike.id == "t:0"


def test_death_toll_sentence_joins_the_strike(events) -> None:
    text = ("A missile hit a hospital in Dnipro on Monday. The death toll rose to 19 on "
            "Wednesday, the city council said.")
    found = events(text)
    assert [e.type for e in found] == ["ASSAULT"]
    assert ("killed", 19) in counts(found[0])


def test_passive_voice_attacker(events) -> None:
    text = "A residential building in Sumy was struck by a Russian drone on Tuesday night."
    strike = only(events(text), "ASSAULT")
    assert strike.actor1 is not None and strike.actor1.country == "RUS"
    assert strike.mode == "aerial"
    assert strike.acled_sub_event_type == "Air/drone strike"


def test_nominal_event_with_possessive_actor(events) -> None:
    strike = only(events("Russia's bombardment of Kharkiv continued through the night."),
                  "ASSAULT")
    assert strike.actor1 is not None and strike.actor1.name == "Russia"


def test_reported_claim_is_attributed_not_an_event(events) -> None:
    found = events("Kyiv said it had hit three ammunition depots in Crimea overnight.")
    strike = only(found, "ASSAULT")
    assert strike.actor1 is not None and (strike.actor1.name, strike.actor1.country) == (
        "Ukraine", "UKR")
    assert counts(strike) == {("other", 3)}
    assert strike.counts[0].noun == "depots"


def test_exchange_of_prisoners_and_bodies(events) -> None:
    text = ("Russia and Ukraine exchanged 75 prisoners of war each on Friday, and Kyiv said it "
            "had received the bodies of 212 fallen soldiers.")
    found = events(text)
    swap = only(found, "COOPERATE")
    assert swap.acled_sub_event_type == "Agreement"
    assert not any(c.kind == "killed" for e in found for c in e.counts)
    assert ("other", 212) in {(c.kind, c.value) for e in found for c in e.counts}


def test_arrests(events) -> None:
    arrest = only(events("Police in Belgorod detained 14 people after a protest against "
                         "mobilisation."), "COERCE")
    assert arrest.mode == "arrest"
    assert (arrest.acled_event_type, arrest.acled_sub_event_type) == (
        "Strategic developments", "Arrests")
    assert arrest.actor1 is not None and arrest.actor1.sector == "COP"
    assert counts(arrest) == {("arrested", 14)}


@pytest.mark.parametrize(("text", "type_"), [
    ("Ukraine on Friday rejected a Russian proposal for a ceasefire.", "REJECT"),
    ("The foreign ministers met in Geneva on Monday to discuss the grain corridor.", "CONSULT"),
    ("The European Union imposed new sanctions on Iran on Tuesday.", "SANCTION"),
    ("The Kremlin accused Kyiv of sabotaging the talks.", "ACCUSE"),
    ("Turkey called for an immediate ceasefire in Gaza.", "REQUEST"),
    ("Armenia and Azerbaijan agreed to a prisoner exchange on Thursday.", "AGREE"),
    ("Japan sent 500 tonnes of food aid to the flooded region.", "AID"),
    ("Thousands of people demonstrated in Tbilisi against the law.", "PROTEST"),
    ("The army deployed additional troops to the northern border.", "MOBILIZE"),
    ("Rebel fighters withdrew from the town on Sunday.", "RETREAT"),
    ("President Zelenskiy dismissed the commander of the joint forces.", "COERCE"),
])
def test_diplomatic_and_strategic_types(events, text: str, type_: str) -> None:
    assert type_ in [e.type for e in events(text)]


def test_rejected_proposal_roles(events) -> None:
    reject = only(events("Ukraine on Friday rejected a Russian proposal for a ceasefire."),
                  "REJECT")
    assert reject.actor1 is not None and reject.actor1.country == "UKR"
    assert reject.actor2 is not None and reject.actor2.country == "RUS"


def test_aid_mode(events) -> None:
    aid = only(events("Japan sent 500 tonnes of food aid to the flooded region."), "AID")
    assert aid.mode == "humanitarian"


# --- status ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "type_", "status"), [
    ("The head of the agency is due to visit the plant next week.", "CONSULT", "planned"),
    ("The two presidents will meet in Ankara on Monday.", "CONSULT", "planned"),
    ("Russian forces could soon encircle the town, analysts said.", "ASSAULT", "hypothetical"),
    ("If talks fail, the army would attack the city.", "ASSAULT", "hypothetical"),
    ("Russian artillery has shelled border villages for months.", "ASSAULT", "background"),
    ("An offensive on the city stalled in 2016.", "ASSAULT", "background"),
    ("The governor was not killed in the attack, his office said.", "ASSAULT", "negated"),
    ("The ministry denied attacking civilians.", "ASSAULT", "negated"),
])
def test_status(events, text: str, type_: str, status: str) -> None:
    assert status in [e.status for e in events(text) if e.type == type_]


def test_the_threat_and_the_strike_are_threatened(events) -> None:
    found = events("Iran threatened to strike Israeli cities if the attacks continued.")
    assert only(found, "THREATEN").status == "threatened"
    assert only(found, "ASSAULT").status == "threatened"


def test_will_not_negotiate_is_a_refusal(events) -> None:
    found = events("The minister said Kyiv will not negotiate under fire.")
    assert "REJECT" in [e.type for e in found]
    assert "CONSULT" not in [e.type for e in found]


# --- date and place ----------------------------------------------------------------------

def test_date_from_the_clause_before_the_sentence(events) -> None:
    text = ("On Monday officials confirmed that Russian drones struck Odesa on Sunday night.")
    times = (time_at(text, "On Monday", "2024-03-11"), time_at(text, "on Sunday night",
                                                               "2024-03-10"))
    strike = only(events(text, times=times), "ASSAULT")
    assert (strike.date, strike.date_precision) == ("2024-03-10", "day")


def test_date_with_precision_else_the_publication_day(events) -> None:
    text = ("Fighting continued last week along the front.\n\nShelling hit the town of "
            "Avdiivka.\n\nA drone struck a depot.")
    times = (time_at(text, "last week", "2024-W10", "week"),)
    found = events(text, times=times)
    first = [e for e in found if text[e.evidence[0][0]:].startswith("Fighting")]
    assert (first[0].date, first[0].date_precision) == ("2024-W10", "week")
    assert first[0].date_source == "clause"
    # An undated event in a news report happened on or shortly before its publication.
    last = [e for e in found if text[e.evidence[0][0]:].startswith("A drone")]
    assert (last[0].date, last[0].date_precision) == ("2024-03-14", "day")
    assert last[0].date_source == "published"


def test_place_from_the_clause(events) -> None:
    text = "A missile struck a school in Kharkiv while sirens sounded in Kyiv."
    places = (place_at(text, "Kharkiv", "UA"), place_at(text, "Kyiv", "UA"))
    strike = only(events(text, places=places), "ASSAULT")
    assert strike.place is not None and strike.place.name == "Kharkiv"


def test_place_from_the_next_sentence(events) -> None:
    text = ("Two drones hit an energy facility overnight. In Kharkiv, in the north-east, "
            "power was cut to thousands of homes.")
    places = (place_at(text, "Kharkiv", "UA"),)
    strike = only(events(text, places=places), "ASSAULT")
    assert strike.place is not None and strike.place.name == "Kharkiv"


def test_place_from_the_dateline_else_the_country(events) -> None:
    text = "ODESA, Ukraine (Reuters) - A drone struck a grain terminal overnight."
    places = (place_at(text, "ODESA", "UA"), place_at(text, "Ukraine", "UA", precision=4))
    found = events(text, places=(places[0],), dateline_span=(0, 25), dateline="Odesa")
    strike = only(found, "ASSAULT")
    assert strike.place is not None and strike.place.name == "ODESA"
    text2 = "A drone struck a grain terminal overnight, Ukraine's military said."
    country = place_at(text2, "Ukraine", "UA", precision=4)
    strike2 = only(events(text2, places=(country,)), "ASSAULT")
    assert strike2.place is not None and strike2.place.precision == 4


def test_actor_from_the_actors_stage(events) -> None:
    text = "Ivan Petrenko accused the occupiers of shelling the market."
    actor = person(text, "Ivan Petrenko", "UKR", "GOV")
    accuse = only(events(text, actors=(actor,)), "ACCUSE")
    assert accuse.actor1 is not None
    assert (accuse.actor1.name, accuse.actor1.country, accuse.actor1.sector) == (
        "Ivan Petrenko", "UKR", "GOV")


# --- evidence, confidence, odd input ------------------------------------------------------

def test_evidence_points_at_the_sentence(events) -> None:
    text = "Officials met on Monday. Gunmen attacked a police post near the border."
    strike = only(events(text), "ASSAULT")
    (start, end), = strike.evidence
    assert text[start:end] == "Gunmen attacked a police post near the border."
    assert 0.0 <= strike.confidence <= 1.0


@pytest.mark.parametrize("text", [
    "", "   \n\n  ", "\"He said \u201cthe strike killed", "\u202e\u200b\u00a0 \ufeff\u0000!",
    "Missiles struck the city. " * 400,
])
def test_odd_text_does_not_crash(events, text: str) -> None:
    for event in events(text):
        assert event.type


def test_whole_pipeline_report_is_valid(extract: Callable[..., Report]) -> None:
    text = ("KHARKIV, Ukraine (Reuters) - Russian missiles struck a residential district of "
            "Kharkiv early on Wednesday, killing at least 12 people and wounding 27 others, "
            "regional officials said.\n\nThe head of the IAEA is due to visit the plant next "
            "week, the agency said.")
    report = extract(text, published="2024-03-14")
    report_json.validate(report_json.to_json(report))
    assault = [e for e in report.events if e.type == "ASSAULT"]
    assert assault and {("killed", 12), ("injured", 27)} <= counts(assault[0])
    assert "planned" in [e.status for e in report.events if e.type == "CONSULT"]
    assert [e.id for e in report.events] == [f"{report.article.id}:{i}"
                                             for i in range(len(report.events))]


def test_subject_behind_the_dateline(events) -> None:
    text = "GENEVA (AFP) - Ukraine on Friday rejected a Russian proposal for a ceasefire."
    reject = only(events(text, dateline_span=(0, 14), dateline="Geneva"), "REJECT")
    assert reject.actor1 is not None and reject.actor1.country == "UKR"


def test_an_office_stands_for_its_body(events) -> None:
    visit = only(events("The head of NATO is due to visit Kyiv next week."), "CONSULT")
    assert visit.actor1 is not None and visit.actor1.sector == "IGO"


@pytest.mark.parametrize(("text", "type_"), [
    ("The foreign minister said Moscow must withdraw its troops from the border.", "REQUEST"),
    ("Norway is willing to send engineers to help rebuild the bridge.", "AGREE"),
    ("The government said it will expel the observers unless the report is withdrawn.",
     "THREATEN"),
    ("Israel and Hamas failed to reach an agreement on Sunday.", "REJECT"),
])
def test_demands_intents_threats_and_refusals(events, text: str, type_: str) -> None:
    found = events(text)
    best = max(found, key=lambda e: e.confidence)
    assert best.type == type_, [(e.type, e.status, e.confidence) for e in found]
