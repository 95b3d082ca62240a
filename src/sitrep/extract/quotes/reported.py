"""Reported speech: indirect quotes, found from the parse rather than from quote marks.

Indirect quotes are the content clause of a speech verb (its ccomp, clauses.py), both sides
of a sentence around a cue set in it between commas ("The strike, the ministry said, was ..."),
the clause around "according to X", the clause an "as" clause with a cue hangs on ("As
experts have pointed out, X is ..."), or what a cue noun reports ("Moscow's claim that ...").
Attitudes are what people are said to think, intend or hold (attitude, intention, topic and
stance classes of the lexicon); the runner keeps them only where no speech attribution covers
them.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.extract.parse import subjects, token_at
from sitrep.extract.quotes.clauses import (
    around,
    as_host,
    content_clause,
    intention_content,
    noun_content,
    noun_phrase,
    parenthetical_sides,
    phrasal_content,
    stance_content,
    topic_content,
)
from sitrep.extract.quotes.context import Cue, QuoteContext
from sitrep.extract.quotes.cues import CueReader
from sitrep.extract.quotes.speakers import subject_of
from sitrep.model import Quote, Span

_NO_VIEWS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME"})
"""Entity types of an object that make an attitude object verb an act on a place or a time
("defended the town", "backed off for months"), not a view."""


class ReportedSpeech:
    """The indirect quotes and attitudes of one article."""

    def __init__(self, ctx: QuoteContext, cues: CueReader) -> None:
        self.ctx = ctx
        self.cues = cues

    def indirect_quotes(self) -> list[Quote]:
        """Content clauses of speech verbs, and the clauses around "according to X"."""
        out: list[Quote] = []
        ctx = self.ctx
        lexicon = ctx.lexicon
        cues = lexicon.speech_verbs | lexicon.object_verbs | lexicon.speech_nouns
        cues = cues | frozenset(lexicon.phrasal_cues)
        for token in ctx.tokens_with(cues, lower="according"):
            if ctx.in_marks(token.idx):
                continue
            host = as_host(token, lexicon) if token.pos_ in ("VERB", "AUX") else None
            cue = self.cues.is_cue_token(token)
            if host is not None:
                quote = self._as_quote(token, host)
            elif token.lemma_.lower() not in lexicon.speech_verbs | lexicon.object_verbs | \
                    lexicon.speech_nouns and token.lower_ != "according":
                continue  # a phrasal cue speaks here only in an "as" clause
            elif token.lower_ == "according" and cue:
                quote = self._according_quote(token)
            elif cue and (passive := self._passive_quote(token)) is not None:
                quote = passive
            elif cue and (sides := self._parenthetical(token)) is not None:
                out.extend(sides)
                continue
            elif cue:
                quote = self._clause_quote(token)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.speech_nouns:
                quote = self._noun_quote(token)
            else:
                continue
            if quote is not None:
                out.append(quote)
        return out

    def attitude_quotes(self) -> list[Quote]:
        """What people are said to think, find or intend: "officials believe (that) ...",
        "Kyiv wants to join ...", "she complained about ..." (lexicon classes, not speech)."""
        out: list[Quote] = []
        lexicon = self.ctx.lexicon
        nouns = lexicon.topic_nouns - lexicon.speech_nouns
        cues = lexicon.attitude_verbs | lexicon.intention_verbs | lexicon.topic_verbs
        cues = cues | frozenset(lexicon.phrasal_cues) | nouns | lexicon.stance_words
        cues = cues | lexicon.attitude_object_verbs
        for token in self.ctx.tokens_with(cues):
            if self.ctx.in_marks(token.idx):
                continue
            lemma = token.lemma_.lower()
            if self._is_attitude_token(token):
                quote = self._passive_quote(token) or self._clause_quote(token, attitude=True)
            elif token.pos_ == "NOUN" and lemma in nouns:
                quote = self._noun_quote(token)
            elif lemma in lexicon.stance_words and token.head.lemma_.lower() in lexicon.copulas:
                quote = self._stance_quote(token)
            else:
                continue
            if quote is not None:
                out.append(quote)
        return out

    def _stance_quote(self, word: Token) -> Quote | None:
        """A stance its subject holds: "Graham is critical of the deal", "Kyiv remains
        sure that ...", "she was a fierce opponent of the treaty"."""
        if (word.pos_, word.dep_) not in (("ADJ", "acomp"), ("NOUN", "attr")):
            return None
        span = stance_content(word, self.ctx.lexicon)
        if span is None:
            return None
        clipped = self.ctx.clip(span, word.idx)
        if clipped is None or self.ctx.mostly_quoted(*clipped):
            return None
        subject = subject_of(word.head)
        if subject is None or subject.i > word.i:
            return None
        speaker = self.ctx.resolver.resolve(subject)
        if speaker is None:
            return None
        if self.ctx.text_of(speaker.mention).lower() in self.ctx.lexicon.impersonal_subjects:
            return None
        cue = Cue(word.text, speaker, lemma=word.lemma_.lower())
        return self.ctx.quote(*clipped, "indirect", cue)

    def _is_attitude_token(self, t: Token) -> bool:
        lemma = t.lemma_.lower()
        lexicon = self.ctx.lexicon
        cues = lemma in lexicon.attitude_verbs or lemma in lexicon.intention_verbs
        cues = cues or lemma in lexicon.topic_verbs or lemma in lexicon.phrasal_cues
        cues = cues or lemma in lexicon.attitude_object_verbs
        return cues and t.pos_ == "VERB"

    def _parenthetical(self, verb: Token) -> list[Quote] | None:
        """The two parts of a sentence around a cue set in it between commas ("The strike, the
        ministry said, was aimed at depots"): one attribution, given as two quotes with the
        same speaker and cue, like a direct quote broken by its attribution. A side in quote
        marks is a quote of its own and left out; None when the cue is not set so."""
        sides = parenthetical_sides(verb)
        if sides is None:
            return None
        cue = self.cues.from_verb(verb)
        parts = [self.ctx.clip(side, verb.idx) for side in sides]
        if cue.speaker is None or any(p is None for p in parts):
            return None
        # A side in quote marks is a quote of its own ('It was not, Biden said, “the
        # position ...”'): the other side is reported, the attribution in neither.
        return [
            self.ctx.quote(*p, "indirect", cue)
            for p in parts
            if p is not None and not self.ctx.mostly_quoted(*p)
        ]

    def _clause_quote(self, verb: Token, *, attitude: bool = False) -> Quote | None:
        """What a cue verb reports: its content clause, else the infinitive of an intention
        ("wants to join"), else the topic of a topic verb ("complained about the delay")."""
        if not self._spoken(verb):
            return None
        lexicon = self.ctx.lexicon
        span = content_clause(verb, self.ctx.text, lexicon)
        if span is None:
            span = intention_content(verb, lexicon)
        if span is None and not any(c.dep_ == "neg" for c in verb.children):
            span = topic_content(verb, lexicon)  # "did not comment on it" says nothing
        if span is None:
            span = phrasal_content(verb, lexicon)
        if span is None:
            return None
        clipped = self.ctx.clip(span, verb.idx)
        if clipped is None or self.ctx.mostly_quoted(*clipped):
            return None
        start, end = clipped
        cue = self.cues.from_verb(verb)
        if cue.speaker is None:
            return None
        if verb.lemma_.lower() in lexicon.attitude_object_verbs and not self._holds_views(
            cue.speaker.mention, (start, end)
        ):
            return None  # "the bill supports families", "troops defended the town"
        said_by = self.ctx.text_of(cue.speaker.mention).lower()
        attitude = attitude or verb.lemma_.lower() in lexicon.attitude_verbs
        generic = said_by in lexicon.generic_subjects
        if generic or (attitude and said_by in lexicon.impersonal_subjects):
            return None  # "you could say that ...", "it shows that ...": no one's words
        return self.ctx.quote(start, end, "indirect", cue)

    def _passive_quote(self, verb: Token) -> Quote | None:
        """A passive object verb with its agent: "the plan was backed by Graham", "the strike
        was condemned by the UN", "the leak was first reported by the Post". The passive
        subject is what the agent said, backed or judged; the agent speaks. Not for verbs
        whose object is the one spoken to ("was told by"), nor a pronoun subject ("it was
        reported by ..." names nothing)."""
        lexicon = self.ctx.lexicon
        lemma = verb.lemma_.lower()
        objects = (lexicon.object_verbs | lexicon.attitude_object_verbs) - lexicon.addressee_verbs
        if lemma not in objects or any(c.dep_ == "neg" for c in verb.children):
            return None
        subject = [c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i]
        agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children
                  if o.dep_ == "pobj"]
        if not subject or not agents or subject[0].pos_ == "PRON":
            return None
        speaker = self.ctx.resolver.resolve(agents[0])
        clipped = self.ctx.clip(noun_phrase(subject[0]), verb.idx)
        if speaker is None or clipped is None or self.ctx.mostly_quoted(*clipped):
            return None
        if lemma in lexicon.attitude_object_verbs and not self._holds_views(
            speaker.mention, clipped
        ):
            return None
        return self.ctx.quote(*clipped, "indirect", Cue(verb.text, speaker, verb))

    def _holds_views(self, mention: Span, content: Span) -> bool:
        """Whether the subject of an attitude object verb ("backed", "mocked") can hold a
        view: a person or body the actors stage found, or a personal pronoun; and whether its
        object is no place or time ("defended the town" is fighting, not a stance)."""
        head = token_at(self.ctx.doc, mention[1] - 1)
        obj = token_at(self.ctx.doc, content[0])
        if obj is not None and obj.ent_type_ in _NO_VIEWS:
            return False
        if self.ctx.resolver.is_actor(mention):
            return True
        return head is not None and head.lower_ in self.ctx.lexicon.pronouns and (
            self.ctx.lexicon.pronouns[head.lower_] != "organization"
        )

    def _spoken(self, verb: Token) -> bool:
        """Whether a verb like "tell" is speech here: someone is told, or told of something
        ("too early to tell whether ..." is no one speaking)."""
        if verb.lemma_.lower() not in self.ctx.lexicon.discern_verbs:
            return True
        heard = ("dobj", "dative", "iobj")
        told_of = self.ctx.lexicon.told_of_preps
        return any(c.dep_ in heard or (c.dep_ == "prep" and c.lower_ in told_of)
                   for c in verb.children)

    def _noun_quote(self, noun: Token) -> Quote | None:
        """What a cue noun whose owner is named reports: "Moscow's claim that ...", "a
        statement by the ministry that ...", "his comments about the war" (noun_content)."""
        content = noun_content(noun, self.ctx.lexicon)
        owners = [c for c in noun.children if c.dep_ == "poss"]
        owners += [
            o
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ in self.ctx.lexicon.owner_preps
            for o in c.children
            if o.dep_ == "pobj"
        ]
        if content is None or not owners:
            return None
        speaker = self.ctx.resolver.resolve(owners[0])
        if speaker is None or speaker.name is None:
            return None
        clipped = self.ctx.clip(content, noun.idx)
        if clipped is None or self.ctx.mostly_quoted(*clipped):
            return None
        cue = Cue(noun.text, speaker, lemma=noun.lemma_.lower())
        return self.ctx.quote(*clipped, "indirect", cue)

    def _as_quote(self, verb: Token, host: Token) -> Quote | None:
        """The clause an "as" clause with a cue hangs on, without that clause: "As experts
        have pointed out, Trump is free to disclose his returns". The speaker is the "as"
        clause's own subject, never one of the clause it hangs on."""
        own = subjects(verb, before=verb.i)
        speaker = self.ctx.resolver.resolve(own[-1]) if own else None
        if speaker is None:
            return None
        cue = Cue(verb.text, speaker, verb)
        span = around(verb, host.left_edge, host.right_edge, self.ctx.text)
        clipped = self.ctx.clip(span, verb.idx)
        if clipped is None or self.ctx.mostly_quoted(*clipped):
            return None
        return self.ctx.quote(*clipped, "indirect", cue)

    def _according_quote(self, token: Token) -> Quote | None:
        cue = self.cues.according(token)
        if cue.speaker is None:
            return None
        sent = self.ctx.sentence(token)
        clipped = self.ctx.clip(around(token, sent[0], sent[-1], self.ctx.text), token.idx)
        if clipped is None or self.ctx.mostly_quoted(*clipped):
            return None
        return self.ctx.quote(*clipped, "indirect", cue)
