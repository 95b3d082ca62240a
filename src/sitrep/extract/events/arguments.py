"""The arguments of a trigger in the parse: the words for who acts and for what it is done to.

For a verb: its subject, or the agent of a passive ("was struck by a Russian drone", "a summit
proposed by the French president"); its object, or the object of "on", "against", "with", "to".
A participle, a coordinated or controlled verb takes its subject from the clause above it ("X
met Y and agreed ...", "struck ..., killing 12", "urged residents to leave": the one urged). For
a noun: its possessor, "by"/"from" phrase or country adjective ("Russia's bombardment", "shelling
from Russian forces", "a Russian strike"), else whoever does the verb it is the object or
complement of ("launched an attack", "prepared for strikes"), not one who only judges it
("condemned the attack"); and its "on"/"of" target, except that "a meeting of Nato ministers"
names who meets. Which actor a word stands for is ``naming``'s question.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from sitrep.extract.events.lexicon import EventLexicon
from sitrep.extract.events.naming import NOT_ROLES, Namer
from sitrep.extract.parse import first_child

_INHERIT = ("advcl", "xcomp", "conj", "ccomp", "pcomp", "acomp")
_SUPPORT_PREPS = frozenset({"for", "in", "on", "with", "to", "into", "by"})
"""Prepositions after which a noun is a verb's complement: 'prepared for', 'engaged in',
'spoke by phone'."""


class ArgumentReader:
    """Reads the role words of triggers in one article's parse."""

    def __init__(
        self, lexicon: EventLexicon, namer: Namer, dateline: tuple[int, int] | None = None
    ) -> None:
        self.lex = lexicon
        self.words = lexicon.roles
        self.preps = self.words.target_preps | self.words.partner_preps
        """ "an attack on", "talks with": prepositions whose object is acted upon or dealt with."""
        self.namer = namer
        self.dateline = dateline

    def roles(self, trigger: Token) -> tuple[Token | None, Token | None]:
        """The tokens heading actor1 and actor2 of the event this trigger names."""
        if trigger.pos_ in ("NOUN", "PROPN"):
            return self.nominal_roles(trigger)
        return self._verbal_roles(trigger)

    def _verbal_roles(self, verb: Token) -> tuple[Token | None, Token | None]:
        if verb.head.lower_ == "under" and verb.dep_ in ("pobj", "pcomp"):
            return None, self.subject(verb.head.head)  # "the city is under shelling"
        subject = self.subject(verb)
        patient = first_child(verb, "nsubjpass")
        agent = first_child(first_child(verb, "agent"), "pobj")
        obj = first_child(verb, "dobj") or first_child(verb, "obj")
        if patient is None and verb.dep_ == "acl" and (agent is not None or verb.tag_ == "VBN"):
            # "a summit proposed by the French president", "351 civilians killed": the
            # participle's noun is its object.
            patient = verb.head
        if patient is not None:
            return agent or _gapped_agent(verb), patient
        if subject is None and verb.pos_ == "ADJ" and verb.dep_ == "acomp":
            # "Norway is willing to send": the adjective's subject is its copula's.
            subject = self.subject(verb.head)
        if obj is None:
            obj = prep_object(verb, self.preps)
        if obj is None:
            # "to encircle and threaten Kyiv": a verb shares the object of the one after it.
            later = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                          and first_child(c, "nsubj") is None), None)
            obj = first_child(later, "dobj")
        if obj is None:
            # "warned that Russia would ...", "said China must ...": the clause's subject.
            clause = first_child(verb, "ccomp")
            obj = self.subject(clause) or first_child(clause, "nsubjpass")
        if subject is None:
            subject = self._controller(verb) or self._inherited_subject(verb)
        return subject, obj

    def _controller(self, verb: Token) -> Token | None:
        """'urged residents to leave', 'called on Nato to act': the one urged does the act."""
        if verb.dep_ != "xcomp" or verb.head.lemma_ not in self.words.object_control_verbs:
            return None
        head = verb.head
        obj = first_child(head, "dobj")
        if obj is None:
            on = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "on"), None)
            obj = first_child(on, "pobj") if on is not None and on.i < verb.i else None
        return obj if obj is not None and obj.i < verb.i else None

    def _inherited_subject(self, verb: Token) -> Token | None:
        """'struck ..., killing 12', 'claimed to have destroyed', 'responded by declaring': the
        verb's actor is the subject of the verb above it (not of a reporting verb whose
        clause it is: 'officials said ... was hit')."""
        current = verb
        for _ in range(4):
            if current.dep_ == "relcl" and current.head.pos_ in ("NOUN", "PROPN"):
                return current.head
            if current.dep_ == "acl":
                return self._acl_subject(current)
            if current.pos_ == "ADV" and current.dep_ == "advmod":
                current = current.head  # "hold back from imposing": past the particle
                continue
            if current.dep_ == "pcomp" and current.head.dep_ == "prep":
                prep = current.head
                obj = prep.head if prep.head.pos_ in ("NOUN", "PROPN") else first_child(
                    prep.head, "dobj"
                )
                if prep.lower_ in self.words.object_gerund_preps and obj is not None:
                    return obj  # "accused Russia of shelling", "thanked Turkey for mediating"
                current = prep  # "responded by declaring": up through the preposition
            elif current.dep_ not in _INHERIT or current.head.i == current.i:
                return None
            via = current.dep_
            current = current.head
            subject = self.subject(current)
            if subject is None and via == "xcomp":
                # "EU leaders are expected to discuss": the passive subject does the infinitive.
                subject = first_child(current, "nsubjpass")
            reported = via == "ccomp" and current.lemma_ in self.lex.say_verbs
            if subject is not None and not reported:
                return subject
        return None

    def _acl_subject(self, verb: Token) -> Token | None:
        """Who does a verb that modifies a noun: the noun's own act for an infinitive ('its
        failed attempt to take Kyiv'), the noun for an active participle ('Russian forces
        encircling Kharkiv'), the noun after 'with' ('with the US announcing ...')."""
        noun = verb.head
        if noun.pos_ not in ("NOUN", "PROPN") or noun.i > verb.i:
            return None
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return self.nominal_roles(noun)[0] if noun.pos_ == "NOUN" else None
        if verb.tag_ in ("VBG", "VBD"):
            return noun
        return None

    def nominal_roles(self, noun: Token) -> tuple[Token | None, Token | None]:
        # "a set of sanctions on Russia": the event stands where its collection stands.
        place = self.collection(noun)
        frame = [noun] if place.i == noun.i else [noun, place]
        agent = _first([first_child(t, "poss") for t in frame])
        # "an attack by rebels", not "a speech by video link": only an actor after "by".
        agent = agent or _first([b for t in frame if (b := prep_object(t, self.words.agent_preps))
                                 and self.namer.actor(b) is not None])
        for c in (c for t in frame for c in t.children if c.i < t.i):
            if agent is None and c.dep_ in ("amod", "compound", "nmod"):
                if self.namer.country_word(c):
                    agent = noun  # "a Russian strike": its side, the noun's sector
                elif c.lower_ in self.lex.organizations:
                    agent = c  # "EU sanctions", "a Nato summit"
        support, bearer = self.support(place)
        lemma = support.lemma_.lower() if support is not None else ""
        # "launched an attack", "prepared for strikes": the supporting verb's subject acts.
        if agent is None and support is not None and self._acts(place, lemma):
            agent = bearer or self._inherited_subject(support)
        gathering = noun.lemma_.lower() in self.words.gathering_nouns
        members = prep_object(noun, frozenset({"of"})) if gathering else None
        if agent is None and gathering:
            # "a meeting of Nato foreign ministers": who meets, not whom it is about.
            agent = members or self._attendee(noun)
        if place.dep_ == "pobj" and place.head.lower_ == "under":
            # "Kyiv came under attack", "the city is under shelling": the subject is the target.
            return agent, self.subject(place.head.head)
        target = _first(self._frame_targets(frame, gathering))
        if target is None and members is not None and agent is not None and agent.i != members.i:
            target = members  # "Blinken told a meeting of the OSCE": he addressed its members
        between = _first([prep_object(t, frozenset({"between"})) for t in frame])
        if between is None and place.dep_ == "nsubj" and place.head.pos_ == "VERB":
            between = prep_object(place.head, frozenset({"between"}))  # "talks took place
            target = target or between  # between X and Y"
        if agent is None and between is not None and target is not None and between.i == target.i:
            # "talks between Ukraine and Russia", "between Russian and Ukrainian officials":
            # the first named meets the second.
            sides = [between] + [c for c in between.children if c.dep_ == "amod"]
            for side in sides:
                second = first_child(side, "conj")
                if second is not None:
                    agent, target = side, second
                    break
        if target is None and agent is not None and agent.i != noun.i:
            # "Boris Johnson's Russia sanctions": a country named before the noun is its target.
            target = next((c for c in noun.children if c.dep_ == "compound"
                           and self.lex.countries.get(c.lower_)), None)
        if target is None and lemma in self.words.receiving_verbs:
            target = bearer  # "Moscow faced sanctions", "Kyiv repelled the attack"
        if target is None:
            # "sanctions targeting four Russian banks", "sanctions aimed at isolating Moscow":
            # the participle's object.
            for child in noun.children:
                if child.dep_ == "acl" and child.pos_ == "VERB" and child.i > noun.i:
                    target = first_child(child, "dobj") or _aim(child, self.preps)
                    break
        return agent, target

    def _attendee(self, noun: Token) -> Token | None:
        """'EU leaders will discuss sanctions at a summit', 'in a speech at the summit,
        Zelenskiy said': who does something at a gathering takes part in it."""
        if noun.dep_ != "pobj" or noun.head.lower_ not in self.words.attendance_preps:
            return None
        current = noun.head.head
        for _ in range(2):
            if current.pos_ in ("VERB", "AUX"):
                return (self.subject(current) or first_child(current, "nsubjpass")
                        or self._inherited_subject(current))
            if current.dep_ != "pobj" or current.head.dep_ != "prep":
                return None
            current = current.head.head  # "in a speech at the summit, X said"
        return None

    def _frame_targets(self, frame: list[Token], gathering: bool) -> list[Token]:
        """'an attack on X', 'measures against Google, including a ban on advertising': the
        targets named on the noun and on the noun it stands for."""
        targets = self.preps | self.words.noun_target_preps
        found = [prep_object(t, targets - {"of"} if gathering else targets) for t in frame]
        inside = {t.i for t in frame}
        return [t for t in found if t is not None and t.i not in inside]

    def collection(self, noun: Token) -> Token:
        """'the largest set of sanctions', 'days of shelling': the noun gathering the event."""
        current = noun
        for _ in range(2):
            head = current.head
            if current.dep_ != "pobj":
                break
            if head.lower_ in self.words.inclusion_preps:
                # "measures against Google, including a ban": one of the measures (the parser
                # may hang "including" on the verb: then one of its object).
                whole = head.head
                if whole.pos_ == "VERB":
                    whole = first_child(whole, "dobj") or whole
                if whole.pos_ not in ("NOUN", "PROPN"):
                    break
                current = whole
            elif head.lower_ == "of" and head.head.lemma_.lower() in self.words.collection_nouns:
                current = head.head
            elif head.lower_ == "in" and _sum(head.head) is not None:
                current = _sum(head.head) or current  # "$800m in aid": the sum stands for it
            else:
                break
        return current

    def support(self, noun: Token) -> tuple[Token | None, Token | None]:
        """The verb or adjective a noun event is the object, complement or passive subject of
        ('launched an attack', 'prepared for strikes', 'open to talks', 'the summit was
        addressed by X'), and who bears it: its subject, or its passive agent."""
        head = noun.head
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in _SUPPORT_PREPS:
            head = head.head
        elif noun.dep_ not in ("dobj", "obj", "nsubjpass"):
            return None, None
        if head.pos_ not in ("VERB", "ADJ") or head.i == noun.i:
            return None, None
        if noun.dep_ == "nsubjpass":
            return head, first_child(first_child(head, "agent"), "pobj")
        bearer = self.subject(head)
        if bearer is None and head.dep_ == "acomp":
            bearer = self.subject(head.head)  # "Ukraine is open to talks"
        return head, bearer

    def _acts(self, noun: Token, lemma: str) -> bool:
        """Whether the subject (or passive agent) of the verb a noun event depends on does
        that event: any verb but a topic or receiving verb for an object or a passive
        subject, a light verb for a complement."""
        if noun.dep_ in ("dobj", "obj", "nsubjpass"):
            return lemma not in self.words.topic_verbs | self.words.receiving_verbs
        return lemma in self.words.light_verbs

    def subject(self, verb: Token | None) -> Token | None:
        """The verb's subject, passing over a dateline the parser took for one."""
        if verb is None:
            return None
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if self.dateline is not None:
            outside = [c for c in subjects if c.idx >= self.dateline[1]]
            subjects = outside or subjects
        return subjects[0] if subjects else None

