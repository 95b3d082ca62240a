"""Where reported content ends: before a trailing phrase that says where or how it was said
("... in a statement", "... on Telegram") and before a trailing aside set off by a comma that
comments on it ("..., which the court has put on hold", "..., forcing them to turn back",
"..., a former governor"). Such tails are the reporter's, not the speaker's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitrep import data
from sitrep.errors import InputError
from sitrep.extract.parse import tokens_at

TAILS = "quotes/tails.json"
_ASIDE_DEPS = frozenset({"relcl", "appos"})
"""How the words after a comma attach when they comment on a noun before them."""
_PARTICIPLE_DEPS = frozenset({"advcl", "acl", "xcomp"})
"""How a participle after a comma attaches when it adds what followed ("..., forcing ...")."""


@dataclass(frozen=True, slots=True)
class Tails:
    """The words that open a trailing tail; see data/quotes/tails.json."""

    channel_preps: frozenset[str]
    channel_nouns: frozenset[str]
    aside_words: frozenset[str]

    @classmethod
    def load(cls, name: str = TAILS) -> Tails:
        """Read the tail lists; a broken file is an InputError naming it."""
        try:
            raw = data.read_json(name)
            return cls(
                channel_preps=frozenset(raw["channel_preps"]),
                channel_nouns=frozenset(raw["channel_nouns"]),
                aside_words=frozenset(raw["aside_words"]),
            )
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise InputError(str(data.path(name)), f"cannot read the quote tails: {err}") from err

    def end(self, doc: Doc, start: int, end: int, quoted: Callable[[int], bool]) -> int:
        """The end of reported content [start, end) without its trailing tail; ``quoted``
        tells whether an offset lies between quote marks (a quoted tail is the speaker's)."""
        span = tokens_at(doc, start, end)
        if span is None or len(span) < 4:
            return end
        last = span[-1]
        while last.i > span[0].i and (last.is_punct or last.is_space):
            last = doc[last.i - 1]
        first = span[0]
        for token in doc[first.i + 2 : last.i + 1]:
            if quoted(token.idx):
                continue
            if self._channel(token, last) or self._aside(token, last):
                return token.idx
        return end

    def _channel(self, prep: Token, last: Token) -> bool:
        """A preposition whose phrase runs to the end and names a channel ("in a statement")."""
        if prep.dep_ != "prep" or prep.lower_ not in self.channel_preps:
            return False
        if prep.right_edge.i < last.i:
            return False
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        return bool(objects) and objects[0].lemma_.lower() in self.channel_nouns

    def _aside(self, comma: Token, last: Token) -> bool:
        """A comma after which a relative clause, an apposition or a participle runs to the
        end: "..., which ...", "..., a former governor", "..., forcing them to ..."."""
        if comma.text != "," or comma.i + 1 > last.i:
            return False
        first = comma.doc[comma.i + 1]
        root = first
        while root.head.i != root.i and comma.i < root.head.i <= last.i:
            root = root.head
        if root.left_edge.i != first.i or root.right_edge.i < last.i:
            return False
        if root.dep_ == "appos" and any(c.dep_ in ("conj", "cc") for c in root.children):
            return False  # "a curfew, a ban and a law" is a list, not an aside
        if first.lower_ in self.aside_words or root.dep_ in _ASIDE_DEPS:
            return True
        return root.dep_ in _PARTICIPLE_DEPS and root.tag_ == "VBG"
