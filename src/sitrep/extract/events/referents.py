"""Who a role word stands for when it does not name an actor itself.

A relative pronoun stands for the noun its clause modifies, or for the name just before it when
the parser hangs the clause further back ("gas exports to Finland, which refused"); a title for
the name in apposition to it ("the foreign minister, Dmytro Kuleba,"); "we" or "I" inside a
direct quote for the quote's speaker; a pronoun the quotes stage took for a speaker for that
speaker; an object pronoun for the nearest person before it who is not its clause's subject ("he
would only welcome him"); another pronoun for the subject of the reporting verb above it ("Kyiv
said it had hit"), else for the nearest subject before it in its sentence that agrees with it
(one person, one thing or body, several; for "it" and "they" also the sentence before), else for
the person or body the quotes stage's resolver takes it back to. A title ("the prime minister")
stands for the person given it earlier (the same resolver).
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Token

from sitrep.extract.events.lexicon import EventLexicon
from sitrep.extract.mentions import ActorMention, actor_mentions, in_sorted
from sitrep.extract.parse import SUBJECT_DEPS
from sitrep.extract.quotes.lexicon import CueLexicon
from sitrep.extract.quotes.speakers import MAX_PRONOUN_DISTANCE, SpeakerResolver
from sitrep.model import Actor, Quote

_OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "iobj"})
Referent = Token | Actor
"""A token to read the actor from, or an actor already known."""


class Referents:
    """Resolves relative pronouns, appositions and pronouns for the role words of one article."""

    def __init__(
        self,
        lexicon: EventLexicon,
        cues: CueLexicon,
        actors: tuple[Actor, ...],
        quotes: tuple[Quote, ...],
    ) -> None:
        self.lex = lexicon
        self.cues = cues
        self.actors = actors
        self.by_name = {a.name: a for a in actors}
        self.quotes = quotes
        self.direct = sorted((q.start, q.end) for q in quotes if q.kind == "direct")
        self.speakers = {q.speaker_mention: q.speaker for q in quotes if q.speaker_mention}
        self.mentions = actor_mentions(actors)
        self.starts = [m.start for m in self.mentions]
        self._resolver: SpeakerResolver | None = None

    def relative_heads(self, token: Token) -> list[Token]:
        """'Nato, which refused ...', 'Davis, who said ...': the noun the clause modifies, as
        parsed, then the noun just before the pronoun if that is another one."""
        if token.lower_ not in self.lex.roles.relative_pronouns or token.tag_ not in (
            "WP", "WDT", "WP$"
        ):
            return []
        clause = token.head
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head  # "who predicted ... but appealed ...": the first verb's clause
        if clause.dep_ not in ("relcl", "acl") or clause.head.pos_ not in ("NOUN", "PROPN"):
            return []
        heads = [clause.head]
        before = token.doc[token.i - 1] if token.i > 0 else token
        if before.is_punct and before.i > 0:
            before = token.doc[before.i - 1]
        if before.pos_ in ("NOUN", "PROPN") and before.i != clause.head.i:
            heads.append(before)
        return heads

    def apposed_name(self, token: Token) -> Token | None:
        """'Ukraine's foreign minister, Dmytro Kuleba,': the name a title noun is apposed to."""
        if token.pos_ != "NOUN":
            return None
        for child in token.children:
            if child.dep_ == "appos" and (child.pos_ == "PROPN" or child.ent_type_ == "PERSON"):
                return child
        return None

    def pronoun(self, token: Token) -> Referent | None:
        """The actor or the word a personal pronoun refers back to, if it can be told."""
        low = token.lower_
        if low not in self.lex.pronouns or token.pos_ != "PRON":
            return None  # "US" is no "us"
        if low in self.lex.roles.speaker_pronouns:
            return self._speaker_of_quote(token)
        named = self.speakers.get((token.idx, token.idx + len(token)))
        if named is not None and named in self.by_name:
            return self.by_name[named]
        if token.dep_ in _OBJECT_DEPS and low in self.lex.roles.person_pronouns:
            return self._object_person(token)
        said = self._reporting_subject(token) or self._sentence_subject(token)
        if said is not None:
            return said
        found = self._resolver_for(token.doc).resolve(token)
        if found is None or found.name is None:
            return None
        return self.by_name.get(found.name)

    def _object_person(self, pronoun: Token) -> Actor | None:
        """'he would only welcome him': the nearest person named before an object pronoun who
        is not the subject of its clause (a pronoun object never is)."""
        verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
        subject: Referent | None = next(
            (c for c in verb.children if c.dep_ in SUBJECT_DEPS), None
        )
        if isinstance(subject, Token) and subject.pos_ == "PRON":
            subject = self.pronoun(subject)
        excluded = subject.name if isinstance(subject, Actor) else None
        if isinstance(subject, Token):
            own = self._mention_at(subject.idx)
            excluded = own.actor.name if own is not None else None
        floor = pronoun.idx - MAX_PRONOUN_DISTANCE
        for m in reversed(self.mentions[: bisect_left(self.starts, pronoun.idx)]):
            if m.start < floor:
                break
            if m.actor.kind == "person" and m.actor.name != excluded and not in_sorted(
                self.direct, m.start
            ):
                return m.actor
        return None

    def titled(self, token: Token) -> Actor | None:
        """'the prime minister', 'the ministry': the person named earlier with that title, or
        the body whose name ends in that word (the quotes stage's resolver)."""
        found = self._resolver_for(token.doc).resolve(token)
        if found is None or found.name is None:
            return None
        return self.by_name.get(found.name)

    def _mention_at(self, offset: int) -> ActorMention | None:
        """The actor mention over a character offset, if any."""
        i = bisect_left(self.starts, offset + 1) - 1
        if i >= 0 and self.mentions[i].start <= offset < self.mentions[i].end:
            return self.mentions[i]
        return None

    def _speaker_of_quote(self, token: Token) -> Referent | None:
        """'"We condemn it," she said': who speaks the direct quote the pronoun stands in."""
        if not in_sorted(self.direct, token.idx):
            return None
        for quote in self.quotes:
            if quote.kind == "direct" and quote.start <= token.idx < quote.end:
                return self.by_name.get(quote.speaker or "")
        return None

    def _reporting_subject(self, pronoun: Token) -> Token | None:
        """'Kyiv said it had hit ...': the pronoun is the reporting verb's subject."""
        current = pronoun.head
        for _ in range(5):
            if current.lemma_ in self.lex.say_verbs:
                subject = next(
                    (c for c in current.children if c.dep_ == "nsubj" and c.i != pronoun.i), None
                )
                if subject is None and current.dep_ == "acl" and current.head.pos_ in (
                    "NOUN", "PROPN"
                ):
                    subject = current.head  # "with the US announcing it would send ..."
                lo, hi = sorted((pronoun.i, subject.i)) if subject is not None else (0, 0)
                # Never across a paragraph break the parser may have joined.
                if subject is not None and not any("\n" in t.text for t in pronoun.doc[lo:hi]):
                    return subject if self._agrees(pronoun, subject) else None
            if current.head.i == current.i:
                break
            current = current.head
        return None

    def _sentence_subject(self, pronoun: Token) -> Token | None:
        """'The mayor was detained after he refused ...', 'The bombs began to explode. Then
        they ...': the nearest subject before the pronoun in its sentence that agrees with it
        (a person for 'he', one thing or body for 'it', several for 'they'), else the first
        such subject of the sentence before it in its paragraph; None when there is none."""
        doc = pronoun.doc
        if not doc.has_annotation("SENT_START"):
            return None
        sent = pronoun.sent
        for tok in reversed(doc[sent.start : pronoun.i]):
            if tok.dep_ in SUBJECT_DEPS and tok.pos_ != "PRON" and self._agrees(pronoun, tok):
                return tok
        if pronoun.lower_ in self.lex.roles.person_pronouns:
            return None  # a person: the nearest one named, found by the resolver
        if sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws:
            return None  # the paragraph's first sentence: nothing before it to go back to
        # The sentence before, in the same paragraph: its main subject first.
        before = doc[sent.start - 1].sent
        subjects = sorted(
            (t for t in before if t.dep_ in SUBJECT_DEPS and t.pos_ != "PRON"),
            key=lambda t: (t.head.dep_ != "ROOT", t.i),
        )
        return next((t for t in subjects if self._agrees(pronoun, t)), None)

    def _agrees(self, pronoun: Token, subject: Token) -> bool:
        """Whether a subject can be what a pronoun stands for: one person for 'he', one thing
        or body for 'it', several for 'they' (another pronoun may be anything)."""
        if subject.pos_ == "PRON":
            return True
        low = pronoun.lower_
        person = self._is_person(subject)
        plural = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
        if low in self.lex.roles.person_pronouns:
            return person and not plural
        if low in self.lex.roles.thing_pronouns:
            return not person and not plural
        if low in self.lex.roles.plural_pronouns:
            return plural
        return True

    def _is_person(self, token: Token) -> bool:
        """Whether a subject names one person: a name, an office, a man or a woman."""
        if token.ent_type_ == "PERSON":
            return True
        lemma = token.lemma_.lower()
        return lemma in self.lex.roles.offices or (
            token.pos_ == "NOUN" and self.lex.sector_of([lemma]) == "CVL"
        )

    def _resolver_for(self, doc: Doc) -> SpeakerResolver:
        if self._resolver is None or self._resolver.doc is not doc:
            self._resolver = SpeakerResolver(doc, self.actors, self.direct, self.cues)
        return self._resolver
