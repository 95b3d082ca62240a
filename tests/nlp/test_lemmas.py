"""The column lemmatizer gives the model's own lemmas, token for token, only cheaper."""

from __future__ import annotations

import importlib

from spacy.language import Language
from spacy.pipeline import Lemmatizer

from sitrep.nlp.lemmas import ColumnLemmatizer
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

TEXT = """KHARKIV, Ukraine - Russian drones struck an apartment block overnight, killing three
people and wounding 14 others, the regional governor said on Tuesday.

Rescuers were still searching the rubble, and officials said the toll could rise. "They are
hitting us again and again," said Oleh Syniehubov, who leads the region's military administration.

Ukraine's forces have been fighting off attacks near Kupiansk for weeks; the ministry said its
troops had repelled 23 assaults, destroyed two tanks and shot down 31 of the 40 drones launched.
Russian drones struck again on Wednesday. The better-armed brigades held their best positions.
"""


def test_lemmas_are_the_models_own(pipeline: Pipeline, settings: Settings) -> None:
    model: Language = importlib.import_module(settings.model).load()
    assert isinstance(pipeline.nlp.get_pipe("lemmatizer"), ColumnLemmatizer)
    ours = pipeline.nlp(TEXT)
    theirs = model(TEXT)
    assert [t.text for t in ours] == [t.text for t in theirs]
    assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
    # Twice over: the second pass reads every lemma from the component's dict.
    assert [t.lemma_ for t in pipeline.nlp(TEXT)] == [t.lemma_ for t in theirs]
    assert {"strike", "kill", "wound", "say", "drone", "be", "good"} <= {t.lemma_ for t in ours}


def test_the_models_lemmatizer_is_left_as_it_was(settings: Settings) -> None:
    model: Language = importlib.import_module(settings.model).load()
    base = model.get_pipe("lemmatizer")
    assert isinstance(base, Lemmatizer)
    column = ColumnLemmatizer(base)
    index = base.lookups.get_table("lemma_index")
    assert all(isinstance(words, list) for words in index.values())
    assert all(isinstance(words, frozenset)
               for words in column.rules.lookups.get_table("lemma_index").values())
