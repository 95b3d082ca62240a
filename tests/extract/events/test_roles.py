"""Event roles through the whole pipeline: who acted (actor1) and on whom (actor2).

Each test states one rule of English news syntax or of event coding, on sentences written for it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitrep.model import Event, EventActor, Report

Extract = Callable[..., Report]


def events_of(extract: Extract, text: str, type_: str) -> list[Event]:
    report = extract(text, "2024-03-14")
    found = [e for e in report.events if e.type == type_]
    assert found, [(e.type, e.actor1, e.actor2) for e in report.events]
    return found


def one(extract: Extract, text: str, type_: str) -> Event:
    found = events_of(extract, text, type_)
    assert len(found) == 1, [(e.type, e.actor1, e.actor2) for e in found]
    return found[0]


def named(actor: EventActor | None) -> str:
    assert actor is not None
    return actor.name


# --- actor1: the subject and what it stands for ----------------------------------------------

def test_the_name_in_apposition_to_a_title_acts(extract: Extract) -> None:
    event = one(extract, "Poland's defence minister, Marek Nowak, signed an agreement with "
                "Lithuania on Tuesday.", "AGREE")
    assert named(event.actor1) == "Marek Nowak"
    assert event.actor1 is not None and event.actor1.country == "POL"


def test_a_title_with_of_is_never_the_word_after_of(extract: Extract) -> None:
    event = one(extract, "The US secretary of state, Antony Blinken, met the Polish president "
                "in Warsaw on Monday.", "CONSULT")
    assert named(event.actor1) == "Antony Blinken"
    assert event.actor2 is not None and event.actor2.country == "POL"


def test_a_relative_pronoun_stands_for_the_noun_its_clause_modifies(extract: Extract) -> None:
    report = extract("Germany, which had long refused to supply tanks to Ukraine, changed "
                     "course on Wednesday.", "2024-03-14")
    assert report.events
    for event in report.events:
        assert event.actor1 is not None and event.actor1.country == "DEU"
    aid = [e for e in report.events if e.type == "AID"]
    assert aid and aid[0].actor2 is not None and aid[0].actor2.country == "UKR"


def test_we_in_a_quote_is_its_speaker(extract: Extract) -> None:
    event = one(extract, '"We condemn the shelling of Zaporizhzhia," Josep Borrell said on '
                "Monday.", "ACCUSE")
    assert named(event.actor1) == "Josep Borrell"


def test_a_pronoun_stands_for_the_body_named_before_it(extract: Extract) -> None:
    text = ("Finland's foreign ministry summoned the Russian ambassador on Monday. It also "
            "expelled two Russian diplomats.")
    report = extract(text, "2024-03-14")
    later = [e for e in report.events if e.evidence[0][0] >= text.index("It also")]
    assert later
    assert all(e.actor1 is not None and e.actor1.country == "FIN" for e in later)


def test_the_agent_of_a_participle_acts(extract: Extract) -> None:
    event = one(extract, "A ceasefire proposed by the Turkish president was rejected by "
                "Moscow.", "REQUEST")
    assert event.actor1 is not None and event.actor1.country == "TUR"


def test_who_gathers_is_named_after_of_a_meeting(extract: Extract) -> None:
    found = events_of(extract, "Ministers arrived on Thursday for a meeting of Nato defence "
                      "ministers in Brussels.", "CONSULT")
    assert "NATO" in {named(e.actor1) for e in found}
    assert all(e.actor2 is None for e in found)


def test_officials_of_an_organisation_are_the_organisation(extract: Extract) -> None:
    event = one(extract, "EU officials are drawing up new sanctions against Belarus.",
                "SANCTION")
    assert named(event.actor1) == "European Union"
    assert event.actor2 is not None and event.actor2.country == "BLR"


def test_a_local_body_belongs_to_the_place_of_its_event(extract: Extract) -> None:
    event = one(extract, "In Kharkiv, the city council asked residents to stay in shelters.",
                "REQUEST")
    assert event.actor1 is not None and (event.actor1.country, event.actor1.sector) == (
        "UKR", "GOV")
    assert named(event.actor1) == "Kharkiv city council"


def test_who_reports_or_condemns_an_attack_did_not_make_it(extract: Extract) -> None:
    report = extract("Biden condemned the strike on a hospital in Kherson.", "2024-03-14")
    for event in report.events:
        if event.type == "ASSAULT":
            assert event.actor1 is None or event.actor1.country != "USA"


# --- actor2: only actors ----------------------------------------------------------------------

def test_the_victims_of_a_strike_are_its_target(extract: Extract) -> None:
    event = one(extract, "A Russian missile struck Odesa on Monday, killing 12 people.",
                "ASSAULT")
    assert event.actor1 is not None and event.actor1.country == "RUS"
    assert event.actor2 is not None and (event.actor2.country, event.actor2.sector) == (
        "UKR", "CVL")


def test_a_captured_town_is_held_by_the_state_it_lies_in(extract: Extract) -> None:
    event = one(extract, "Russian troops captured the town of Lyman in the Donetsk region on "
                "Saturday.", "COERCE")
    assert event.actor2 is not None and (event.actor2.country, event.actor2.sector) == (
        "UKR", "MIL")


def test_a_strike_on_homes_is_on_civilians(extract: Extract) -> None:
    event = one(extract, "Russia dropped bombs on residential areas of Chernihiv on Tuesday.",
                "ASSAULT")
    assert event.actor2 is not None and (event.actor2.name, event.actor2.country) == (
        "civilians", "UKR")


@pytest.mark.parametrize("text, type_, country", [
    ("Britain will send 100 tanks to Ukraine.", "AID", "UKR"),
    ("Russia deployed tanks to the border with Finland.", "MOBILIZE", None),
])
def test_weapons_and_deployed_troops_are_not_targets(extract: Extract, text: str, type_: str,
                                                     country: str | None) -> None:
    event = one(extract, text, type_)
    if country is None:
        assert event.actor2 is None
    else:
        assert event.actor2 is not None and event.actor2.country == country


def test_who_faces_sanctions_is_their_target(extract: Extract) -> None:
    event = one(extract, "Moscow faced new sanctions from Japan.", "SANCTION")
    assert event.actor1 is not None and event.actor1.country == "JPN"
    assert event.actor2 is not None and event.actor2.country == "RUS"


def test_what_sanctions_target_is_owned_by_a_state(extract: Extract) -> None:
    event = one(extract, "Japan imposed sanctions targeting three Russian banks.", "SANCTION")
    assert event.actor2 is not None and event.actor2.country == "RUS"


def test_a_sum_stands_for_the_aid_it_buys(extract: Extract) -> None:
    found = events_of(extract, "Canada will provide an additional $300 million in military "
                      "assistance to Ukraine.", "AID")
    assert any(e.actor1 is not None and e.actor1.country == "CAN" for e in found)
    assert all(e.actor2 is not None and e.actor2.country == "UKR" for e in found)


def test_the_subject_under_attack_is_the_target(extract: Extract) -> None:
    event = one(extract, "Kharkiv came under heavy shelling on Sunday.", "ASSAULT")
    assert event.actor2 is not None and event.actor2.country == "UKR"


@pytest.mark.parametrize("text, country", [
    ("Zelenskiy urged the United Nations to establish an international tribunal.", None),
    ("Kuleba called on Germany to supply more weapons to Kyiv.", "DEU"),
    ("Poland's president pleaded with Japan for more help.", "JPN"),
])
def test_a_request_is_aimed_at_the_one_asked(extract: Extract, text: str,
                                             country: str | None) -> None:
    event = one(extract, text, "REQUEST")
    assert event.actor2 is not None
    if country is None:
        assert event.actor2.name == "United Nations"
    else:
        assert event.actor2.country == country


def test_a_request_is_not_aimed_at_the_target_of_what_is_asked(extract: Extract) -> None:
    event = one(extract, "Poland's president demanded tougher sanctions on Russia.",
                "REQUEST")
    assert event.actor2 is None or event.actor2.country != "RUS"


def test_an_attack_naming_no_target_is_against_the_state_it_took_place_in(
    extract: Extract,
) -> None:
    event = one(extract, "Russian forces launched a new offensive near Kharkiv on Monday.",
                "ASSAULT")
    assert event.actor1 is not None and event.actor1.country == "RUS"
    assert event.actor2 is not None and event.actor2.country == "UKR"


# --- more of the clause -----------------------------------------------------------------------

def test_an_event_in_a_collection_takes_the_collection_place(extract: Extract) -> None:
    event = one(extract, "Canada announced a new package of sanctions on Belarus.", "SANCTION")
    assert event.actor1 is not None and event.actor1.country == "CAN"
    assert event.actor2 is not None and event.actor2.country == "BLR"


def test_a_claim_or_a_response_shares_its_subject(extract: Extract) -> None:
    report = extract("Belarus has claimed to have destroyed a Polish drone. Poland responded "
                     "to the incursion by expelling two Belarusian diplomats.", "2024-03-14")
    by_country = {e.actor1.country for e in report.events if e.actor1 is not None}
    assert {"BLR", "POL"} <= by_country


def test_the_one_urged_does_the_act_but_not_the_means_used(extract: Extract) -> None:
    report = extract("Norway's defence ministry said it used drones to destroy two radar "
                     "stations.", "2024-03-14")
    for event in report.events:
        assert event.actor1 is None or event.actor1.name != "drones"


def test_a_passive_event_noun_is_done_by_its_agent(extract: Extract) -> None:
    found = events_of(extract, "The summit was attended by the Polish president.", "CONSULT")
    assert any(e.actor1 is not None and e.actor1.country == "POL" for e in found)


def test_a_pronoun_agrees_with_the_subject_it_stands_for(extract: Extract) -> None:
    event = one(extract, "The Ukrainian mayor was detained after he refused to follow the "
                "occupiers' orders.", "REJECT")
    assert event.actor1 is not None and event.actor1.country == "UKR"


def test_victims_named_by_a_participle_are_the_target(extract: Extract) -> None:
    event = one(extract, "The UN counted 40 civilians killed in Kherson on Friday.", "ASSAULT")
    assert event.actor2 is not None and (event.actor2.country, event.actor2.sector) == (
        "UKR", "CVL")


def test_seizing_control_of_a_site_is_against_its_holder(extract: Extract) -> None:
    event = one(extract, "Russian troops seized control of the Zaporizhzhia nuclear plant.",
                "COERCE")
    assert event.actor2 is not None and event.actor2.country == "UKR"


def test_a_threat_is_aimed_at_the_one_its_condition_names(extract: Extract) -> None:
    event = one(extract, "Biden warned of severe consequences if Russia used chemical "
                "weapons.", "THREATEN")
    assert event.actor2 is not None and event.actor2.country == "RUS"


def test_talks_between_two_sides(extract: Extract) -> None:
    event = one(extract, "Talks between Armenia and Azerbaijan resumed in Washington.",
                "CONSULT")
    assert event.actor1 is not None and event.actor1.country == "ARM"
    assert event.actor2 is not None and event.actor2.country == "AZE"


def test_judging_an_event_is_aimed_at_who_did_it(extract: Extract) -> None:
    event = one(extract, "Poland condemned Russia's invasion of Ukraine.", "ACCUSE")
    assert event.actor2 is not None and event.actor2.country == "RUS"


def test_a_sponsor_is_not_the_owner(extract: Extract) -> None:
    event = one(extract, "The OPCW accused the Iranian-backed militia of the attack.",
                "ACCUSE")
    assert event.actor2 is None or event.actor2.country != "IRN"


def test_they_stands_for_the_plural_subject_before_it(extract: Extract) -> None:
    text = ("Rebel fighters stormed an army base near Goma on Monday. They killed 12 soldiers "
            "and seized weapons.")
    found = events_of(extract, text, "ASSAULT")
    assert all(e.actor1 is None or e.actor1.sector == "REB" for e in found)
    assert any(e.actor2 is not None and e.actor2.sector == "MIL" for e in found)


def test_a_thing_pronoun_never_becomes_a_body_named_earlier(extract: Extract) -> None:
    text = ("The UN mission reported new fighting in the east. The shells began to fall at "
            "dawn. Then for an hour they exploded every minute.")
    for event in extract(text, "2024-03-14").events:
        assert event.actor1 is None or event.actor1.sector != "IGO"


def test_a_figure_stands_for_who_it_counts(extract: Extract) -> None:
    event = one(extract, "Hundreds of Georgians gathered outside parliament in Tbilisi to "
                "protest against the law.", "PROTEST")
    assert event.actor1 is not None and event.actor1.country == "GEO"


def test_a_relative_pronoun_right_after_a_name_stands_for_it(extract: Extract) -> None:
    event = one(extract, "Moscow cut gas exports to Latvia, which refused to pay in roubles.",
                "REJECT")
    assert event.actor1 is not None and event.actor1.country == "LVA"


def test_an_infinitive_on_a_noun_is_done_by_the_nouns_actor(extract: Extract) -> None:
    event = one(extract, "Belarus abandoned its attempt to seize the border crossing.",
                "COERCE")
    assert event.actor1 is not None and event.actor1.country == "BLR"


def test_an_organisation_before_an_event_noun_holds_it(extract: Extract) -> None:
    event = one(extract, "A statement published by the Nato summit in Vilnius named Russia "
                "the main threat.", "CONSULT")
    assert named(event.actor1) == "NATO"


def test_one_of_several_measures_stands_where_they_stand(extract: Extract) -> None:
    event = one(extract, "Turkey's media regulator said it was taking measures against "
                "Twitter, including a ban on advertising.", "COERCE")
    assert event.actor1 is not None and event.actor1.country == "TUR"
    assert named(event.actor2) == "Twitter"


def test_thanking_someone_for_an_act_makes_them_its_actor(extract: Extract) -> None:
    event = one(extract, "Macron thanked the Qatari emir for reaching a deal with Hamas.",
                "AGREE")
    assert event.actor1 is not None and event.actor1.country == "QAT"


def test_an_organisation_warned_stays_the_target(extract: Extract) -> None:
    event = one(extract, "Moscow has warned Nato that if Georgia joined the alliance, it "
                "would respond.", "THREATEN")
    assert named(event.actor2) == "NATO"


def test_who_raises_a_toll_did_not_make_the_attack(extract: Extract) -> None:
    report = extract("Officials in Sumy raised the death toll from Friday's strike to 14.",
                     "2024-03-14")
    for event in report.events:
        assert event.actor1 is None or event.actor1.sector != "GOV"


def test_a_title_stands_for_the_person_given_it_earlier(extract: Extract) -> None:
    text = ("Prime Minister Keir Starmer arrived in Brussels on Thursday. The prime minister "
            "met the Nato secretary general in the afternoon.")
    found = events_of(extract, text, "CONSULT")
    assert any(e.actor1 is not None and "Starmer" in e.actor1.name for e in found)


def test_who_acts_at_a_gathering_takes_part_in_it(extract: Extract) -> None:
    found = events_of(extract, "African leaders are expected to discuss the crisis at a "
                      "special summit in Addis Ababa on Friday.", "CONSULT")
    assert found and all(e.actor1 is not None for e in found)


def test_a_means_after_by_is_no_agent(extract: Extract) -> None:
    found = events_of(extract, "In a speech at the summit by video link, Zelenskiy asked for "
                      "more air defence.", "CONSULT")
    assert all(e.actor1 is None or e.actor1.country == "UKR" for e in found)


def test_an_active_participle_is_done_by_its_noun(extract: Extract) -> None:
    event = one(extract, "Supplies to Russian troops encircling Avdiivka were cut.", "ASSAULT")
    assert event.actor1 is not None and event.actor1.country == "RUS"


def test_with_a_noun_and_a_participle_the_noun_acts(extract: Extract) -> None:
    found = events_of(extract, "Leaders reacted with anger, with the Polish president, Andrzej "
                      "Duda, condemning the strike.", "ACCUSE")
    assert any(e.actor1 is not None and e.actor1.country == "POL" for e in found)


def test_heads_of_state_of_an_organisation_are_the_organisation(extract: Extract) -> None:
    event = one(extract, "EU heads of state appeared to hold back from imposing sanctions on "
                "Russian banks.", "SANCTION")
    assert named(event.actor1) == "European Union"


def test_members_of_a_named_body_are_that_body(extract: Extract) -> None:
    event = one(extract, "Canada will sanction 120 members of the Belarusian parliament, "
                "the National Assembly.", "SANCTION")
    assert event.actor2 is not None and event.actor2.country == "BLR"


def test_a_sum_in_aid_announced_by_someone(extract: Extract) -> None:
    found = events_of(extract, "The German chancellor, Olaf Scholz, announced an additional "
                      "$500m in military assistance to Moldova.", "AID")
    assert any(e.actor1 is not None and e.actor1.country == "DEU" for e in found)
    assert all(e.actor2 is not None and e.actor2.country == "MDA" for e in found)


def test_an_object_pronoun_is_not_its_clauses_subject(extract: Extract) -> None:
    found = events_of(extract, "Polish President Andrzej Duda refused to meet Hungary's Prime "
                      "Minister Viktor Orban in Warsaw, saying he would only welcome him in "
                      "Krakow.", "SUPPORT")
    assert all(e.actor2 is None or e.actor2.country == "HUN" for e in found)


def test_a_noun_with_its_own_predicate_after_with_is_no_partner(extract: Extract) -> None:
    report = extract("The senate rejected the bill by 60 votes to 40, with 12 senators "
                     "absent.", "2024-03-14")
    for event in report.events:
        assert event.actor2 is None or "senator" not in event.actor2.name


def test_a_target_shared_by_coordinated_verbs(extract: Extract) -> None:
    found = events_of(extract, "Russia intends to encircle and cut off Kharkiv.", "ASSAULT")
    assert any(e.actor2 is not None and e.actor2.country == "UKR" for e in found)


def test_the_target_of_the_verb_an_attack_is_the_subject_of(extract: Extract) -> None:
    event = one(extract, "Russian airstrikes hit Ukrainian forces near Bakhmut on Monday.",
                "ASSAULT")
    assert event.actor2 is not None and (event.actor2.country, event.actor2.sector) == (
        "UKR", "MIL")


def test_talks_taking_place_between_two_sides(extract: Extract) -> None:
    event = one(extract, "Talks were taking place between Armenian and Azerbaijani officials in "
                "Brussels.", "CONSULT")
    assert event.actor1 is not None and event.actor1.country == "ARM"
    assert event.actor2 is not None and event.actor2.country == "AZE"


def test_the_addressed_gathering_is_the_other_side(extract: Extract) -> None:
    event = one(extract, "Lavrov told a meeting of the OSCE that Russia would not retreat.",
                "CONSULT")
    assert event.actor1 is not None and event.actor1.country == "RUS"
    assert named(event.actor2) == "OSCE"


def test_what_sanctions_are_aimed_at(extract: Extract) -> None:
    event = one(extract, "Japan imposed a range of sanctions aimed at isolating Pyongyang.",
                "SANCTION")
    assert event.actor2 is not None and event.actor2.country == "PRK"


def test_who_loses_what_is_seized(extract: Extract) -> None:
    event = one(extract, "Spanish police seized two yachts from three Russian businessmen.",
                "COERCE")
    assert event.actor2 is not None and event.actor2.country == "RUS"


def test_dozens_of_victims(extract: Extract) -> None:
    event = one(extract, "Russian rockets killed \u201cdozens\u201d of civilians in Kharkiv.",
                "ASSAULT")
    assert event.actor2 is not None and (event.actor2.sector, event.actor2.country) == (
        "CVL", "UKR")


# --- events v6: who has no target, who tells, what is no actor ------------------------------

def test_who_is_evacuated_or_flees_is_no_target(extract: Extract) -> None:
    event = one(extract, "Moldovan authorities evacuated residents from the village on Sunday.",
                "RETREAT")
    assert event.actor1 is not None and event.actor1.country == "MDA"
    assert event.actor2 is None


def test_a_thing_attacked_is_no_actor(extract: Extract) -> None:
    event = one(extract, "Yemeni rebels struck the Tsezar Kunikov with sea drones on Friday.",
                "ASSAULT")
    assert event.actor2 is None or event.actor2.name != "Tsezar Kunikov"


def test_who_tells_of_an_attack_is_neither_its_maker_nor_its_target(extract: Extract) -> None:
    told = one(extract, "According to Syrian state media, Israeli jets struck an airbase near "
               "Homs on Monday.", "ASSAULT")
    assert told.actor2 is None or told.actor2.sector != "MED"
    said = one(extract, "The shelling of Hajin is so intense that the dead lie uncollected, "
               "local MP Ahmed Saleh said.", "ASSAULT")
    assert said.actor1 is None or said.actor1.name != "Ahmed Saleh"


def test_an_organisations_body_is_named_by_its_own_words(extract: Extract) -> None:
    event = one(extract, "The UN security council met on Friday.", "CONSULT")
    assert named(event.actor1) == "UN security council"


def test_the_world_asked_is_the_international_community(extract: Extract) -> None:
    event = one(extract, "Kuleba pleaded with the world to send more air defences.", "REQUEST")
    assert named(event.actor2) == "international community"
