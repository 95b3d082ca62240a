"""A quote's span is what was said: without its attribution and without the next sentence."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitrep.extract.quotes.clauses import object_content
from sitrep.extract.quotes.lexicon import CueLexicon
from sitrep.model import Report

Extract = Callable[..., Report]


def test_a_sentence_around_its_attribution_leaves_the_attribution_out(extract: Extract) -> None:
    text = ("Joe Biden spoke to reporters in Warsaw on Saturday. It was not, Biden said, the "
            "“position that the rest of Europe wishes to take”.")
    report = extract(text)
    said = report.article.text.index("Biden said")
    for q in report.quotes:
        assert not q.start <= said < q.end, q.text
    assert "It was not" in [q.text for q in report.quotes]


def test_a_reported_clause_ends_with_its_sentence(extract: Extract) -> None:
    text = ("The ministry said three depots were hit overnight. Rescuers searched the rubble "
            "for survivors on Friday.")
    report = extract(text)
    [q] = [q for q in report.quotes if q.cue == "said"]
    assert q.text == "three depots were hit overnight"


def test_an_object_runs_on_over_a_quoted_name_inside_it(extract: Extract) -> None:
    text = ("The minister described the new pipeline as “the backbone” of the region's energy "
            "supply during a visit to the port on Tuesday.")
    report = extract(text)
    [q] = [q for q in report.quotes if q.cue == "described" and q.kind == "indirect"]
    assert q.text.startswith("the new pipeline as “the backbone” of the region's energy")


def test_an_object_the_parser_cut_into_a_sentence_of_its_own_runs_on() -> None:
    # The parse a model gives "cited broken promises Moscow had made ...": a second root with
    # no stop before it, so the object's own tree ends at "promises".
    words = ["Scholz", "cited", "broken", "promises", "Moscow", "had", "made", "about", "the",
             "corridor"]
    heads = [1, 1, 3, 1, 6, 6, 6, 6, 9, 7]
    deps = ["nsubj", "ROOT", "amod", "dobj", "nsubj", "aux", "ROOT", "prep", "det", "pobj"]
    lemmas = ["Scholz", "cite", "broken", "promise", "Moscow", "have", "make", "about", "the",
              "corridor"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, lemmas=lemmas,
              spaces=[True] * 9 + [False])
    assert doc[4].is_sent_start
    span = object_content(doc[1], CueLexicon.load())
    assert span is not None
    assert doc.text[span[0] : span[1]] == "broken promises Moscow had made about the corridor"


def test_a_stressed_object_is_what_was_said(extract: Extract) -> None:
    text = "The ambassador stressed her support for the sanctions regime."
    report = extract(text)
    [q] = [q for q in report.quotes if q.cue == "stressed"]
    assert q.text == "her support for the sanctions regime"
    assert q.cue_class == "speech"


def test_an_object_list_the_parser_hung_on_the_verb_stays_whole() -> None:
    # "mentioned rebuilding bridges and training engineers to ...": the parse hangs "and" and
    # the second gerund on the verb; both are what was mentioned.
    words = ["Kyiv", "has", "mentioned", "rebuilding", "bridges", "and", "training",
             "engineers"]
    heads = [2, 2, 2, 4, 2, 2, 2, 6]
    deps = ["nsubj", "aux", "ROOT", "amod", "dobj", "cc", "conj", "dobj"]
    tags = ["NNP", "VBZ", "VBN", "VBG", "NNS", "CC", "VBG", "NNS"]
    lemmas = ["Kyiv", "have", "mention", "rebuild", "bridge", "and", "train", "engineer"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, tags=tags, lemmas=lemmas,
              spaces=[True] * 7 + [False])
    span = object_content(doc[2], CueLexicon.load())
    assert span is not None
    assert doc.text[span[0] : span[1]] == "rebuilding bridges and training engineers"


def test_a_second_predicate_after_the_object_is_not_part_of_it(extract: Extract) -> None:
    text = "The ministry announced new sanctions and warned of further measures."
    report = extract(text)
    [q] = [q for q in report.quotes if q.cue == "announced"]
    assert q.text == "new sanctions"
