"""One article as every quote rule reads it (text, parse, paired marks, paragraphs, speakers), and
how a stretch a rule found becomes a Quote: cut to its cue's paragraph and clause."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.extract.mentions import in_sorted, last_starting
from sitrep.extract.quotes.cue_class import CueClasses
from sitrep.extract.quotes.lexicon import CueLexicon
from sitrep.extract.quotes.marks import Marked, paragraphs
from sitrep.extract.quotes.speakers import Speaker, SpeakerResolver
from sitrep.extract.quotes.tails import Tails
from sitrep.model import Quote, QuoteKind, Span


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue word and the speaker it introduces."""

    text: str
    speaker: Speaker | None
    verb: Token | None = None
    """The cue verb, when the cue is one."""
    lemma: str | None = None
    """The cue word's lemma when it is no verb ("claims" of "Moscow's claims that ...")."""

    def lemmas(self) -> list[str]:
        """The words that class the cue: a verb's lemma and its particles ("call for"), else
        the lemma or text given."""
        if self.verb is not None:
            attached = [c.lower_ for c in self.verb.children if c.dep_ in ("prt", "prep")]
            return [self.verb.lemma_.lower(), *attached]
        if self.lemma is not None:
            return [self.lemma]
        return self.text.lower().split()


class QuoteContext:
    """The work for one article that the quote rules share: the doc, its paired marks and
    paragraphs, the speaker resolver, and the lemma arrays read once."""

    def __init__(
        self,
        doc: Doc,
        text: str,
        view: str,
        lexicon: CueLexicon,
        classes: CueClasses,
        resolver: SpeakerResolver,
        marked: list[Marked],
        quoted: list[Span],
        dateline: Span | None,
        tails: Tails,
    ) -> None:
        self.doc = doc
        self.tails = tails
        self.dateline = dateline
        self.text = text
        """doc.text, read once by the caller: spaCy rebuilds it on every access."""
        self.view = view
        """The text with two-apostrophe quote marks as one mark, for judging marks."""
        self.lexicon = lexicon
        self.classes = classes
        self.resolver = resolver
        self.marked = marked
        self.quoted = sorted(quoted)
        self.paras = paragraphs(self.text)
        self.has_sentences = doc.has_annotation("SENT_START")
        self.lemmas: list[str] | None = None
        """Every token's lowercased lemma, read once (see tokens_with)."""
        self.lowers: list[int] = []

    def tokens_with(self, lemmas: frozenset[str], lower: str = "") -> list[Token]:
        """The tokens whose lowercased lemma is one of lemmas (or whose text is lower), in
        order: the only ones a cue rule can fire on. Reads the lemma and lowercase arrays once
        rather than building a Token for every word of the article."""
        if self.lemmas is None:
            strings = self.doc.vocab.strings
            self.lemmas = [strings[h].lower() for h in self.doc.to_array("LEMMA").tolist()]
            self.lowers = self.doc.to_array("LOWER").tolist()
        wanted = self.doc.vocab.strings[lower] if lower else None
        return [
            self.doc[i]
            for i, lemma in enumerate(self.lemmas)
            if lemma in lemmas or (wanted is not None and self.lowers[i] == wanted)
        ]

    def text_of(self, span: Span) -> str:
        return self.text[span[0] : span[1]]

    def sentence(self, token: Token) -> SpacySpan:
        """The token's sentence; the whole doc when the pipeline set no sentence boundaries."""
        if self.has_sentences:
            return token.sent
        return self.doc[:]

    def in_marks(self, offset: int) -> bool:
        """Whether an offset lies between a pair of quote marks."""
        return in_sorted(self.quoted, offset)

    def mostly_quoted(self, start: int, end: int) -> bool:
        """A clause that is mostly a direct quote, or starts inside one and runs out past its
        closing mark (a parse across '“..., ” Flynn said'), is that quote's attribution, not
        reported speech."""
        first = max(0, bisect_right(self.quoted, (start, 0)) - 1)
        last = bisect_right(self.quoted, (end, len(self.text) + 1))
        nearby = self.quoted[first:last]
        if any(lo < start < hi < end and self.text[lo + 1 : start].strip() for lo, hi in nearby):
            return True  # from the middle of a quote out of it; '“X” to drive up...' is fine
        inside = sum(max(0, min(end, hi) - max(start, lo)) for lo, hi in nearby)
        return inside > 0.8 * (end - start)

    def clip(self, span: Span, anchor: int) -> Span | None:
        """The part of a reported clause in its cue's paragraph and after any dateline."""
        i = last_starting(self.paras, anchor)
        lo, hi = self.paras[i] if i >= 0 else (0, len(self.text))
        if self.dateline is not None and self.dateline[0] <= span[0] < self.dateline[1]:
            lo = max(lo, self.dateline[1])
        start, end = max(span[0], lo), min(span[1], hi)
        start, end = self._within_semicolons(start, end, anchor)
        if start > anchor:  # what follows its cue may run on into the reporter's tail
            end = self.tails.end(self.doc, start, end, self.in_marks)
        closing = self._closing_after(end)
        if closing is not None and closing <= hi:
            end = closing  # the parse hangs '.”' on the main verb: keep the quote whole
        while start < end and not self.text[start].isalnum() and self.text[start] not in "\"“‘'":
            start += 1
        while end > start and self.text[end - 1] in " \t,;:—–-":
            end -= 1
        return (start, end) if end - start >= 2 else None

    def _within_semicolons(self, start: int, end: int, anchor: int) -> Span:
        """A semicolon outside quote marks ends a clause: what a cue reports stays on the
        cue's side of it ("X was not intended; they learned of it on Friday", he said)."""
        for at in range(self.text.find(";", start, end), end):
            if at < 0:
                break
            if self.text[at] != ";" or self.in_marks(at):
                continue
            if at < anchor:
                start = at + 1
            else:
                end = at
                break
        return start, end

    def _closing_after(self, end: int) -> int | None:
        """When a clause ends inside a quote (its closing mark not yet reached), one past that
        mark; the quote is then a partial quote inside the clause, not cut in two."""
        i = last_starting(self.quoted, end)
        if i < 0:
            return None
        lo, hi = self.quoted[i]
        return hi if lo < end < hi else None

    def quote(self, start: int, end: int, kind: QuoteKind, cue: Cue | None) -> Quote:
        """The Quote of text[start:end], said by the cue's speaker."""
        speaker = cue.speaker if cue is not None else None
        return Quote(
            text=self.text[start:end],
            start=start,
            end=end,
            kind=kind,
            speaker=speaker.name if speaker is not None else None,
            speaker_mention=speaker.mention if speaker is not None else None,
            cue=cue.text if cue is not None else None,
            cue_class=self.classes.of(
                cue.text if cue is not None else None,
                cue.lemmas() if cue is not None else [],
                kind,
            ),
        )
