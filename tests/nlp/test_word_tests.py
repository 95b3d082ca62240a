"""Words that pass the same word tests share a number; a test form not read makes no numbers."""

from __future__ import annotations

import spacy

from sitrep.nlp.word_tests import WordTests

PATTERNS = [
    {"TAG": "PRP", "LOWER": "he"},
    {"TAG": "PRP", "LOWER": {"IN": ["him", "he"]}},
    {"TAG": "RB", "LOWER": {"NOT_IN": ["not", "n't"]}},
    {"LOWER": {"REGEX": "^n[ou]thin'$"}},
    {"IS_SPACE": True, "DEP": {"NOT_IN": [""]}},
    {"TAG": "NN"},
]


def test_words_alike_to_every_pattern_share_a_number() -> None:
    tests, vocab = WordTests(PATTERNS), spacy.blank("en").vocab
    assert tests.supported
    number = {w: tests.signature(vocab[w]) for w in
              ("Kyiv", "Odesa", "He", "he", "him", "not", "n't", "nothin'", "Nuthin'", " ", "\n")}
    assert number["Kyiv"] == number["Odesa"]  # pass the NOT_IN test only
    assert number["He"] == number["he"] != number["him"]  # LOWER: "He" is "he"
    assert number["not"] == number["n't"] != number["Kyiv"]
    assert number["nothin'"] == number["Nuthin'"] != number["Kyiv"]
    assert number[" "] == number["\n"] != number["Kyiv"]
    assert len(set(number.values())) == 6


def test_an_unread_form_of_test_keys_on_the_word() -> None:
    assert not WordTests([{"LOWER": {"FUZZY": "kyiv"}}]).supported
    assert not WordTests([{"ORTH": {"IN": ["Kyiv"], "NOT_IN": ["Kiev"]}}]).supported
    assert WordTests([{"TEXT": {"IN": ["Kyiv"]}}]).supported
