"""Event roles: who acts (actor1) and on whom (actor2), read from the parse of a trigger.

The role words come from the trigger's clause: the subject, or the agent of a passive ("was
struck by a Russian drone", "a summit proposed by the French president"); the object or the
target of "on", "against", "with", "to"; for a noun, its possessor, "by"/"from" phrase or
country adjective ("Russia's bombardment", "shelling from Russian forces", "a Russian strike")
and its "on"/"of" target, except that "a meeting of Nato ministers" names who meets. A
participle, a coordinated or controlled verb takes its subject from the clause above it ("X met
Y and agreed ...", "struck ..., killing 12"), and after "urge" or "call on" the one urged acts.
Which actor a word stands for is ``naming``'s question (pronouns, appositions, bodies).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from sitrep.extract.events.draft import Draft
from sitrep.extract.events.lexicon import EventLexicon
from sitrep.extract.events.naming import NOT_ROLES, Namer
from sitrep.extract.events.referents import Referents
from sitrep.extract.events.targets import holder, is_site, localised
from sitrep.extract.parse import first_child
from sitrep.extract.quotes.lexicon import CueLexicon
from sitrep.model import Actor, EventActor, EventPlace, Place, Quote

_INHERIT = ("advcl", "xcomp", "conj", "ccomp", "pcomp", "acomp")
_OWN_FORCES = frozenset({"MOBILIZE"})
"""Types whose object is the actor's own force or means ('deployed troops'), never a target."""
_SUPPORT_PREPS = frozenset({"for", "in", "on", "with", "to", "into", "by"})
"""Prepositions after which a noun is a verb's complement: 'prepared for', 'engaged in',
'spoke by phone'."""
_GIVEN = frozenset({"AID"})
"""Types whose object is what is given ('sent weapons'); the one it is given to is the target."""


