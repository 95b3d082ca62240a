"""The model's attribute ruler, run over a doc's columns instead of through its matcher.

The model's ``AttributeRuler`` matches its 179 patterns (a tag map, morphology rules, a few
contractions) at every token of every doc: about a seventh of the whole parse on news pages.
All but a handful of those patterns look at one token only, through its text, tag and
dependency, so what they make of a token depends on those and on the token's annotations
before the ruler. This component asks the model's own one-token patterns once per distinct
row (which of the patterns' word tests the word passes, its tag, dependency, POS, morphology
and lemma: see ``word_tests``), with the model's own matcher on that one token, and every
other token with the same row reads the answer from a dict. The patterns of
several tokens ("gon na", "there is") still run through a matcher over the whole doc, on their
own. Matches are applied in the ruler's order (a later pattern wins), so every token ends with
the attributes the model's ruler gives it; a test compares them over real text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from thinc.types import Ints2d

from sitrep.nlp.word_tests import WORD_KEYS, WordTests

FACTORY = "sitrep_column_attribute_ruler"

WRITTEN = (TAG, DEP, POS, MORPH, LEMMA)
"""The token attributes the component may write, in the order of its output rows."""
_COLUMNS = [ORTH, *WRITTEN]
"""A token's row: its text, then what the ruler may overwrite (kept where no rule sets it)."""
_ONE_TOKEN_KEYS = WORD_KEYS | {"TAG", "DEP", "POS", "MORPH", "LEMMA"}
"""Pattern keys read from the token itself (its word, or what the parse gave it): a pattern
testing only these, on one token, says the same of every token with the same row."""

_Row = tuple[int, ...]


class ColumnAttributeRuler:
    """Sets each token's attributes as the wrapped attribute ruler would, once per distinct row."""

    def __init__(self, base: AttributeRuler) -> None:
        if not writable(base):
            raise ValueError("the attribute ruler's rules set attributes other than "
                             f"{sorted(WRITTEN)}; keep the model's own ruler")
        self.vocab = base.vocab
        self.attrs: list[dict[int, int]] = [
            {int(k): int(v) for k, v in attrs.items()} for attrs in base.attrs]
        """The attributes each rule sets, by rule number (normalised by the ruler itself)."""
        self.single = Matcher(base.vocab)
        """The rules' patterns of one token, each tested on one token at a time."""
        self.spans = Matcher(base.vocab)
        """The rest: patterns over several tokens, run over the whole doc."""
        self.indices: list[int] = list(base.indices)
        singles: list[dict[str, Any]] = []
        for number, rule in enumerate(base.patterns):
            single, spans = _split(cast(Any, rule["patterns"]), self.indices[number])
            key = str(number)
            if single:
                self.single.add(key, single)
                singles.extend(pattern[0] for pattern in single)
            if spans:
                self.spans.add(key, spans)
        self.words = WordTests(singles)
        self.signatures: dict[int, int] = {}
        """For each word (ORTH) seen so far, the number of the word tests it passes."""
        self.known: dict[_Row, tuple[_Row, tuple[int, ...]]] = {}
        """Each row seen so far (the word's signature, then the attributes the ruler may
        overwrite): the row the one-token rules make of it, and those rules."""

    def __call__(self, doc: Doc) -> Doc:
        """The doc with the attribute ruler's attributes set on every token."""
        if not len(doc):
            return doc
        rows = [self._row(row) for row in doc.to_array(_COLUMNS).tolist()]
        known = self.known
        out: list[_Row] = []
        for i, row in enumerate(rows):
            found = known.get(row)
            if found is None:
                ones = self._rules(doc, i, self.single)
                found = (self._apply(row[1:], ones), ones)
                known[row] = found
            out.append(found[0])
        for i, rules in self._span_rules(doc).items():
            # A token that a rule of several tokens reaches: every rule that matched it, in the
            # ruler's order, from the token's row as the parse left it.
            out[i] = self._apply(rows[i][1:], sorted({*rules, *known[rows[i]][1]}))
        doc.from_array(list(WRITTEN), cast(Ints2d, numpy.array(out, dtype=numpy.uint64)))
        return doc

    def _row(self, columns: list[int]) -> _Row:
        """A token's row, its word replaced by the number of the word tests it passes: words
        that pass the same tests are alike to every one-token rule."""
        orth = columns[0]
        if not self.words.supported:
            return tuple(columns)
        signature = self.signatures.get(orth)
        if signature is None:
            signature = self.words.signature(self.vocab[orth])
            self.signatures[orth] = signature
        return (signature, *columns[1:])

    def _rules(self, doc: Doc, i: int, matcher: Matcher) -> tuple[int, ...]:
        """The numbers of the one-token rules that match token ``i``, in the ruler's order."""
        matches = matcher(doc[i : i + 1], allow_missing=True, as_spans=False)
        strings = self.vocab.strings
        return tuple(sorted({int(strings[m_id]) for m_id, _, _ in cast(Any, matches)}))

    def _span_rules(self, doc: Doc) -> dict[int, list[int]]:
        """The rules of several tokens that match, by the token each one sets."""
        reached: dict[int, list[int]] = {}
        if not len(self.spans):
            return reached
        strings = self.vocab.strings
        for m_id, start, end in cast(Any, self.spans(doc, allow_missing=True, as_spans=False)):
            number = int(strings[m_id])
            # The ruler's own indexing of its match: a Span, so a negative index counts back.
            token = doc[start:end][self.indices[number]]
            reached.setdefault(token.i, []).append(number)
        return reached

    def _apply(self, values: _Row, rules: Iterable[int]) -> _Row:
        """The written attributes after the rules, applied in order, set theirs on ``values``."""
        current = dict(zip(WRITTEN, values, strict=True))
        for number in rules:
            current.update(self.attrs[number])
        return tuple(current[attr] for attr in WRITTEN)


def writable(base: AttributeRuler) -> bool:
    """Whether every rule of the ruler sets only attributes this component writes."""
    return all(key in WRITTEN for attrs in base.attrs for key in attrs)


def _split(patterns: Sequence[Sequence[Mapping[str, Any]]],
           index: int) -> tuple[list[list[dict[str, Any]]], list[list[dict[str, Any]]]]:
    """A rule's patterns: those of one token that a token's own row decides, and the rest."""
    single: list[list[dict[str, Any]]] = []
    spans: list[list[dict[str, Any]]] = []
    for pattern in patterns:
        tokens = [dict(token) for token in pattern]
        one_token = (len(tokens) == 1 and index in (0, -1)
                     and set(tokens[0]) <= _ONE_TOKEN_KEYS)
        (single if one_token else spans).append(tokens)
    return single, spans


def register() -> None:
    """Register the factory (idempotent); the component wraps the pipeline's own ruler."""
    if FACTORY in Language.factories:
        return

    @Language.factory(FACTORY, assigns=["token.tag", "token.dep", "token.pos", "token.morph",
                                        "token.lemma"])
    def make(nlp: Language, name: str) -> ColumnAttributeRuler:
        return ColumnAttributeRuler(cast(AttributeRuler, nlp.get_pipe("attribute_ruler")))


def use_columns(nlp: Language) -> None:
    """Put the column ruler in the place of the model's attribute ruler, if it has one.

    It is built beside the model's (whose patterns it reads), then takes its name and place.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return
    base = nlp.get_pipe("attribute_ruler")
    if not isinstance(base, AttributeRuler) or not writable(base):
        return
    register()
    nlp.add_pipe(FACTORY, name=FACTORY, after="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    nlp.rename_pipe(FACTORY, "attribute_ruler")
