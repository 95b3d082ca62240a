"""The article's attacker (the side whose attacks, weapons and forces an article names), and
places as no actors."""

from __future__ import annotations

from sitrep.extract.events.attacker import article_attacker
from sitrep.extract.events.lexicon import load_event_lexicon
from sitrep.extract.events.targets import opponent
from sitrep.model import EventActor
from sitrep.pipeline import Pipeline

WAR = ("Russian forces shelled the outskirts of the city overnight. A Russian missile hit a "
       "school, and Russian troops pushed towards the river. Ukrainian officials said the "
       "shelling went on until dawn.")


def test_the_state_named_most_with_attacks_weapons_and_forces_is_the_attacker(
    pipeline: Pipeline,
) -> None:
    found = article_attacker(pipeline.nlp(WAR), load_event_lexicon())
    assert found is not None
    assert (found.country, found.sector) == ("RUS", "MIL")


def test_two_sides_named_as_often_give_no_attacker(pipeline: Pipeline) -> None:
    text = WAR + (" Ukrainian forces struck a depot, Ukrainian drones hit a bridge and "
                  "Ukrainian troops crossed the river.")
    assert article_attacker(pipeline.nlp(text), load_event_lexicon()) is None


def test_a_side_named_once_or_twice_is_no_attacker(pipeline: Pipeline) -> None:
    text = "A Russian missile hit a school. Officials said the shelling went on until dawn."
    assert article_attacker(pipeline.nlp(text), load_event_lexicon()) is None


def test_a_place_the_namer_knows_nothing_of_is_no_actor(pipeline: Pipeline) -> None:
    from sitrep.extract.events.roles import _actor_not_place

    doc = pipeline.nlp("Russian forces shelled Kharkiv and Mariupol overnight.")
    place = next(t for t in doc if t.ent_type_ == "GPE")
    lex = load_event_lexicon()
    assert _actor_not_place(place, EventActor(place.text, None, None), lex) is None
    held = EventActor("Ukraine", "UKR", None)
    assert _actor_not_place(place, held, lex) == held
    forces = doc[1]
    assert _actor_not_place(forces, EventActor("forces", None, None), lex) is not None


def test_an_attack_by_the_side_the_attacker_fights_is_against_the_attacker() -> None:
    russia = EventActor("Russia", "RUS", "MIL")
    ukraine = EventActor("Ukraine", "UKR", "MIL")
    assert opponent("ASSAULT", ukraine, None, russia) == russia
    assert opponent("ASSAULT", russia, None, russia) is None
    assert opponent("CONSULT", ukraine, None, russia) is None
