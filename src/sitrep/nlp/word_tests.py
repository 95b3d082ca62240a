"""What one-token matcher patterns ask of a word's own text, answered once per word.

A pattern such as ``{"TAG": "PRP", "LOWER": {"IN": ["he", "him"]}}`` tests the word (its
lowercase form) and the token's annotations. Two words that pass the same word tests of every
pattern are alike to the patterns: only their annotations can tell them apart. ``WordTests``
gives each word the number of its set of passed tests, so that the column attribute ruler can
key its answers on that number instead of on every distinct word. The tests are spaCy
``Matcher``'s own, for the forms it reads here: a string (equality), ``IN`` and ``NOT_IN`` (set
membership), ``REGEX`` (``re.search``) on ORTH, TEXT or LOWER, and a boolean IS_SPACE. A
pattern with any other form of word test makes ``supported`` false, and the caller keys on
the word itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.lexeme import Lexeme

WORD_KEYS = frozenset({"ORTH", "TEXT", "LOWER", "IS_SPACE"})
"""Pattern keys that test the word itself, the same for every token of it."""


@dataclass(frozen=True, slots=True)
class _Word:
    """What the tests read of a word."""

    orth: str
    lower: str
    space: bool


@dataclass(frozen=True, slots=True)
class _Test:
    """One word test of one pattern."""

    key: str
    """ORTH (TEXT is the same), LOWER or IS_SPACE."""
    words: frozenset[str] | None = None
    """The words it accepts (equality, IN), or refuses (NOT_IN)."""
    refuses: bool = False
    regex: re.Pattern[str] | None = None
    space: bool | None = None

    def passes(self, word: _Word) -> bool:
        """Whether the word passes this test, as the Matcher would decide."""
        if self.space is not None:
            return word.space is self.space
        text = word.lower if self.key == "LOWER" else word.orth
        if self.regex is not None:
            return self.regex.search(text) is not None
        assert self.words is not None
        return (text in self.words) is not self.refuses


class WordTests:
    """The word tests of some one-token patterns, and which of them a word passes."""

    def __init__(self, patterns: Sequence[Mapping[str, Any]]) -> None:
        self.supported = True
        """Whether every word test is of a form read here (else key on the word itself)."""
        self.tests: dict[int, list[_Test]] = {}
        """Each pattern that tests the word, by its number: its tests (all must pass)."""
        self.by_word: dict[tuple[str, str], list[int]] = {}
        """The patterns one of whose tests accepts only listed words, by (key, word)."""
        self.always: list[int] = []
        """The patterns with no such test: tried on every word."""
        self.numbers: dict[tuple[int, ...], int] = {}
        """A number for each set of passed patterns seen so far."""
        for number, pattern in enumerate(patterns):
            tests = []
            for key, value in pattern.items():
                if key not in WORD_KEYS:
                    continue
                test = _test(key, value)
                if test is None:
                    self.supported = False
                    return
                tests.append(test)
            if tests:
                self._add(number, tests)

    def _add(self, number: int, tests: list[_Test]) -> None:
        self.tests[number] = tests
        listed = next((t for t in tests if t.words is not None and not t.refuses), None)
        if listed is None:
            self.always.append(number)
            return
        assert listed.words is not None
        for word in listed.words:
            self.by_word.setdefault((listed.key, word), []).append(number)

    def signature(self, lexeme: Lexeme) -> int:
        """The number of the set of patterns whose word tests the word passes."""
        word = _Word(str(lexeme.orth_), str(lexeme.lower_), bool(lexeme.is_space))
        tried = {*self.always, *self.by_word.get(("ORTH", word.orth), ()),
                 *self.by_word.get(("LOWER", word.lower), ())}
        passed = tuple(sorted(n for n in tried if all(t.passes(word) for t in self.tests[n])))
        return self.numbers.setdefault(passed, len(self.numbers))


def _test(key: str, value: object) -> _Test | None:
    """One word test as the Matcher reads it, or None for a form not read here."""
    key = "ORTH" if key == "TEXT" else key
    if key == "IS_SPACE":
        return _Test(key, space=value) if isinstance(value, bool) else None
    if isinstance(value, str):
        return _Test(key, words=frozenset([value]))
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((op, arg),) = value.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
        return _Test(key, words=frozenset(arg), refuses=op == "NOT_IN")
    if op == "REGEX" and isinstance(arg, str):
        return _Test(key, regex=re.compile(arg))
    return None
