"""Event roles: who acts (actor1) and on whom (actor2), read from the parse of a trigger.

Actors come from the actors stage (their mention spans); where it gives no country or sector,
a demonym ("a Russian drone"), a country name, a capital standing for its state ("Kyiv said")
or the head noun ("troops", "civilians") fills them in. Normalising actors is not done here.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from sitrep.extract.events.lexicon import EventLexicon
from sitrep.extract.mentions import ActorMention, actor_mentions
from sitrep.extract.parse import chars, first_child
from sitrep.geo.countries import countries
from sitrep.model import Actor, EventActor

_INHERIT = ("advcl", "xcomp", "conj", "ccomp", "pcomp", "acomp")
_NOT_ROLES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})




class RoleReader:
    """Maps a trigger to its actor1 and actor2 tokens, and a token to an EventActor."""

    def __init__(
        self,
        lexicon: EventLexicon,
        actors: tuple[Actor, ...],
        dateline: tuple[int, int] | None = None,
    ) -> None:
        self.lex = lexicon
        self.words = lexicon.roles
        self.preps = self.words.target_preps | self.words.partner_preps
        """ "an attack on", "talks with": prepositions whose object is acted upon or dealt with."""
        self.dateline = dateline
        self.mentions = actor_mentions(actors)
        self.starts = [m.start for m in self.mentions]

    def roles(self, trigger: Token) -> tuple[Token | None, Token | None]:
        """The tokens heading actor1 and actor2 of the event this trigger names."""
        if trigger.pos_ in ("NOUN", "PROPN"):
            return self._nominal_roles(trigger)
        return self._verbal_roles(trigger)

    def patients(self, trigger: Token) -> list[Token]:
        """Candidates for actor2, best first: the object, then who it is given or done to
        ('promised military aid to Mozambique', 'established ties with Iran')."""
        first = self.roles(trigger)[1]
        out = [first] if first is not None else []
        holders = [trigger, *(c for c in trigger.children if c.dep_ in ("dobj", "obj"))]
        for holder in holders:
            for child in holder.children:
                if child.dep_ == "prep" and child.lower_ in self.preps | self.words.patient_preps:
                    out.extend(c for c in child.children if c.dep_ in ("pobj", "conj"))
        return [t for t in out if t.ent_type_ not in _NOT_ROLES]

    def _verbal_roles(self, verb: Token) -> tuple[Token | None, Token | None]:
        subject = self._subject(verb)
        patient = first_child(verb, "nsubjpass")
        agent = first_child(first_child(verb, "agent"), "pobj")
        obj = first_child(verb, "dobj") or first_child(verb, "obj")
        if patient is not None:
            return agent, patient
        if subject is None and verb.pos_ == "ADJ" and verb.dep_ == "acomp":
            # "Norway is willing to send": the adjective's subject is its copula's.
            subject = self._subject(verb.head)
        if obj is None:
            obj = _prep_object(verb, self.preps)
        if obj is None:
            # "warned that Russia would ...", "said China must ...": the clause's subject.
            clause = first_child(verb, "ccomp")
            obj = self._subject(clause) or first_child(clause, "nsubjpass")
        if subject is None:
            subject = self._inherited_subject(verb)
        return subject, obj

    def _inherited_subject(self, verb: Token) -> Token | None:
        """'struck ..., killing 12': the participle's actor is the main verb's subject."""
        current = verb
        for _ in range(3):
            if current.dep_ == "relcl" and current.head.pos_ in ("NOUN", "PROPN"):
                return current.head
            if current.dep_ == "acl":
                return None
            if current.dep_ not in _INHERIT or current.head.i == current.i:
                return None
            current = current.head
            subject = self._subject(current)
            if subject is not None and current.lemma_ not in self.lex.say_verbs:
                return subject
        return None

    def _nominal_roles(self, noun: Token) -> tuple[Token | None, Token | None]:
        agent: Token | None = first_child(noun, "poss")
        by = _prep_object(noun, self.words.agent_preps)
        if agent is None and by is not None:
            agent = by
        if agent is None and any(
            c.dep_ in ("amod", "compound") and self._country_word(c) for c in noun.children
        ):
            agent = noun
        # "launched an attack", "imposed sanctions": the light verb's subject acts.
        if agent is None and noun.dep_ in ("dobj", "obj") and noun.head.pos_ == "VERB":
            agent = self._subject(noun.head) or self._inherited_subject(noun.head)
        target = _prep_object(noun, self.preps | self.words.noun_target_preps)
        if (
            target is not None
            and target.ent_type_ in _PLACE_ENTS
            and target.lower_ not in self.lex.metonyms
        ):
            target = None
        return agent, target

    def actor(self, token: Token | None, *, depth: int = 0) -> EventActor | None:
        """The EventActor a role token stands for, or None if nothing is known of it."""
        if token is None or depth > 3:
            return None
        if token.ent_type_ in _NOT_ROLES - {"CARDINAL"}:
            return None
        # "14 of 22 drones": the figure stands for the noun after "of".
        if token.pos_ == "NUM":
            token = _of_object(token)
            if token is None:
                return None
        # "KHARKIV, Ukraine (Reuters) -": the dateline is where the story was filed, not a role.
        if self.dateline is not None and self.dateline[0] <= token.idx < self.dateline[1]:
            # The parser often hangs the real subject on the dateline as an apposition.
            for later in token.subtree:
                if later.idx >= self.dateline[1] and later.dep_ in ("appos", "conj") and \
                        later.pos_ in ("NOUN", "PROPN"):
                    return self.actor(later, depth=depth + 1)
            return None
        # "the head of the IAEA", "a spokesman for the army": the office stands for its body.
        if token.lemma_.lower() in self.words.offices and self._mention(token) is None:
            body = _prep_object(token, self.words.office_preps)
            found = self.actor(body, depth=depth + 1) if body is not None else None
            if found is not None:
                return found
        if token.lower_ in self.lex.pronouns:
            return self.actor(self._antecedent(token), depth=depth + 1)
        mention = self._mention(token)
        phrase = _phrase(token)
        words = [phrase, token.lower_, token.lemma_.lower()]
        country = mention.actor.country if mention else None
        sector = mention.actor.sector if mention else None
        # A name standing as a modifier ("a Russian proposal") names the state, not the noun.
        own = mention is not None and mention.start <= token.idx < mention.end
        name = mention.actor.name if mention and own else None
        lookup = self._lookup(words)
        if lookup is not None:
            country = country or lookup[0]
            sector = sector or lookup[1]
            if name is None and lookup[0] is not None and token.pos_ == "PROPN":
                name = countries().name_of(lookup[0])
        if country is None:
            country = self._modifier_country(token, depth)
        if sector is None:
            sector = self.lex.sector_of(
                words + [c.lower_ for c in token.children if c.dep_ == "compound"]
            )
        if name is None:
            if token.pos_ == "PROPN" or token.ent_type_:
                name = phrase_text(token)
            elif country is not None and sector in (None, "MIL", "GOV", "COP"):
                name = countries().name_of(country)
            elif sector is not None:
                name = token.text.lower() if token.pos_ == "NOUN" else token.text
        if name is None or (
            country is None and sector is None and not token.ent_type_ and token.pos_ != "PROPN"
        ):
            return None
        return EventActor(name, country, sector)

    def _lookup(self, words: list[str]) -> tuple[str | None, str | None] | None:
        """(country, sector) of a country, capital or known organisation name."""
        for word in words:
            if word in self.lex.organizations:
                return self.lex.organizations[word]
            if word in self.lex.metonyms:
                code = self.lex.metonyms[word]
                return (code, "GOV") if code else None
            code = self.lex.countries.get(word)
            if code:
                return code, "GOV"
        return None

    def _country_word(self, token: Token) -> str | None:
        low = token.lower_
        return (
            self.lex.demonyms.get(low)
            or self.lex.countries.get(low)
            or self.lex.metonyms.get(low)
        )

    def _modifier_country(self, token: Token, depth: int) -> str | None:
        """'Russian missiles', 'Ukraine's air force', 'its drones', 'Iraqi President Saddam
        Hussein': a country word anywhere before the head in its noun phrase."""
        for child in token.children:
            if child.dep_ == "poss" and child.i < token.i:
                code = self._country_word(child)
                inner = None if code else self.actor(child, depth=depth + 1)
                if code or (inner is not None and inner.country):
                    return code or (inner.country if inner else None)
        for tok in token.doc[token.left_edge.i : token.i]:
            if tok.dep_ in ("amod", "compound", "nmod", "npadvmod", "poss") or tok.pos_ in (
                "ADJ",
                "PROPN",
            ):
                code = self._country_word(tok)
                if code:
                    return code
        return None

    def _subject(self, verb: Token | None) -> Token | None:
        """The verb's subject, passing over a dateline the parser took for one."""
        if verb is None:
            return None
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if self.dateline is not None:
            outside = [c for c in subjects if c.idx >= self.dateline[1]]
            subjects = outside or subjects
        return subjects[0] if subjects else None

    def _antecedent(self, pronoun: Token) -> Token | None:
        """'Kyiv said it had hit ...': the pronoun is the reporting verb's subject."""
        current = pronoun.head
        for _ in range(5):
            if current.lemma_ in self.lex.say_verbs:
                subject = self._subject(current)
                lo, hi = sorted((pronoun.i, subject.i)) if subject is not None else (0, 0)
                # Never across a paragraph break the parser may have joined.
                if subject is not None and subject.i != pronoun.i and not any(
                        "\n" in t.text for t in pronoun.doc[lo:hi]):
                    return subject
            if current.head.i == current.i:
                break
            current = current.head
        return None

    def _mention(self, token: Token) -> ActorMention | None:
        """The actor mention covering the token, or one of its name modifiers."""
        for tok in [
            token,
            *(c for c in token.children if c.dep_ in ("compound", "poss", "amod", "nmod")),
        ]:
            start, end = chars(tok)
            k = bisect.bisect_right(self.starts, start)
            for m in self.mentions[max(0, k - 3) : k + 1]:
                if m.start <= start and end <= m.end:
                    return m
        return None


def _of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return first_child(child, "pobj")
    return None


def _prep_object(token: Token, preps: frozenset[str] | set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            obj = first_child(child, "pobj")
            if obj is not None and obj.ent_type_ not in _NOT_ROLES:
                return obj
    return None


def _phrase(token: Token) -> str:
    """The token with its compound modifiers, lower-cased ('white house', 'air force')."""
    parts = [c for c in token.children if c.dep_ == "compound" and c.i < token.i]
    return " ".join(t.lower_ for t in [*parts, token])


def phrase_text(token: Token) -> str:
    """The proper name a token heads, as written ('Oleh Syniehubov', 'Islamic State')."""
    parts = [
        c for c in token.children if c.dep_ == "compound" and c.i < token.i and c.pos_ == "PROPN"
    ]
    tokens = [*parts, token]
    text = token.doc[tokens[0].i : token.i + 1].text
    # A name never spans a line break: the parser sometimes joins two paragraphs.
    return token.text if "\n" in text else text
