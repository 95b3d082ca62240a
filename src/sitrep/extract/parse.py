"""Helpers over the spaCy parse that every stage reads the same way: the arguments of a predicate,
the tree above a token, conjuncts, entities from their IOB tags, and character offsets."""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.model import Span

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
"""A predicate's nominal subjects, active or passive."""
MAX_DEPTH = 50
"""Steps up the tree at most: a bound on a malformed parse, far above any real sentence."""


def first_child(token: Token | None, *deps: str) -> Token | None:
    """The token's first child in one of the dependencies, or None (also for no token)."""
    if token is None:
        return None
    return next((c for c in token.children if c.dep_ in deps), None)


def subjects(predicate: Token, *, before: int | None = None) -> list[Token]:
    """The predicate's nominal subjects in text order; only those before token index ``before``
    when given ("X, he said, was": the subjects of "was" before "said")."""
    return [
        c
        for c in predicate.children
        if c.dep_ in SUBJECT_DEPS and (before is None or c.i < before)
    ]


def first_conjunct(token: Token) -> Token:
    """ "France" in "Britain and France": the conjunct whose place in the sentence it shares."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def depth(token: Token) -> int:
    """Steps from the token up to its sentence's root."""
    steps = 0
    while token.head.i != token.i and steps < MAX_DEPTH:
        token = token.head
        steps += 1
    return steps


def is_ancestor(ancestor: Token, token: Token) -> bool:
    """Whether ``ancestor`` governs ``token``, directly or through other words (by index: spaCy
    builds a new Token each time, so ``is`` would fail)."""
    return any(a.i == ancestor.i for a in token.ancestors)


def inside(token: Token, span: SpacySpan) -> bool:
    """Whether a token lies in a span of its doc."""
    return span.start <= token.i < span.end


def entity_of(token: Token) -> SpacySpan | None:
    """The entity a token is part of, read from the IOB tags around it, or None.

    Not ``Doc.ents``: spaCy builds every entity span again on each access.
    """
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def chars(item: Token | SpacySpan) -> Span:
    """The character offsets of a token or a span."""
    if isinstance(item, Token):
        return (item.idx, item.idx + len(item))
    return (item.start_char, item.end_char)


def subtree_chars(token: Token) -> Span:
    """The character offsets of a token's whole phrase, from its left edge to its right edge."""
    last = token.right_edge
    return (token.left_edge.idx, last.idx + len(last))


def tokens_at(doc: Doc, start: int, end: int) -> SpacySpan | None:
    """The tokens over the characters [start, end), widened to whole tokens; None when there
    are none (a stretch of whitespace between tokens)."""
    return doc.char_span(start, end, alignment_mode="expand")


def token_at(doc: Doc, offset: int) -> Token | None:
    """The token over a character offset, or None."""
    span = tokens_at(doc, offset, offset + 1)
    return span[0] if span is not None and len(span) else None
