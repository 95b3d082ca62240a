"""Block quotes: a paragraph set off after a cue that ends its own paragraph with a colon.

    The governor added:

    It's typical of her. She knows nothing, but the mouth never stops.

The paragraph after is the speaker's words though no quote marks enclose it. Only the first
paragraph is taken (where a block ends is not marked), and only when it does not open with a
quote mark itself (then the marked-quote rules read it).
"""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.extract.quotes.context import QuoteContext
from sitrep.extract.quotes.cues import CueReader
from sitrep.extract.quotes.marks import DOUBLE_MARKS, SINGLE_MARKS
from sitrep.model import Quote

_MARKS = DOUBLE_MARKS | SINGLE_MARKS | {"`"}


def block_quotes(ctx: QuoteContext, cues: CueReader) -> list[Quote]:
    """The paragraph after every paragraph that ends with a cue verb and a colon."""
    out = []
    for (lo, hi), (next_lo, next_hi) in zip(ctx.paras, ctx.paras[1:], strict=False):
        lead = ctx.text[lo:hi].rstrip()
        block = ctx.text[next_lo:next_hi].strip()
        if not lead.endswith(":") or not block or block[0] in _MARKS:
            continue
        verb = _cue_before(ctx, cues, lo, lo + len(lead) - 1)
        if verb is None:
            continue
        cue = cues.from_verb(verb)
        if cue.speaker is None:
            continue
        start = next_lo + ctx.text[next_lo:next_hi].index(block[0])
        end = start + len(block)
        if not ctx.mostly_quoted(start, end):
            out.append(ctx.quote(start, end, "direct", cue))
    return out


def _cue_before(ctx: QuoteContext, cues: CueReader, lo: int, colon: int) -> Token | None:
    """The cue verb of the colon's sentence, if the sentence says nothing after it but the
    colon ("Limbaugh added:", "He told reporters:"), else None."""
    doc = ctx.doc
    span = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if span is None:
        return None
    sentence = ctx.sentence(span[0])
    words = [t for t in sentence if lo <= t.idx < colon and not t.is_space]
    verbs = [t for t in words if cues.is_cue_token(t) and not ctx.in_marks(t.idx)]
    if not verbs:
        return None
    verb = verbs[-1]
    after = [t for t in words if t.i > verb.i and not t.is_punct]
    if any(t.dep_ in ("ccomp", "mark") for t in after):
        return None  # "said that ...:" reports its own clause
    return verb
