"""The model is built with an empty tokenizer that its saved one fills: the model's own."""

from __future__ import annotations

import importlib
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from sitrep.nlp import EMPTY_TOKENIZER, _load_model
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

TEXT = """KYIV, Ukraine (AP) - Russia's drones hit Kharkiv's power grid overnight, cutting
heating to 250,000 homes, officials said on Feb. 3. "We can't wait," the U.S.-backed mayor said;
see https://example.org/news?id=7 or e-mail press@example.org. Losses: ~$1.2bn (est.)."""


def test_the_tokenizer_is_the_models_own(pipeline: Pipeline, settings: Settings) -> None:
    model: Language = importlib.import_module(settings.model).load()
    ours = pipeline.nlp.tokenizer
    assert pipeline.nlp.config["nlp"]["tokenizer"]["@tokenizers"] == EMPTY_TOKENIZER
    # (Its vocab is not compared: the pipeline has added the strings of its patterns.)
    assert ours.to_bytes(exclude=["vocab"]) == model.tokenizer.to_bytes(  # type: ignore[union-attr]
        exclude=["vocab"])
    assert [(t.text, t.whitespace_) for t in ours(TEXT)] == [
        (t.text, t.whitespace_) for t in model.tokenizer(TEXT)]
    # Its special cases and affixes are there: "can't" is two words, "(AP)" three, "Feb." one.
    words = [t.text for t in ours(TEXT)]
    assert "ca" in words and "n't" in words and "Feb." in words and "AP" in words


class _NoSavedTokenizer:
    """A model package whose pipeline has no saved tokenizer: its config alone makes one."""

    @staticmethod
    def load(**overrides: Any) -> Language:
        return spacy.blank("en", **overrides)


def test_a_model_without_a_saved_tokenizer_keeps_its_configs_own() -> None:
    tokenizer = _load_model(_NoSavedTokenizer()).tokenizer
    assert isinstance(tokenizer, Tokenizer)
    assert tokenizer.rules and tokenizer.prefix_search is not None
    assert [t.text for t in tokenizer("We can't (AP).")] == ["We", "ca", "n't", "(", "AP", ")", "."]
