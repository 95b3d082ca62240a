"""The shortcuts that spare spaCy's rebuilt Doc properties give what the properties give."""

from __future__ import annotations

from sitrep.extract.parse import entity_of
from sitrep.extract.times.rules import Lexicon
from sitrep.extract.times.tense import direction
from sitrep.pipeline import Pipeline

TEXT = (
    "KHARKIV, Ukraine (AP) — Between 10 and 15 civilians were killed on Tuesday when "
    "Russian missiles struck a market in the Kharkiv region, Governor Oleh Syniehubov said. "
    "Ukraine's Foreign Ministry will meet European Union envoys in Brussels on Friday, "
    "and Tuesday's strike is expected to top the agenda."
)


def test_entity_of_matches_doc_ents(pipeline: Pipeline) -> None:
    doc = pipeline.nlp(TEXT)
    assert doc.ents, "the model tags no entity here; the test would prove nothing"
    for ent in doc.ents:
        for token in ent:
            found = entity_of(token)
            assert found is not None
            assert (found.start, found.end) == (ent.start, ent.end)
    outside = [t for t in doc if t.ent_iob_ == "O"]
    assert outside and all(entity_of(t) is None for t in outside)


def test_direction_with_text_matches_direction_without(pipeline: Pipeline) -> None:
    doc = pipeline.nlp(TEXT)
    lex = Lexicon.load()
    text = doc.text
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Tuesday", "Friday")]
    spans.append((text.rindex("Tuesday"), text.rindex("Tuesday") + len("Tuesday")))
    directions = [direction(doc, s, e, lex, text) for s, e in spans]
    assert directions == [direction(doc, s, e, lex) for s, e in spans]
    assert directions[2] == "past"  # the possessive "Tuesday's strike" reads the passed text
