"""Paragraphs labelled with a speaker and a colon: transcript turns and headline attributions.

``WALLACE: Governor, will she be there?`` is a turn in an interview transcript (a direct quote),
also when the transcript is itself quoted (``"PENCE: Well, ...``, every paragraph opened);
``Kovalenko: Talks Are Dead for Now`` as an article's first line is a headline paraphrase of
what Kovalenko said (an indirect quote). Transcript labels count only when an article has at
least two of them, so that a lone ``UPDATE:`` or ``WASHINGTON:`` is not a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.model import Span

_GAP = r"[^\S\n]"  # any space but a line break
_NAME = r"[A-Z][\w.’'-]*"
_LABEL = re.compile(
    rf"{_GAP}*[\"“]?{_GAP}*({_NAME}(?:{_GAP}+{_NAME}){{0,4}}){_GAP}*:{_GAP}+(?=\S)"
)
"""A label at the start of a paragraph, after the opening mark of a quoted transcript."""
MIN_TRANSCRIPT_TURNS = 2
MAX_HEADLINE_CHARS = 200


@dataclass(frozen=True, slots=True)
class Labelled:
    """A speaker label and the words after it, in one paragraph."""

    label: Span
    content: Span
    transcript: bool
    """A transcript turn (direct quote) rather than a headline attribution (indirect)."""


def labelled(text: str, paras: list[Span], stoplist: frozenset[str]) -> list[Labelled]:
    """Transcript turns anywhere, and a headline attribution in the first paragraph."""
    turns: list[Labelled] = []
    headline: list[Labelled] = []
    for index, (lo, hi) in enumerate(paras):
        m = _LABEL.match(text, lo, hi)
        if m is None or m.group(1).lower() in stoplist:
            continue
        end = hi
        while end > m.end() and text[end - 1].isspace():
            end -= 1
        item = Labelled((m.start(1), m.end(1)), (m.end(), end), transcript=False)
        if m.group(1).isupper() and len(m.group(1)) > 1:
            turns.append(Labelled(item.label, item.content, transcript=True))
        elif index == 0 and hi - lo <= MAX_HEADLINE_CHARS:
            headline.append(item)
    if len(turns) < MIN_TRANSCRIPT_TURNS:
        turns = []
    return sorted(turns + headline, key=lambda x: x.label)
