"""Cues: which words introduce speech, and whom a cue introduces.

A cue is a speech verb or a verb with a reported object (lexicon classes) or "according to X".
Its speaker is the verb's subject (speakers.subject_of); when the parse gives none, or hangs the
verb on a word inside the quote, the noun just before the verb ("Jordan said Monday") or just
after it ("said Smith") speaks.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.extract.parse import tokens_at
from sitrep.extract.quotes.context import Cue, QuoteContext
from sitrep.extract.quotes.speakers import subject_of
from sitrep.model import Span

_INVERTING_TAGS = frozenset({"VBD", "VBZ", "VBP"})
"""Verb forms a speaker may follow ("said Smith", "says Smith"): finite, never "saying Smith"."""
_OBJECT_DEPS = frozenset({"dobj", "dative", "oprd", "attr"})


class CueReader:
    """Finds cues in an article and the speakers they introduce."""

    def __init__(self, ctx: QuoteContext) -> None:
        self.ctx = ctx

    def cue_in(self, window: Span, *, prefer_first: bool) -> Cue | None:
        """The speech verb (or source phrase) inside a character window, outside quote marks."""
        span = tokens_at(self.ctx.doc, *window)
        tokens = [
            t
            for t in (span if span is not None else [])
            if not self.ctx.in_marks(t.idx) and self.is_cue_token(t)
        ]
        if not tokens:
            return None
        verb = tokens[0] if prefer_first else tokens[-1]
        if verb.lower_ == "according":
            return self.according(verb)
        return self.from_verb(verb)

    def is_cue_token(self, t: Token) -> bool:
        """A speech verb, a verb with a reported object, or the "according" of "according to"."""
        doc = self.ctx.doc
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            return True
        lemma = t.lemma_.lower()
        lexicon = self.ctx.lexicon
        cues = lemma in lexicon.speech_verbs or lemma in lexicon.object_verbs
        return cues and t.pos_ in ("VERB", "AUX")

    def from_verb(self, verb: Token) -> Cue:
        """The cue of a verb, with the speaker its subject (or a noun next to it) stands for."""
        in_marks = self.ctx.in_marks
        subject = subject_of(verb)
        if subject is None or (in_marks(subject.idx) and not in_marks(verb.idx)):
            subject = self._nearby_subject(verb)  # a parse that made "We" in the quote speak
        speaker = self.ctx.resolver.resolve(subject) if subject is not None else None
        return Cue(verb.text, speaker, verb)

    def according(self, token: Token) -> Cue:
        """The cue "according to X", with X its speaker."""
        to = self.ctx.doc[token.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"]
        speaker = self.ctx.resolver.resolve(objects[0]) if objects else None
        return Cue("according to", speaker)

    def _nearby_subject(self, verb: Token) -> Token | None:
        """When the parse gives no subject: the noun just before ("Jordan said Monday"),
        else the one just after a finite verb ("said Smith") unless it is the verb's object,
        never a date or a word inside the quote."""
        doc = self.ctx.doc
        sent = self.ctx.sentence(verb)
        before = verb.i - 1
        while before >= sent.start and doc[before].pos_ in ("ADV", "AUX", "PART"):
            before -= 1  # "Jordan also said", "Jordan has said"
        if before >= sent.start and self._could_speak(doc[before]):
            return doc[before]
        if before > sent.start and doc[before].text == ",":
            # '“...,” Flynn, a top surrogate, said': the parse hung the name elsewhere
            aside = doc[before - 1]
            name = aside.head
            appos = aside.dep_ == "appos" and name.i < aside.i and name.pos_ == "PROPN"
            if appos and self._could_speak(name):
                return name
        if verb.tag_ not in _INVERTING_TAGS:
            return None  # "accusing the EU of ...", "to announce new sanctions": objects
        for t in doc[verb.i + 1 : min(sent.end, verb.i + 6)]:
            if t.dep_ in _OBJECT_DEPS:
                break  # "called an oil embargo": what was called, not who called
            if self._could_speak(t):
                while t.head.i != t.i and t.dep_ in ("compound", "flat") and t.head.i < sent.end:
                    t = t.head
                return t
            if t.pos_ in ("VERB", "PUNCT") and t.text != ",":
                break
        return None

    def _could_speak(self, t: Token) -> bool:
        return (
            t.pos_ in ("PROPN", "PRON", "NOUN")
            and t.ent_type_ not in ("DATE", "TIME")
            and not self.ctx.in_marks(t.idx)
        )
