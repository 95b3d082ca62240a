"""The column attribute ruler gives the model's own token attributes, only cheaper."""

from __future__ import annotations

import importlib

import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from sitrep.nlp import attributes
from sitrep.nlp.attributes import ColumnAttributeRuler
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

# Wire text with what the ruler's rules of several tokens catch ("there are", "gon na",
# "let's"), its contractions ("ca n't", "'d"), pronouns in every case, and a double space.
TEXT = """KYIV, Ukraine - There are no talks planned, and there was no ceasefire overnight, the
foreign minister said on Tuesday.  "They're gonna keep hitting us. We can't let 'em win, and
we'd do it again," she told reporters. "Let's be clear: I ain't leaving, nothing's changed."

It was not clear whether Moscow had received the letter; officials who had seen it said it
gets read. Somethin' ol' was left there, y'all said, and he got the letter himself.
"""


@pytest.fixture(scope="module")
def model(settings: Settings) -> Language:
    """The model as it ships: its own attribute ruler and lemmatizer."""
    loaded: Language = importlib.import_module(settings.model).load()
    return loaded


def test_attributes_are_the_models_own(model: Language, settings: Settings) -> None:
    columns: Language = importlib.import_module(settings.model).load()
    attributes.use_columns(columns)
    assert isinstance(columns.get_pipe("attribute_ruler"), ColumnAttributeRuler)
    assert columns.pipe_names == model.pipe_names
    theirs = model(TEXT)
    for _ in range(2):  # the second pass reads every row from the component's dict
        ours = columns(TEXT)
        for attr in (TAG, POS, MORPH, LEMMA, DEP):
            assert ours.to_array([attr]).tolist() == theirs.to_array([attr]).tolist()
    # What the rules of several tokens set: "are" after "There" is a verb, "na" lemmatised "to".
    assert [t.pos_ for t in ours if t.lower_ in ("are", "was") and t.nbor(-1).lower_ == "there"
            ] == ["VERB", "VERB"]
    assert {t.lemma_ for t in ours if t.lower_ == "na"} == {"to"}
    assert {t.lemma_ for t in ours if t.lower_ == "ca"} == {"can"}


def test_the_pipeline_uses_it_in_the_models_place(pipeline: Pipeline, model: Language) -> None:
    # (The pipeline's parse itself differs from the bare model's: paragraphs end sentences.)
    assert isinstance(pipeline.nlp.get_pipe("attribute_ruler"), ColumnAttributeRuler)
    names = [n for n in pipeline.nlp.pipe_names if n in model.pipe_names]
    assert names == model.pipe_names
    doc = pipeline.nlp(TEXT)
    assert {t.lemma_ for t in doc if t.lower_ in ("are", "was", "'re", "is")} == {"be"}


def test_a_rule_setting_another_attribute_keeps_the_models_ruler(model: Language) -> None:
    ruler = AttributeRuler(model.vocab)
    ruler.add([[{"LOWER": "kyiv"}]], {"NORM": "kyiv"})
    assert not attributes.writable(ruler)
    with pytest.raises(ValueError, match="keep the model's own ruler"):
        ColumnAttributeRuler(ruler)
