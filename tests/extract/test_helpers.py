"""The shared parse-tree and mention helpers (extract/parse.py, extract/mentions.py), on a parse
set by hand so that what they read does not hang on the model."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from sitrep.extract.mentions import (
    actor_mentions,
    contains,
    in_sorted,
    last_starting,
    overlaps,
)
from sitrep.extract.parse import (
    chars,
    depth,
    entity_of,
    first_child,
    first_conjunct,
    inside,
    is_ancestor,
    subjects,
    subtree_chars,
    token_at,
)
from sitrep.model import Actor

WORDS = ["Britain", "and", "France", "said", "Russia", "had", "struck", "the", "port", "."]
HEADS = [3, 0, 0, 3, 6, 6, 3, 8, 6, 3]
DEPS = ["nsubj", "cc", "conj", "ROOT", "nsubj", "aux", "ccomp", "det", "dobj", "punct"]


def _doc() -> Doc:
    doc = Doc(
        spacy.blank("en").vocab,
        words=WORDS,
        spaces=[True] * 8 + [False, False],
        heads=HEADS,
        deps=DEPS,
    )
    doc.ents = [Span(doc, 0, 1, "GPE"), Span(doc, 2, 3, "GPE"), Span(doc, 7, 9, "FAC")]
    return doc


def test_arguments_of_a_predicate() -> None:
    doc = _doc()
    said, struck = doc[3], doc[6]
    assert [t.text for t in subjects(said)] == ["Britain"]
    assert [t.text for t in subjects(struck)] == ["Russia"]
    assert subjects(struck, before=4) == []  # "Russia" stands at 4: not before it
    obj = first_child(struck, "dobj", "obj")
    assert obj is not None and obj.text == "port"
    assert first_child(said, "dobj") is None
    assert first_child(None, "nsubj") is None


def test_the_tree_above_a_token() -> None:
    doc = _doc()
    assert first_conjunct(doc[2]).text == "Britain"
    assert first_conjunct(doc[4]).text == "Russia"  # no conjunct: itself
    assert (depth(doc[3]), depth(doc[6]), depth(doc[8])) == (0, 1, 2)
    assert is_ancestor(doc[3], doc[8]) and is_ancestor(doc[6], doc[8])
    assert not is_ancestor(doc[8], doc[3]) and not is_ancestor(doc[4], doc[8])
    assert inside(doc[4], doc[4:9]) and not inside(doc[3], doc[4:9])


def test_entities_and_character_offsets() -> None:
    doc = _doc()
    text = doc.text
    port = entity_of(doc[8])
    assert port is not None and (port.start, port.end) == (7, 9)
    assert entity_of(doc[1]) is None  # "and" between the two names is no part of them
    assert chars(doc[2]) == (text.index("France"), text.index("France") + len("France"))
    assert chars(doc[0:3]) == (0, len("Britain and France"))
    start = text.index("Russia")
    assert subtree_chars(doc[6]) == (start, text.index("."))
    at = token_at(doc, start + 2)
    assert at is not None and at.i == 4


def test_spans_against_each_other() -> None:
    assert overlaps((0, 5), (4, 8)) and overlaps((4, 8), (0, 5))
    assert not overlaps((0, 5), (5, 8))  # touching is not sharing
    assert contains((0, 10), (2, 10)) and not contains((2, 10), (0, 10))


def test_lookups_in_sorted_spans() -> None:
    text = 'He said "we will stay" and then "we leave" before he left.'
    first = (text.index('"we will'), text.index(" and"))
    second = (text.index('"we leave'), text.index(" before"))
    quoted = [first, second]
    assert last_starting(quoted, 0) == -1
    assert last_starting(quoted, quoted[0][0]) == 0
    assert last_starting(quoted, text.index("left")) == 1
    assert in_sorted(quoted, text.index("stay"))
    assert not in_sorted(quoted, text.index("then"))
    assert not in_sorted(quoted, text.index("left"))


def test_actor_mentions_by_start_then_actor_order() -> None:
    state = Actor("Ukraine", "state", "UKR", "GOV", None, ((0, 4), (40, 44)))
    group = Actor("Ukrainian forces", "group", "UKR", "MIL", None, ((0, 11),))
    found = actor_mentions((state, group))
    assert [(m.start, m.actor.name) for m in found] == [
        (0, "Ukraine"),
        (0, "Ukrainian forces"),
        (40, "Ukraine"),
    ]