class RoleReader:
    """Maps a trigger to its actor1 and actor2 tokens, and a token to an EventActor."""

    def __init__(
        self,
        lexicon: EventLexicon,
        actors: tuple[Actor, ...],
        dateline: tuple[int, int] | None = None,
        quotes: tuple[Quote, ...] = (),
        cues: CueLexicon | None = None,
        places: tuple[Place, ...] = (),
    ) -> None:
        self.lex = lexicon
        self.words = lexicon.roles
        self.preps = self.words.target_preps | self.words.partner_preps
        """ "an attack on", "talks with": prepositions whose object is acted upon or dealt with."""
        self.dateline = dateline
        referents = Referents(lexicon, cues or CueLexicon.load(), actors, quotes)
        self.namer = Namer(lexicon, actors, referents, dateline, places)

    def actor(self, token: Token | None) -> EventActor | None:
        """The EventActor a role token stands for, or None if nothing is known of it."""
        return self.namer.actor(token)

    def names_new_agent(self, token: Token, before: Token) -> bool:
        """Whether a role word names who acted or with what ('a drone struck'), other than
        the actor of the trigger before ('They killed 23' after 'Taliban fighters attacked')."""
        mine = self.actor(token)
        if mine is None:
            return token.lemma_.lower() in self.lex.weapons
        theirs = self.actor(self.roles(before)[0])
        return theirs is None or (mine.country, mine.name) != (theirs.country, theirs.name)

    def event_actors(self, draft: Draft) -> tuple[EventActor | None, EventActor | None]:
        """actor1 and actor2 of a draft, from role words in its triggers' sentences."""
        trig = draft.head.token
        agent_tok, _ = self.roles(trig)
        # The parser can join two paragraphs; a role from the other one is no role.
        actor1 = self.actor(agent_tok) if _same_unit(agent_tok, trig, draft) else None
        found = [self.actor(t) for t in self._candidates(draft)]
        if draft.head.entry.type in _GIVEN:
            # "troops were airlifted to help": forces sent are the giver's, not the receiver.
            found = [a for a in found if a is None or a.country or a.sector != "MIL"]
        actor2 = _best_patient(found)
        if actor1 is not None and actor2 is not None and actor1 == actor2:
            actor2 = None
        return actor1, actor2

    def placed(
        self,
        draft: Draft,
        actors: tuple[EventActor | None, EventActor | None],
        place: EventPlace | None,
    ) -> tuple[EventActor | None, EventActor | None]:
        """The roles completed by the event's place (``targets``): the holder of an attacked
        place, the country of victims and local bodies."""
        actor1, actor2 = (localised(a, place, self.lex) for a in actors)
        if actor2 is None:
            entry = draft.head.entry
            sites = [t for t in self._candidates(draft) if is_site(t, self.lex)]
            if sites:
                actor2 = holder(sites[0], entry.type, entry.territory, actor1, place, self.lex)
        return actor1, actor2

    def _candidates(self, draft: Draft) -> list[Token]:
        """Role words for actor2 of a draft, best first, each in its trigger's sentence."""
        trig = draft.head.token
        found = [(t, trig) for t in self.patients(trig, draft.head.entry.type)]
        for other in draft.triggers:
            # "a strike killed 12 people": the victims of a consequence are the attack's; and
            # when the head names no target, "Russian airstrikes hit Ukrainian forces": the
            # target of another word for the same event.
            if other.token.i != trig.i and (other.entry.consequence or not found):
                found.extend((t, other.token) for t in self.patients(other.token, other.entry.type))
        return [t for t, by in found if _same_unit(t, by, draft)]

    def roles(self, trigger: Token) -> tuple[Token | None, Token | None]:
        """The tokens heading actor1 and actor2 of the event this trigger names."""
        if trigger.pos_ in ("NOUN", "PROPN"):
            return self._nominal_roles(trigger)
        return self._verbal_roles(trigger)

    def patients(self, trigger: Token, event_type: str | None = None) -> list[Token]:
        """Candidates for actor2, best first: the object, then who it is given or done to
        ('promised military aid to Mozambique', 'established ties with Iran')."""
        if event_type in _OWN_FORCES:
            preps = self.words.target_preps - {"at", "into"}
            found = _prep_object(trigger, preps)
            return [found] if found is not None else []
        subject, first = self.roles(trigger)
        if first is not None and first.lemma_.lower() in self.words.light_objects:
            first = _prep_object(first, frozenset({"of"})) or first  # "seized control of X"
        if first is not None and first.i != trigger.i and _is_event_noun(first, self.lex):
            # "condemned Russia's invasion", "criticised Johnson's sanctions": a judgement of
            # an event is aimed at whoever did it (not at the one who signs or holds it).
            doer = self._nominal_roles(first)[0]
            if doer is None or subject is None or doer.i != subject.i:
                first = doer
        out = [first] if first is not None and event_type not in _GIVEN else []
        if event_type == "THREATEN":
            # The one warned, else the one whose act the condition names, else the content.
            addressee = first_child(trigger, "dobj", "obj")
            at = 1 if out and addressee is not None and out[0].i == addressee.i else 0
            out[at:at] = self._conditioned(trigger)
        heads = self._target_heads(trigger, out)
        for head in heads:
            for child in head.children:
                if child.dep_ == "dative":
                    # "provide Ukraine with weapons", "gave them aid", "supply arms to Kyiv"
                    out.append(first_child(child, "pobj") or child)
                if child.dep_ == "prep" and child.lower_ in self.preps | self.words.patient_preps:
                    out.extend(c for c in child.children
                               if c.dep_ in ("pobj", "conj") and not _absolute(c))
        if event_type in _GIVEN and first is not None:
            out.append(first)  # "aided Ukraine": the object is the one helped
        if trigger.pos_ == "VERB":
            # "seized villas from four Russians": who loses what is taken, last of all.
            out.extend(t for h in heads if (t := _prep_object(h, frozenset({"from"}))))
        return [t for t in out if t.ent_type_ not in NOT_ROLES - {"CARDINAL"}]

    def _target_heads(self, trigger: Token, out: list[Token]) -> list[Token]:
        """The words whose prepositions may name the target: the trigger and its object, the
        collection it stands in, the verb it is the object, complement or subject of ('imposed
        sanctions on Russia', 'spoke by phone to Putin', 'attacks focused on eastern areas'),
        the sum it is bought with, a thing it is committed to ('commit to membership for
        Ukraine')."""
        heads = [trigger, *(c for c in trigger.children if c.dep_ in ("dobj", "obj"))]
        place = self._collection(trigger) if trigger.pos_ in ("NOUN", "PROPN") else trigger
        if place.i != trigger.i:
            heads.append(place)  # "a set of sanctions on Russia", "measures, including a ban"
        if place.pos_ in ("NOUN", "PROPN"):
            support, _ = self._support(place)
            if support is not None and support.pos_ == "VERB":
                heads.append(support)  # "imposed sanctions on Russia", "spoke by phone to X"
            elif place.dep_ in ("nsubj", "nsubjpass") and place.head.pos_ == "VERB":
                heads.append(place.head)  # "Russian attacks focused on eastern areas"
                if place.dep_ == "nsubj":
                    out.extend(c for c in place.head.children if c.dep_ == "dobj")
        for money in [h for h in heads if h.ent_type_ == "MONEY"]:
            # "$300m in security assistance to Ukraine": the sum stands for what it buys.
            heads.extend(first_child(c, "pobj") or money for c in money.children
                         if c.dep_ == "prep" and c.lower_ == "in")
        for head in list(heads):
            to = _prep_object(head, frozenset({"to"}))
            if to is not None and to.pos_ == "NOUN" and self.namer.actor(to) is None:
                heads.append(to)  # "would not commit to future membership for Ukraine"
        return heads

    def _conditioned(self, trigger: Token) -> list[Token]:
        """'warned of consequences if Russia used chemical weapons': a threat is aimed at the
        one whose act its condition names."""
        conditions = self.lex.status.conditions | self.lex.status.threat_conditions
        for tok in trigger.subtree:
            if tok.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in conditions for c in tok.children
            ):
                subject = self._subject(tok) or first_child(tok, "nsubjpass")
                return [subject] if subject is not None else []
        return []

    def _verbal_roles(self, verb: Token) -> tuple[Token | None, Token | None]:
        if verb.head.lower_ == "under" and verb.dep_ in ("pobj", "pcomp"):
            return None, self._subject(verb.head.head)  # "the city is under shelling"
        subject = self._subject(verb)
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
            subject = self._subject(verb.head)
        if obj is None:
            obj = _prep_object(verb, self.preps)
        if obj is None:
            # "to encircle and threaten Kyiv": a verb shares the object of the one after it.
            later = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                          and first_child(c, "nsubj") is None), None)
            obj = first_child(later, "dobj")
        if obj is None:
            # "warned that Russia would ...", "said China must ...": the clause's subject.
            clause = first_child(verb, "ccomp")
            obj = self._subject(clause) or first_child(clause, "nsubjpass")
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
            subject = self._subject(current)
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
            return self._nominal_roles(noun)[0] if noun.pos_ == "NOUN" else None
        if verb.tag_ in ("VBG", "VBD"):
            return noun
        return None

    def _nominal_roles(self, noun: Token) -> tuple[Token | None, Token | None]:
        # "a set of sanctions on Russia": the event stands where its collection stands.
        place = self._collection(noun)
        frame = [noun] if place.i == noun.i else [noun, place]
        agent = _first([first_child(t, "poss") for t in frame])
        # "an attack by rebels", not "a speech by video link": only an actor after "by".
        agent = agent or _first([b for t in frame if (b := _prep_object(t, self.words.agent_preps))
                                 and self.namer.actor(b) is not None])
        for c in (c for t in frame for c in t.children if c.i < t.i):
            if agent is None and c.dep_ in ("amod", "compound", "nmod"):
                if self.namer.country_word(c):
                    agent = noun  # "a Russian strike": its side, the noun's sector
                elif c.lower_ in self.lex.organizations:
                    agent = c  # "EU sanctions", "a Nato summit"
        support, bearer = self._support(place)
        lemma = support.lemma_.lower() if support is not None else ""
        # "launched an attack", "prepared for strikes": the supporting verb's subject acts.
        if agent is None and support is not None and self._acts(place, lemma):
            agent = bearer or self._inherited_subject(support)
        gathering = noun.lemma_.lower() in self.words.gathering_nouns
        members = _prep_object(noun, frozenset({"of"})) if gathering else None
        if agent is None and gathering:
            # "a meeting of Nato foreign ministers": who meets, not whom it is about.
            agent = members or self._attendee(noun)
        if place.dep_ == "pobj" and place.head.lower_ == "under":
            # "Kyiv came under attack", "the city is under shelling": the subject is the target.
            return agent, self._subject(place.head.head)
        target = _first(self._frame_targets(frame, gathering))
        if target is None and members is not None and agent is not None and agent.i != members.i:
            target = members  # "Blinken told a meeting of the OSCE": he addressed its members
        between = _first([_prep_object(t, frozenset({"between"})) for t in frame])
        if between is None and place.dep_ == "nsubj" and place.head.pos_ == "VERB":
            between = _prep_object(place.head, frozenset({"between"}))  # "talks took place
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
                return (self._subject(current) or first_child(current, "nsubjpass")
                        or self._inherited_subject(current))
            if current.dep_ != "pobj" or current.head.dep_ != "prep":
                return None
            current = current.head.head  # "in a speech at the summit, X said"
        return None

    def _frame_targets(self, frame: list[Token], gathering: bool) -> list[Token]:
        """'an attack on X', 'measures against Google, including a ban on advertising': the
        targets named on the noun and on the noun it stands for."""
        targets = self.preps | self.words.noun_target_preps
        found = [_prep_object(t, targets - {"of"} if gathering else targets) for t in frame]
        inside = {t.i for t in frame}
        return [t for t in found if t is not None and t.i not in inside]

    def _collection(self, noun: Token) -> Token:
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

    def _support(self, noun: Token) -> tuple[Token | None, Token | None]:
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
        bearer = self._subject(head)
        if bearer is None and head.dep_ == "acomp":
            bearer = self._subject(head.head)  # "Ukraine is open to talks"
        return head, bearer

    def _acts(self, noun: Token, lemma: str) -> bool:
        """Whether the subject (or passive agent) of the verb a noun event depends on does
        that event: any verb but a topic or receiving verb for an object or a passive
        subject, a light verb for a complement."""
        if noun.dep_ in ("dobj", "obj", "nsubjpass"):
            return lemma not in self.words.topic_verbs | self.words.receiving_verbs
        return lemma in self.words.light_verbs

    def _subject(self, verb: Token | None) -> Token | None:
        """The verb's subject, passing over a dateline the parser took for one."""
        if verb is None:
            return None
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if self.dateline is not None:
            outside = [c for c in subjects if c.idx >= self.dateline[1]]
            subjects = outside or subjects
        return subjects[0] if subjects else None


