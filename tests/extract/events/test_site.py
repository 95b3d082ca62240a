"""The site of an event, finer than its town: the facility, street or quarter its own clause
names, through the whole pipeline, on short stories written here."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitrep.extract.events.site import event_site
from sitrep.model import Event, Report

Extract = Callable[..., Report]


def site_of(report: Report, words: str, type_: str = "ASSAULT") -> str | None:
    """The site of the event of a type whose evidence holds the words."""
    text = report.article.text
    found: list[Event] = [
        e for e in report.events
        if e.type == type_ and any(words in text[s:t] for s, t in e.evidence)
    ]
    assert found, f"no {type_} event on {words!r}: {[(e.type, e.evidence) for e in report.events]}"
    place = found[0].place
    assert place is not None
    return place.site


def test_a_site_in_another_clause_of_the_sentence_is_not_the_event_s(extract: Extract) -> None:
    text = ("Six soldiers died in the fighting near Kandahar on Monday, and our thoughts remain "
            "with the troops so that we may have peace at home.")
    assert site_of(extract(text, "2019-03-05"), "died") is None


def test_a_site_named_in_the_scene_of_the_event_is_its_site(extract: Extract) -> None:
    text = ("A man was shot dead in Belfast on Friday when he answered a knock at his door in "
            "Deerpark Road.")
    assert site_of(extract(text, "1972-07-22"), "shot dead") == "Deerpark Road"


def test_a_site_is_told_with_the_named_street_it_stands_in(extract: Extract) -> None:
    text = ("A parcel bomb exploded in Lyon on Friday. The explosion targeted a bakery on the "
            "central street Rue Victor Hugo.")
    sites = {e.place.site for e in extract(text, "2019-05-25").events if e.place}
    assert "bakery on Rue Victor Hugo" in sites


def test_a_site_is_told_by_its_name_rather_than_its_description() -> None:
    """ "At Oxford St, the busiest bus station, six were killed": the appositive describes the
    site its name gives."""
    doc = Doc(
        Vocab(),
        words=["At", "Oxford", "St", ",", "the", "busiest", "bus", "station", ",", "six",
               "were", "killed", "."],
        heads=[11, 2, 0, 2, 7, 7, 7, 2, 11, 11, 11, 11, 11],
        deps=["prep", "compound", "pobj", "punct", "det", "amod", "compound", "appos", "punct",
              "nsubjpass", "auxpass", "ROOT", "punct"],
        pos=["ADP", "PROPN", "PROPN", "PUNCT", "DET", "ADJ", "NOUN", "NOUN", "PUNCT", "NUM",
             "AUX", "VERB", "PUNCT"],
        lemmas=["at", "Oxford", "St", ",", "the", "busy", "bus", "station", ",", "six", "be",
                "kill", "."],
    )
    killed = doc[11]
    assert event_site(killed, killed, frozenset()) == "Oxford St"


def test_a_relative_where_gives_the_site_of_its_clause(extract: Extract) -> None:
    text = ("Car bombs went off across Belfast on Friday. The worst blast was at the Oxford "
            "Street bus station, where six people were killed.")
    sites = {e.place.site for e in extract(text, "1972-07-22").events if e.place}
    assert "Oxford Street bus station" in sites


def test_held_in_jail_is_held_at_a_jail_but_years_in_jail_are_not(extract: Extract) -> None:
    held = extract("Hundreds of protesters were arrested in Caracas and are in jail, lawyers said.",
                   "2017-08-01")
    assert "jail" in {e.place.site for e in held.events if e.place}
    faces = extract("Police in Boston arrested the student, who faces up to five years in jail.",
                    "2013-05-01")
    assert "jail" not in {e.place.site for e in faces.events if e.place}


def test_a_hyphenated_word_is_no_site(extract: Extract) -> None:
    text = "Militants planted home-made bombs on roads in Kandahar on Friday, police said."
    assert site_of(extract(text, "2019-03-05"), "planted") != "home"


def test_an_attack_told_at_another_site_is_another_attack(extract: Extract) -> None:
    text = ("Gunmen shot dead a man at a checkpoint in Belfast on Friday night. Later, shooting "
            "broke out near the hospital.")
    attacks = [e for e in extract(text, "1972-07-22").events if e.type == "ASSAULT"]
    sites = {e.place.site for e in attacks if e.place}
    assert {"checkpoint", "hospital"} <= sites


def test_an_attack_told_on_at_the_same_site_is_the_same_attack(extract: Extract) -> None:
    text = ("A car bomb exploded at the bus station in Belfast on Friday. Six people were "
            "killed at the station.")
    attacks = [e for e in extract(text, "1972-07-22").events if e.type == "ASSAULT"]
    assert len(attacks) == 1


def test_two_sites_sharing_a_first_word_are_two_sites(extract: Extract) -> None:
    text = ("A car bomb exploded at the bus station in Belfast on Friday. A second blast hit the "
            "bus depot.")
    attacks = [e for e in extract(text, "1972-07-22").events if e.type == "ASSAULT"]
    assert len(attacks) == 2


def test_two_named_facilities_are_two_sites(extract: Extract) -> None:
    text = ("A bomb went off at the Europa Hotel in Belfast on Friday. A second blast hit the "
            "Grand Central Hotel.")
    attacks = [e for e in extract(text, "1972-07-22").events if e.type == "ASSAULT"]
    assert len(attacks) == 2


def test_a_street_is_the_site_and_its_town_the_place(extract: Extract) -> None:
    text = "Gunmen opened fire at a bar on Oak Street, Chicago, on Sunday."
    report = extract(text, "2024-06-04")
    (attack,) = [e for e in report.events if e.type == "ASSAULT"]
    assert attack.place is not None
    assert (attack.place.name, attack.place.precision) == ("Chicago", 1)
    assert attack.place.site is not None and "Oak Street" in attack.place.site
