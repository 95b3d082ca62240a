"""build_nlp(settings): the small English model plus sitrep's genre fixes (patterns are data)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib import metadata
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokenizer import Tokenizer
from spacy.util import registry

from sitrep import data
from sitrep.nlp import attributes, entity_fixes, lemmas, paragraphs, phrases
from sitrep.settings import Settings

VERSION = "sitrep.nlp.v7"
"""Bumped whenever sitrep's own components (patterns, paragraph breaks, entity fixes) change."""
PATTERN_DIR = "nlp/patterns"
EMPTY_TOKENIZER = "sitrep.empty_tokenizer.v1"
"""The tokenizer a model is built with before its own saved tokenizer is read into it."""


def load_patterns(folder: str = PATTERN_DIR) -> list[dict[str, Any]]:
    """Every entity-ruler pattern shipped with sitrep, in file-name order."""
    patterns: list[dict[str, Any]] = []
    for name in data.names():
        if name.startswith(f"{folder}/") and name.endswith(".jsonl"):
            patterns.extend(data.read_jsonl(name))
    return patterns


def build_nlp(settings: Settings) -> Language:
    """Load the model once and add the rules that fix what it gets wrong on news about wars."""
    module = importlib.import_module(settings.model)
    nlp: Language = _load_model(module)
    # The model's own attributes and lemmas, asked once per distinct token, not token by token.
    attributes.use_columns(nlp)
    lemmas.use_columns(nlp)
    # The ruler runs before the statistical NER and wins over it: "Kyiv" is a GPE, never a PERSON.
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="sitrep_entities",
        before="ner",
        config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"},
    )
    # The ruler matches phrase patterns on ORTH, the tokenizer's output: their token keys are
    # cached, so that a start does not tokenize 2,132 phrases (see `phrases`).
    phrases.add_patterns(nlp, cast(EntityRuler, ruler), load_patterns(), settings.cache_path)
    # Before the parser: a sentence never runs over a line break into the next paragraph.
    paragraphs.register()
    nlp.add_pipe(paragraphs.FACTORY, name="sitrep_paragraph_breaks", before="parser")
    # After the model: names after an office or a known given name, which it misses or calls ORG.
    entity_fixes.register()
    nlp.add_pipe(entity_fixes.FACTORY, name="sitrep_entity_fixes", after="ner")
    return nlp


def _load_model(module: Any) -> Language:
    """The model package's pipeline, built with an empty tokenizer that its saved one fills.

    A model's config builds the language's default tokenizer (for English about 1,300 special
    cases and three affix regexes, a tenth of a second), and loading the model then replaces
    every rule and pattern of it with the tokenizer saved in the package. Starting from an empty
    one skips the first build: the same tokenizer in the end.
    """
    if EMPTY_TOKENIZER not in registry.tokenizers:
        registry.tokenizers.register(EMPTY_TOKENIZER, func=_empty_tokenizer)
    nlp: Language = module.load(
        config={"nlp": {"tokenizer": {"@tokenizers": EMPTY_TOKENIZER}}})
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer) and not tokenizer.rules and tokenizer.prefix_search is None:
        # A package without a saved tokenizer (none of spaCy's): its config's own, then.
        nlp = module.load()
    return nlp


def _empty_tokenizer() -> Callable[[Language], Tokenizer]:
    """A tokenizer with no rules, for a model to read its saved tokenizer into."""
    def make(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)
    return make


def blank_nlp() -> Language:
    """A tokenizer-only English pipeline, for tests that need Docs but not the model."""
    return spacy.blank("en")


def model_version(module: str) -> str:
    """The installed version of a model package, or "unknown"."""
    try:
        return metadata.version(module)
    except metadata.PackageNotFoundError:
        pass
    # A package whose distribution has another name than its module (rare for spaCy models).
    for dist in metadata.packages_distributions().get(module, []):
        return metadata.version(dist)
    return "unknown"
