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


def _object_of(parse: list[tuple[str, int, str, str, str]], verb: int) -> str:
    """What object_content reports for the verb of a hand-made parse: one (word, head, dep,
    tag, lemma) a token, words separated by spaces."""
    words, heads, deps, tags, lemmas = (list(column) for column in zip(*parse, strict=True))
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, tags=tags, lemmas=lemmas)
    span = object_content(doc[verb], CueLexicon.load())
    assert span is not None
    return doc.text[span[0] : span[1]]


def test_an_object_the_parser_cut_into_a_sentence_of_its_own_runs_on() -> None:
    # The parse a model gives "cited broken promises Moscow had made ...": a second root with
    # no stop before it, so the object's own tree ends at "promises".
    parse = [("Scholz", 1, "nsubj", "NNP", "Scholz"), ("cited", 1, "ROOT", "VBD", "cite"),
             ("broken", 3, "amod", "JJ", "broken"), ("promises", 1, "dobj", "NNS", "promise"),
             ("Moscow", 6, "nsubj", "NNP", "Moscow"), ("had", 6, "aux", "VBD", "have"),
             ("made", 6, "ROOT", "VBN", "make"), ("about", 6, "prep", "IN", "about"),
             ("the", 9, "det", "DT", "the"), ("corridor", 7, "pobj", "NN", "corridor")]
    said = _object_of(parse, 1)
    assert said == "broken promises Moscow had made about the corridor"


def test_a_stressed_object_is_what_was_said(extract: Extract) -> None:
    text = "The ambassador stressed her support for the sanctions regime."
    report = extract(text)
    [q] = [q for q in report.quotes if q.cue == "stressed"]
    assert q.text == "her support for the sanctions regime"
    assert q.cue_class == "speech"


def test_an_object_list_the_parser_hung_on_the_verb_stays_whole() -> None:
    # "mentioned rebuilding bridges and training engineers to ...": the parse hangs "and" and
    # the second gerund on the verb; both are what was mentioned.
    parse = [("Kyiv", 2, "nsubj", "NNP", "Kyiv"), ("has", 2, "aux", "VBZ", "have"),
             ("mentioned", 2, "ROOT", "VBN", "mention"),
             ("rebuilding", 4, "amod", "VBG", "rebuild"), ("bridges", 2, "dobj", "NNS", "bridge"),
             ("and", 2, "cc", "CC", "and"), ("training", 2, "conj", "VBG", "train"),
             ("engineers", 6, "dobj", "NNS", "engineer")]
    assert _object_of(parse, 2) == "rebuilding bridges and training engineers"


def test_a_second_predicate_after_the_object_is_not_part_of_it(extract: Extract) -> None:
    text = "The ministry announced new sanctions and warned of further measures."
    report = extract(text)
    [q] = [q for q in report.quotes if q.cue == "announced"]
    assert q.text == "new sanctions"


def test_reported_content_ends_before_the_outlet_it_was_said_in(extract: Extract) -> None:
    text = ("Foreign Minister Ivan Petrov met the envoy in Vienna on Tuesday.\n\n"
            "Petrov said the talks would resume next week in a statement.\n\n"
            "The ministry said the convoy had reached Kherson on Telegram.\n")
    report = extract(text)
    said = sorted((q for q in report.quotes if q.cue == "said"), key=lambda q: q.start)
    assert [q.text for q in said] == [
        "the talks would resume next week", "the convoy had reached Kherson"]


def test_reported_content_ends_before_a_comment_on_it(extract: Extract) -> None:
    text = ("Foreign Minister Ivan Petrov met the envoy in Vienna on Tuesday.\n\n"
            "Petrov said the ministry would appeal the ruling, which the court has put on "
            "hold.\n\n"
            "He said the army had closed the bridge, forcing civilians to take the ferry.\n")
    report = extract(text)
    said = sorted((q for q in report.quotes if q.cue == "said"), key=lambda q: q.start)
    assert [q.text for q in said] == [
        "the ministry would appeal the ruling", "the army had closed the bridge"]


def test_a_hearing_it_was_said_at_can_be_part_of_what_was_said(extract: Extract) -> None:
    text = ("Foreign Minister Ivan Petrov met the envoy in Vienna on Tuesday.\n\n"
            "Petrov said the witness refused to answer at a closed hearing.\n")
    report = extract(text)
    [q] = [q for q in report.quotes if q.cue == "said"]
    assert q.text == "the witness refused to answer at a closed hearing"
