"""Cue classes: every quote says what kind of attribution its cue makes (speech, belief,
intention, stance, evaluation), from versioned word lists."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitrep.extract.quotes.cue_class import CueClasses
from sitrep.extract.quotes.lexicon import CueLexicon
from sitrep.model import Report

Extract = Callable[..., Report]

LEAD = "Foreign Minister Ivan Petrov met the envoy in Vienna on Tuesday.\n\n"


def test_every_word_a_cue_rule_fires_on_has_a_class() -> None:
    lexicon = CueLexicon.load()
    classes = CueClasses.load()
    words = set().union(
        lexicon.speech_verbs, lexicon.object_verbs, lexicon.attitude_verbs,
        lexicon.intention_verbs, lexicon.topic_verbs, lexicon.phrasal_cues,
        lexicon.stance_words, lexicon.speech_nouns, lexicon.topic_nouns,
        lexicon.partial_cue_verbs,
    )
    unclassed = {w for w in words if w not in classes.by_lemma and w not in classes.naming_calls}
    assert unclassed == set()


def test_a_cue_is_classed_by_its_text_then_its_lemmas() -> None:
    classes = CueClasses.load()
    assert classes.of(":", [":"], "direct") == "speech"
    assert classes.of("according to", ["accord", "to"], "indirect") == "speech"
    assert classes.of("has said", ["have", "say"], "indirect") == "speech"
    assert classes.of("called", ["call", "for"], "indirect") == "speech"
    assert classes.of("called", ["call"], "indirect") == "evaluation"
    assert classes.of("fears", ["fear"], "indirect") == "belief"
    assert classes.of("wants", ["want"], "indirect") == "intention"
    assert classes.of("backs", ["back"], "indirect") == "stance"
    # in no list: quoted words are someone's speech, reported content a stance
    assert classes.of("Sees", ["sees"], "partial") == "speech"
    assert classes.of("mulled", ["mull"], "indirect") == "stance"
    assert classes.of(None, [], "direct") == "speech"


@pytest.mark.parametrize(
    ("sentence", "cue", "cue_class"),
    [
        ("Petrov said that the talks had failed.", "said", "speech"),
        ("Petrov told reporters the talks had failed.", "told", "speech"),
        ("Petrov believes that the talks have failed.", "believes", "belief"),
        ("Petrov wants to reopen the talks with Kyiv.", "wants", "intention"),
        ("Petrov condemned the attack on the bus station.", "condemned", "evaluation"),
        ("Petrov called for new talks with Kyiv.", "called", "speech"),
    ],
)
def test_extracted_quotes_carry_their_cue_class(
    extract: Extract, sentence: str, cue: str, cue_class: str
) -> None:
    report = extract(LEAD + sentence)
    found = [(q.cue, q.cue_class) for q in report.quotes]
    assert (cue, cue_class) in found, found


def test_a_negated_object_verb_reports_nothing(extract: Extract) -> None:
    report = extract(LEAD + "Petrov did not mention the bus station in his remarks.")
    assert [q.text for q in report.quotes if q.cue == "mention"] == []
