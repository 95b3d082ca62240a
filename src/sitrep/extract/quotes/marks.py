"""Pairing quote marks into quoted spans, one paragraph at a time, with a bounded rule that resyncs.

Marks are paired inside a paragraph only. A quote left open at the end of a paragraph continues
into the next paragraph when that one opens with a quote mark (the newspaper convention for
multi-paragraph quotes); otherwise it ends with its paragraph. Whatever goes wrong in one
paragraph (a missing close, an opening mark used as a closing one, a stray apostrophe) cannot
mis-pair the rest of the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Role = Literal["open", "close", "either", "none"]

DOUBLE_MARKS = frozenset('"“”„«»')
SINGLE_MARKS = frozenset("'‘’‚")
_OPENING_CONTEXT = frozenset("([{—–-/:")
_PARAGRAPH = re.compile(r"[^\n]+")
_TWO_CHAR_MARK = re.compile(r"(?<!')''(?!')|``")
MAX_PARAGRAPHS = 12
"""A quote chained over more paragraphs than this is a mis-pairing, not a quote: it is cut."""
MAX_SINGLE_CHARS = 300
"""Single-quoted spans are headline-style quotes or nested ones: short, never paragraphs."""


@dataclass(frozen=True, slots=True)
class Marked:
    """Text between a pair of quote marks: the content offsets and how the quote was delimited."""

    start: int
    """First character of the content (after the opening mark)."""
    end: int
    """One past the content (the closing mark's offset, or the paragraph's end if unclosed)."""
    open_at: int
    close_at: int | None
    """Offset of the closing mark; None when the quote ran to the end of its paragraph."""
    paragraph: int
    continued: bool
    """The quote continues one left open at the end of the previous paragraph."""
    single: bool
    """Delimited by single marks (headline style) rather than double ones."""


def mark_view(text: str) -> str:
    """The text with two-character quote marks (``''``, ``\u0060\u0060``) as one straight mark.

    Some archives type a double quote as two apostrophes. The view keeps every offset: the
    pair becomes a space and a mark, on the side that keeps the mark next to the quote.
    """
    if "''" not in text and "``" not in text:
        return text
    return _TWO_CHAR_MARK.sub(_one_mark, text)


def _one_mark(m: re.Match[str]) -> str:
    after = m.string[m.end() : m.end() + 1]
    return ' "' if after.isalnum() or m.group() == "``" else '" '


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The [start, end) of every non-blank line: news text puts one paragraph on a line."""
    spans = []
    for m in _PARAGRAPH.finditer(text):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


def _role(text: str, i: int, lo: int, hi: int) -> Role:
    """Whether the mark at i opens or closes a quote, judged from its neighbours and glyph."""
    mark = text[i]
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    left_open = before.isspace() or before in _OPENING_CONTEXT or before in DOUBLE_MARKS
    right_open = after.isspace() or (not after.isalnum() and after not in "‘'“\"…$(#")
    if mark in "“„«‘‚":
        # An opening glyph after a word and before a space closes: typed by a careless hand.
        return "close" if not left_open and right_open else "open"
    if mark in "”»’":
        if left_open and not right_open:
            # ’ at a word start is an elision (’90s, ’n’), never an opening quote.
            return "none" if mark == "’" else "open"
        if mark == "’" and after.isalpha():
            return "none"  # the country’s, rock ’n’ roll
        return "close"
    # Straight marks: position decides.
    if left_open and not right_open:
        return "open"
    if not left_open and right_open:
        if mark == "'" and after.isalpha():
            return "none"
        return "close"
    if mark == "'":
        return "none"
    return "either"


def _double_marks(text: str, lo: int, hi: int) -> list[int]:
    return [i for i in range(lo, hi) if text[i] in DOUBLE_MARKS]


def _family(mark: str) -> str:
    return "straight" if mark == '"' else "curly"


def _pair_paragraph(
    text: str, lo: int, hi: int, opened: int | None
) -> tuple[list[tuple[int, int | None, int]], int | None]:
    """(open, close or None, content end) of the quotes in one paragraph, and the one left open.

    ``opened`` is the paragraph's first mark when it continues a quote from the paragraph before.
    """
    pairs: list[tuple[int, int | None, int]] = []
    nested = 0
    for i in _double_marks(text, lo, hi):
        if i == opened:
            continue
        role = _role(text, i, lo, hi)
        if opened is None:
            if role == "open":
                opened, nested = i, 0
            continue
        if role == "open" and _family(text[i]) != _family(text[opened]):
            nested += 1  # "… the question: “As you know …” …": a second style nests
        elif role in ("close", "either"):
            if nested:
                nested -= 1
            else:
                pairs.append((opened, i, i))
                opened = None
        elif role == "open":
            # The same style opens again while open: the earlier quote lost its close. Resync.
            pairs.append((opened, None, i))
            opened, nested = i, 0
    return pairs, opened


def pair_double(text: str) -> list[Marked]:
    """Every double-quoted span in text, paired per paragraph, in text order."""
    out: list[Marked] = []
    paras = paragraphs(text)
    carrying = False
    chained = 0
    for index, (lo, hi) in enumerate(paras):
        first = _first_mark(text, lo, hi) if carrying and chained < MAX_PARAGRAPHS else None
        chained = chained + 1 if first is not None else 0
        pairs, still_open = _pair_paragraph(text, lo, hi, first)
        for open_at, close_at, end in pairs:
            out.append(_marked(text, open_at, end, close_at, index, open_at == first))
        carrying = False
        if still_open is not None:
            out.append(_marked(text, still_open, hi, None, index, still_open == first))
            carrying = index + 1 < len(paras) and _starts_with_open(text, *paras[index + 1])
    return [m for m in out if m.end > m.start]


def _marked(
    text: str, open_at: int, end: int, close_at: int | None, paragraph: int, continued: bool
) -> Marked:
    start = open_at + 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Marked(start, end, open_at, close_at, paragraph, continued, single=False)


def _first_mark(text: str, lo: int, hi: int) -> int:
    i = lo
    while i < hi and text[i].isspace():
        i += 1
    return i


def _starts_with_open(text: str, lo: int, hi: int) -> bool:
    i = _first_mark(text, lo, hi)
    return i < hi and text[i] in DOUBLE_MARKS and _role(text, i, lo, hi) in ("open", "either")


def pair_single(text: str, lo: int, hi: int) -> Iterator[Marked]:
    """Single-quoted spans in a paragraph without double marks (headline style), short ones only."""
    opened: int | None = None
    for i in range(lo, hi):
        if text[i] not in SINGLE_MARKS:
            continue
        role = _role(text, i, lo, hi)
        if role == "open":
            opened = i
        elif role == "close" and opened is not None:
            if 1 < i - opened <= MAX_SINGLE_CHARS:
                yield Marked(opened + 1, i, opened, i, -1, False, single=True)
            opened = None


def pair_quotes(text: str) -> list[Marked]:
    """Double-quoted spans everywhere, plus single-quoted ones where a paragraph has no doubles.

    ``text`` should be a ``mark_view``: offsets are the same as in the original text.
    """
    marked = pair_double(text)
    for index, (lo, hi) in enumerate(paragraphs(text)):
        if _double_marks(text, lo, hi):
            continue
        for m in pair_single(text, lo, hi):
            marked.append(Marked(m.start, m.end, m.open_at, m.close_at, index, False, True))
    return sorted(marked, key=lambda m: m.start)