def _same_unit(token: Token | None, trigger: Token, draft: Draft) -> bool:
    """Whether a role word lies in the draft's sentence that holds its trigger (pronouns are
    resolved later, wherever their referent is)."""
    if token is None:
        return False
    unit = next((s for s in draft.sentences if s.start <= trigger.i < s.end), None)
    return unit is not None and unit.start <= token.i < unit.end


def _best_patient(candidates: list[EventActor | None]) -> EventActor | None:
    """The object, unless nothing is known of what it is and a state is named after it."""
    known = [a for a in candidates if a is not None]
    if not known:
        return None
    first = known[0]
    if first.country is None and first.sector is None:
        return next((a for a in known if a.country is not None), first)
    return first


def _is_event_noun(token: Token, lex: EventLexicon) -> bool:
    """Whether a noun names an event of its own ('the invasion', 'sanctions')."""
    return token.pos_ == "NOUN" and any(
        e.accepts_pos("NOUN") for e in lex.triggers.get(token.lemma_.lower(), ())
    )


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


def _absolute(token: Token) -> bool:
    """'with 30 members absent', 'with the US announcing': a noun with its own predicate after
    a preposition is a circumstance, not a partner or a target."""
    return any(
        c.i > token.i and c.dep_ in ("acl", "amod", "acomp", "advcl") and c.pos_ in ("VERB", "ADJ")
        for c in token.children
    )


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


def _prep_object(token: Token, preps: frozenset[str] | set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            obj = first_child(child, "pobj")
            if obj is not None and obj.ent_type_ not in NOT_ROLES:
                return obj
    return None