def _gapped_agent(verb: Token) -> Token | None:
    """'three were killed and five wounded by a missile': the agent of the coordinated
    participle that follows a passive is its agent too."""
    for tok in verb.subtree:
        if tok.dep_ != "agent" or tok.i < verb.i or tok.head.tag_ != "VBN":
            continue
        current = tok.head
        while current.i != verb.i and current.dep_ in ("conj", "acl"):
            current = current.head
        if current.i == verb.i:
            return first_child(tok, "pobj")
    return None

def _aim(verb: Token, preps: frozenset[str]) -> Token | None:
    """'aimed at isolating Moscow', 'directed against Iran': what a participle points at."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            inner = first_child(child, "pcomp")
            return first_child(inner, "dobj") if inner is not None else first_child(child, "pobj")
    return None

def _sum(token: Token) -> Token | None:
    """The sum of money a token is, or its verb's object is ('announced $800m in aid')."""
    for candidate in (token, first_child(token, "dobj")):
        if candidate is not None and any(
            t.ent_type_ == "MONEY" for t in candidate.doc[candidate.left_edge.i : candidate.i + 1]
        ):
            return candidate
    return None

def _first(tokens: Sequence[Token | None]) -> Token | None:
    return next((t for t in tokens if t is not None), None)


def prep_object(token: Token, preps: frozenset[str] | set[str]) -> Token | None:
    """The object of the token's first preposition among ``preps`` that may be a role."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            obj = first_child(child, "pobj")
            if obj is not None and obj.ent_type_ not in NOT_ROLES:
                return obj
    return None
