"""What a regex's match can begin with, read from its parse: its first character, its first word.

A rule of the times grammar can match only where the text opens with one of its opening words
("last", "mid", "the") or, where no letter opens it, one of its opening characters; so a scan
tries at each word start only the rules that can open there. What is found is a superset:
anything the analysis does not follow (a back-reference, a negated class, a run of any letters)
makes it "anything", and a case-sensitive part is read case-blind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

ANY = None
"""The opening of a pattern that may begin with any character."""

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}


def openings(pattern: str, flags: int = 0) -> tuple[str | None, OpeningWords | None]:
    """What a non-empty match of the pattern can begin with: a character class (regex text, to
    be read case-blind), None if any character; and its opening words, None if unbounded."""
    parsed = sre_parse.parse(pattern, flags)
    parts, _ = _sequence(parsed)
    chars = None if parts is ANY else "[" + "".join(sorted(parts)) + "]"
    try:
        return chars, _opening_words(parsed)
    except Unbounded:
        return chars, None


def _sequence(items: Any) -> tuple[set[str] | None, bool]:
    """The opening of items matched one after another, and whether they can all match empty."""
    opening: set[str] = set()
    for op, value in items:
        first, empty = _item(op, value)
        if first is ANY:
            return ANY, True
        opening |= first
        if not empty:
            return opening, False
    return opening, True


def _item(op: Any, value: Any) -> tuple[set[str] | None, bool]:
    """The opening of one parsed element, and whether it can match the empty string."""
    if op is sre.LITERAL:
        return {_char(value)}, False
    if op is sre.IN:
        return _in(value), False
    if op is sre.BRANCH:
        opening: set[str] = set()
        empty = False
        for alternative in value[1]:
            first, can_be_empty = _sequence(alternative)
            if first is ANY:
                return ANY, True
            opening |= first
            empty = empty or can_be_empty
        return opening, empty
    if op is sre.SUBPATTERN:
        return _sequence(value[-1])
    if op in _REPEATS:
        low, _, body = value
        first, empty = _sequence(body)
        return first, empty or low == 0
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(value)
    if op in _ZERO_WIDTH:
        return set(), True
    return ANY, True  # any character, a back-reference, a conditional group: not followed


def _in(items: Any) -> set[str] | None:
    """The class of a bracketed set; a negated set may begin with almost anything."""
    out: set[str] = set()
    for op, value in items:
        if op is sre.LITERAL:
            out.add(_char(value))
        elif op is sre.RANGE:
            out.add(f"{_char(value[0])}-{_char(value[1])}")
        elif op is sre.CATEGORY and value in _CATEGORIES:
            out.add(_CATEGORIES[value])
        else:
            return ANY
    return out


def _char(code: int) -> str:
    """A code point as it may stand in a character class."""
    return re.escape(chr(code))


class Unbounded(Exception):
    """The words a pattern can open with are too many or not finite: it is tried everywhere."""


@dataclass(frozen=True, slots=True)
class OpeningWords:
    """The words a pattern's match can begin with, lower-cased ASCII letters.

    ``words``: the whole run of letters the match starts with is one of these. ``prefixes``: the
    run begins with one of these (the match can end inside a word)."""

    words: frozenset[str]
    prefixes: frozenset[str]


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
LETTER_RUN = re.compile("[a-z]+", re.IGNORECASE)
"""A run of letters as a scan reads it: case-blind, so it takes in every character that a
case-blind pattern letter can match ("ſ" for "s")."""
_MAX_BRANCHES = 8
_MAX_STEPS = 100_000


def _opening_words(parsed: Any) -> OpeningWords:
    """The words a match of a parsed pattern can begin with, when it begins with a letter;
    raises Unbounded when it may begin with too many or unknown letter runs."""
    words: set[str] = set()
    prefixes: set[str] = set()
    steps = [0]

    def word_ends(prefix: str) -> None:
        if prefix:
            words.add(prefix)

    def pattern_ends(prefix: str) -> None:
        if not prefix:
            raise Unbounded
        prefixes.add(prefix)

    def walk(items: Any, i: int, prefix: str, then: Callable[[str], None]) -> None:
        steps[0] += 1
        if steps[0] > _MAX_STEPS or len(prefix) > 40:
            raise Unbounded
        if i == len(items):
            then(prefix)
            return
        op, value = items[i]

        def rest(p: str) -> None:
            walk(items, i + 1, p, then)

        if op in _ZERO_WIDTH:
            rest(prefix)
        elif op is sre.SUBPATTERN:
            walk(value[-1], 0, prefix, rest)
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            walk(value, 0, prefix, rest)
        elif op is sre.BRANCH:
            for alternative in value[1]:
                walk(alternative, 0, prefix, rest)
        elif op in _REPEATS:
            low, high, body = value

            def repeat(count: int, p: str) -> None:
                if count >= low:
                    rest(p)
                if count < high:
                    walk(body, 0, p, lambda q: repeat(count + 1, q))

            repeat(0, prefix)
        elif op is sre.LITERAL or op is sre.IN:
            letters, other = _letters(op, value)
            if other:
                word_ends(prefix)
            if len(letters) > _MAX_BRANCHES:
                raise Unbounded
            for letter in letters:
                rest(prefix + letter)
        else:
            raise Unbounded

    walk(parsed, 0, "", pattern_ends)
    return OpeningWords(frozenset(words), frozenset(prefixes))


def _letters(op: Any, value: Any) -> tuple[tuple[str, ...], bool]:
    """The lower-case ASCII letters one character element matches case-blind, and whether it
    can match a character outside a letter run."""
    if op is sre.LITERAL:
        char = chr(value)
        if char.isascii():
            letters = (char.lower(),) if char.isalpha() else ()
            return letters, not letters
        return _class_letters(re.escape(char)), LETTER_RUN.fullmatch(char) is None
    parts = _in(value)
    if parts is ANY:
        return tuple(_LETTERS), True
    # A class may hold more than letters; reading it so is only slower, never wrong.
    return _class_letters("[" + "".join(sorted(parts)) + "]"), True


@cache
def _class_letters(cls: str) -> tuple[str, ...]:
    """The lower-case ASCII letters a character class matches case-blind."""
    pattern = re.compile(cls, re.IGNORECASE)
    return tuple(x for x in _LETTERS if pattern.fullmatch(x))
