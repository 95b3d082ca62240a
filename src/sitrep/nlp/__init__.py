"""build_nlp(settings): the small English model plus sitrep's genre fixes (patterns are data)."""

from __future__ import annotations

import importlib
from importlib import metadata
from typing import Any

import spacy
from spacy.language import Language

from sitrep import data
from sitrep.nlp import attributes, entity_fixes, lemmas, paragraphs
from sitrep.settings import Settings

VERSION = "sitrep.nlp.v7"
"""Bumped whenever sitrep's own components (patterns, paragraph breaks, entity fixes) change."""
PATTERN_DIR = "nlp/patterns"


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
    nlp: Language = module.load()
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
    # The ruler matches phrase patterns on ORTH, the tokenizer's output; left to itself it
    # would run every pipe before it (tok2vec, tagger, parser...) over each pattern, most of a
    # second at every start. With the pipes off, the patterns are only tokenized: the same.
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(load_patterns())  # type: ignore[attr-defined]
    # Before the parser: a sentence never runs over a line break into the next paragraph.
    paragraphs.register()
    nlp.add_pipe(paragraphs.FACTORY, name="sitrep_paragraph_breaks", before="parser")
    # After the model: names after an office or a known given name, which it misses or calls ORG.
    entity_fixes.register()
    nlp.add_pipe(entity_fixes.FACTORY, name="sitrep_entity_fixes", after="ner")
    return nlp


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
