"""The article's states as candidates for actor2 (``sides``, ``choice``)."""

from __future__ import annotations

from sitrep.extract.events.choice import candidates
from sitrep.extract.events.choice_features import Setting
from sitrep.extract.events.lexicon import load_event_lexicon
from sitrep.extract.events.sides import article_states
from sitrep.model import EventActor
from sitrep.pipeline import Pipeline

REPORT = ("Russian forces shelled Kharkiv overnight, Ukrainian officials said. Ukraine's "
          "president asked for more air defence, and Kyiv said Ukrainian troops held the "
          "line. The EU said Russia would face new sanctions. Moscow denied the attack. "
          "Poland sent more aid.")

RUSSIA = EventActor("Russia", "RUS", None)
UKRAINE = EventActor("Ukraine", "UKR", None)


def test_the_states_named_most_come_first_and_one_named_once_is_none(
    pipeline: Pipeline,
) -> None:
    found = article_states(pipeline.nlp(REPORT), load_event_lexicon())
    assert [s.country for s in found] == ["UKR", "RUS"]
    assert all(s.sector is None for s in found)


def test_an_article_naming_no_state_often_has_none(pipeline: Pipeline) -> None:
    doc = pipeline.nlp("Officials said the talks would resume on Monday in Geneva.")
    assert article_states(doc, load_event_lexicon()) == ()


def test_each_state_is_a_candidate_judged_by_its_stance_to_actor1(
    pipeline: Pipeline,
) -> None:
    doc = pipeline.nlp("The EU approved new sanctions on Wednesday.")
    eu = EventActor("European Union", None, "IGO")
    at = Setting("actor2", doc[3], "SANCTION", None, None, eu, (), 0,
                 states=(UKRAINE, RUSSIA), article_attacker=EventActor("Russia", "RUS", "MIL"))
    found = candidates(doc[:], [None], lambda t: None, at)
    states = [c for c in found if c.relation == "state"]
    assert [c.actor for c in states] == [UKRAINE, RUSSIA]
    assert "actor2:state|type=SANCTION|stance=attacker" in states[1].features
    assert "actor2:state|stance=other" in states[0].features
    assert "actor2:state|rank=1" in states[0].features

    russian = Setting("actor2", doc[3], "ASSAULT", None, None, EventActor("Russia", "RUS", "MIL"),
                      (), 0, states=(UKRAINE, RUSSIA),
                      article_attacker=EventActor("Russia", "RUS", "MIL"))
    stances = [f for c in candidates(doc[:], [None], lambda t: None, russian)
               if c.relation == "state" for f in c.features if "|stance=" in f
               and "type=" not in f]
    assert stances == ["actor2:state|stance=foe"]  # actor1's own state is no candidate
