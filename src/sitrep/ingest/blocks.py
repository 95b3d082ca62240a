"""A paragraph of article text on its way to the clean text, and how blocks become that text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.model import Span

PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph or heading, in reading order."""

    text: str
    heading: bool = False


def join(blocks: Sequence[Block]) -> tuple[str, tuple[Span, ...]]:
    """The clean text (paragraphs apart by a blank line, so spaCy breaks sentences there)
    and the spans of its headings."""
    parts: list[str] = []
    headings: list[Span] = []
    offset = 0
    for block in blocks:
        if parts:
            offset += len(PARAGRAPH_BREAK)
        if block.heading:
            headings.append((offset, offset + len(block.text)))
        parts.append(block.text)
        offset += len(block.text)
    return PARAGRAPH_BREAK.join(parts), tuple(headings)
