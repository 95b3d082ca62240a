"""The model's rule lemmatizer, run over a doc's columns instead of token by token.

spaCy's ``Lemmatizer.__call__`` makes a Token and a MorphAnalysis for every token and looks its
cache up through them: about a tenth of the whole parse on news pages, for a lemma that depends
only on the token's text, part of speech and morphology. And each first sight of a word tests
the forms its suffix rules make for membership in the index table, a Python list of up to
57,000 words, scanned end to end. This component keeps the model's lemmatizer (its tables, its
rules, its English base-form test), gives it the index as sets (membership is all it asks of
it), and asks it once per distinct (text, POS, morphology) triple; every other token reads the
answer from a dict over the doc's arrays. The lemmas are the model's own, token for token (a
test compares them over real pages); only the bookkeeping is cheaper.
"""

from __future__ import annotations

import copy
from typing import cast

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from thinc.types import Ints2d

FACTORY = "sitrep_column_lemmatizer"

_Key = tuple[int, int, int]


class ColumnLemmatizer:
    """Sets each token's lemma as the wrapped rule lemmatizer would, one lookup per triple."""

    def __init__(self, base: Lemmatizer) -> None:
        self.overwrite = bool(base.overwrite)
        self.rules = _with_index_sets(base)
        self.known: dict[_Key, int] = {}
        """Lemma (a string-store hash) of each (ORTH, POS, MORPH) triple seen so far."""

    def __call__(self, doc: Doc) -> Doc:
        """The doc with every token's lemma set, keeping any set before (``overwrite`` off)."""
        if not len(doc):
            return doc
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = columns[:, 3].copy()
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            found = self.known.get(key)
            if found is None:
                # The model's own answer for this triple: the same function, asked once.
                found = strings.add(self.rules.rule_lemmatize(doc[i])[0])
                self.known[key] = found
            lemmas[i] = found
        doc.from_array([LEMMA], cast(Ints2d, lemmas.reshape(-1, 1).astype(numpy.uint64)))
        return doc


def _with_index_sets(base: Lemmatizer) -> Lemmatizer:
    """A copy of the lemmatizer whose index table holds sets; the model's own is untouched."""
    rules = copy.copy(base)
    rules.cache = {}
    lookups = Lookups()
    for name in base.lookups.tables:
        table = base.lookups.get_table(name)
        if name == "lemma_index":
            sets = Table(name=name)
            for key, words in table.items():
                sets[key] = frozenset(words)
            table = sets
        lookups.set_table(name, table)
    rules.lookups = lookups
    return rules


def register() -> None:
    """Register the factory (idempotent); the component wraps the pipeline's own lemmatizer."""
    if FACTORY in Language.factories:
        return

    @Language.factory(FACTORY, assigns=["token.lemma"])
    def make(nlp: Language, name: str) -> ColumnLemmatizer:
        return ColumnLemmatizer(cast(Lemmatizer, nlp.get_pipe("lemmatizer")))


def use_columns(nlp: Language) -> None:
    """Put the column lemmatizer in the place of the model's rule lemmatizer, if it has one.

    It is built beside the model's (whose tables it reads), then takes its name and place.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return
    base = nlp.get_pipe("lemmatizer")
    if not isinstance(base, Lemmatizer) or base.mode != "rule":
        return
    register()
    nlp.add_pipe(FACTORY, name=FACTORY, after="lemmatizer")
    nlp.remove_pipe("lemmatizer")
    nlp.rename_pipe(FACTORY, "lemmatizer")
