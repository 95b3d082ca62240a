"""Event roles: who acts (actor1) and on whom (actor2), for an event drafted from triggers.

actor1 is what the head trigger's agent word stands for (``arguments`` finds the word,
``naming`` the actor). actor2 is the best of the candidates: the object or target of the head
trigger, the one warned or whose act a threat's condition names, who is given or sold to, the
victims of the draft's consequences ("killing 12 people"); a judgement of an event ("condemned
Russia's invasion") is aimed at who did it; the forces deployed or sent are never the target.
Where no actor is named, the event's place completes the roles (``targets``).
"""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.extract.events.addressee import addressees, asked_content
from sitrep.extract.events.arguments import ArgumentReader, prep_object
from sitrep.extract.events.choice import RoleChooser, candidates
from sitrep.extract.events.choice_features import Setting, is_speaker, tells
from sitrep.extract.events.draft import Draft
from sitrep.extract.events.lexicon import EventLexicon, TriggerEntry
from sitrep.extract.events.naming import NOT_ROLES, Namer
from sitrep.extract.events.referents import Referents
from sitrep.extract.events.sides import article_states
from sitrep.extract.events.targets import holder, is_site, localised, opponent
from sitrep.extract.parse import first_child
from sitrep.extract.quotes.lexicon import CueLexicon
from sitrep.model import Actor, EventActor, EventPlace, Place, Quote

_OWN_FORCES = frozenset({"MOBILIZE"})
"""Types whose object is the actor's own force or means ('deployed troops'), never a target."""
_GIVEN = frozenset({"AID"})
_ASKED = "REQUEST"
"""The type whose target is the one asked (``addressee``), not the target of what is asked."""
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
        chooser: RoleChooser | None = None,
        attacker: EventActor | None = None,
    ) -> None:
        self.lex = lexicon
        self.attacker = attacker
        """The article's attacker (``attacker``): a candidate for actor1 of an attack."""
        self.chooser = chooser or RoleChooser(None)
        self.direct = tuple((q.start, q.end) for q in quotes if q.kind == "direct")
        self._named: dict[int, EventActor | None] = {}
        self._states: tuple[EventActor, ...] | None = None
        self.words = lexicon.roles
        self.preps = self.words.target_preps | self.words.partner_preps
        """ "an attack on", "talks with": prepositions whose object is acted upon or dealt with."""
        referents = Referents(lexicon, cues or CueLexicon.load(), actors, quotes)
        self.namer = Namer(lexicon, actors, referents, dateline, places)
        self.args = ArgumentReader(lexicon, self.namer, dateline)

    def actor(self, token: Token | None) -> EventActor | None:
        """The EventActor a role token stands for, or None if nothing is known of it."""
        return self.namer.actor(token)

    def _choose(self, draft: Draft, role: str, rule_token: Token | None,
                rule: EventActor | None, other: EventActor | None,
                own: frozenset[int] = frozenset()) -> EventActor | None:
        """The chooser's actor for a role, among the actors of the head trigger's sentence."""
        trig = draft.head.token
        unit = next(s for s in draft.sentences if s.start <= trig.i < s.end)
        attacker = self.attacker if role == "actor1" and draft.is_assault else None
        states = self._article_states(trig) if role == "actor2" else ()
        setting = Setting(role, trig, draft.head.entry.type, rule_token, rule, other,
                          self.direct, 0, self.lex.say_verbs, attacker, states,
                          self.attacker)
        # Not candidates: the other role's actor (one role each); who gives the event's toll
        # ("officials raised the death toll": they report it); the noun of an absolute phrase
        # ('with 12 senators absent': a circumstance).
        excluded = {c.i for t in draft.triggers if t.entry.consequence
                      and t.token.dep_ in ("dobj", "obj") for c in t.token.head.children
                      if c.dep_ == "nsubj"} | own
        if role == "actor2" and draft.head.entry.type == _ASKED:
            # What is asked for names no target: "demanded sanctions on Russia".
            asked = addressees(trig, self.args, self.words.addressee_preps)
            excluded |= asked_content(trig, asked)

        target_of_attack = role == "actor2" and draft.head.entry.type == "ASSAULT"

        def name(token: Token) -> EventActor | None:
            if token.i in excluded or _circumstance(token):
                return None
            if (role == "actor2" or draft.is_assault) and is_speaker(token, setting):
                # "..., local MP Dmytro Lubinets said", "according to the authorities, 18
                # people were killed in a missile attack": who tells is no target, and tells
                # of an attack rather than makes it.
                return None
            found = _actor_not_place(token, self._name(token), self.lex, target_of_attack)
            return None if found is not None and found == other else found  # one role each

        found = candidates(unit, [rule_token], name, setting)
        return self.chooser.choose(role, found, rule)

    def _article_states(self, token: Token) -> tuple[EventActor, ...]:
        """``article_states`` of the token's article, found once."""
        if self._states is None:
            self._states = article_states(token.doc, self.lex)
        return self._states

    def _untargeted(self, entry: TriggerEntry) -> bool:
        """Whether an event has no target but the rules' own (``patients``): the forces
        deployed, who withdraws or flees."""
        return entry.type in _OWN_FORCES or f"{entry.type} {entry.mode}" in (
            self.words.untargeted_modes)

    def _name(self, token: Token) -> EventActor | None:
        """``actor``, remembered per token for the article."""
        if token.i not in self._named:
            self._named[token.i] = self.namer.actor(token)
        return self._named[token.i]

    def names_new_agent(self, token: Token, before: Token) -> bool:
        """Whether a role word names who acted or with what ('a drone struck'), other than
        the actor of the trigger before ('They killed 23' after 'Taliban fighters attacked')."""
        mine = self.actor(token)
        if mine is None:
            return token.lemma_.lower() in self.lex.weapons
        theirs = self.actor(self.roles(before)[0])
        return theirs is None or (mine.country, mine.name) != (theirs.country, theirs.name)

    def event_actors(self, draft: Draft) -> tuple[EventActor | None, EventActor | None]:
        """actor1 and actor2 of a draft: the rules' picks from role words in its triggers'
        sentences, then the chooser's among all the actors of the head trigger's sentence."""
        trig = draft.head.token
        agent_tok, _ = self.roles(trig)
        # The parser can join two paragraphs; a role from the other one is no role.
        agent_tok = agent_tok if _same_unit(agent_tok, trig, draft) else None
        if agent_tok is not None and draft.is_assault and tells(agent_tok, trig,
                                                                self.lex.say_verbs):
            agent_tok = None  # who tells of an attack is not who made it
        actor1 = self.actor(agent_tok)
        # "Ukraine's president, Volodymyr Zelenskiy, declared ...": the words of actor1's own
        # phrase name no target.
        own = _own_phrase(agent_tok)
        attack = draft.head.entry.type == "ASSAULT"
        found = [(t, _actor_not_place(t, self.actor(t), self.lex, attack))
                 for t in self._candidates(draft) if t.i not in own]
        if draft.head.entry.type in _GIVEN:
            # "troops were airlifted to help": forces sent are the giver's, not the receiver.
            found = [(t, a) for t, a in found if a is None or a.country or a.sector != "MIL"]
        actor2 = _best_patient([a for _, a in found])
        patient = next((t for t, a in found if a is not None and a == actor2), None)
        actor1 = self._choose(draft, "actor1", agent_tok, actor1, actor2)
        if actor2 is None and any(is_site(t, self.lex) for t in self._candidates(draft)):
            # An attacked place with no side named: ``placed`` gives its holder, as the
            # coding convention has it, rather than any other actor of the sentence.
            chosen = None
        else:
            chosen = self._choose(draft, "actor2", patient, actor2, actor1, own)
        gathering = trig.lemma_.lower() in self.words.gathering_nouns
        if not self._untargeted(draft.head.entry) and not gathering:
            # The forces deployed are no target, and a meeting of several has none: only the
            # rules' target preposition or partner names one.
            actor2 = chosen
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
            else:
                actor2 = opponent(entry.type, actor1, place, self.attacker)
        return actor1, actor2

    def _candidates(self, draft: Draft) -> list[Token]:
        """Role words for actor2 of a draft, best first, each in its trigger's sentence."""
        trig = draft.head.token
        head = draft.head.entry
        found = [(t, trig) for t in self.patients(trig, head.type, head.mode)]
        for other in draft.triggers:
            # "a strike killed 12 people": the victims of a consequence are the attack's; and
            # when the head names no target, "Russian airstrikes hit Ukrainian forces": the
            # target of another word for the same event.
            if self._untargeted(head):
                break  # who withdraws or flees has no target in the other words either
            if other.token.i != trig.i and (other.entry.consequence or not found):
                found.extend((t, other.token) for t in self.patients(
                    other.token, other.entry.type, other.entry.mode))
        return [t for t, by in found if _same_unit(t, by, draft)]

    def roles(self, trigger: Token) -> tuple[Token | None, Token | None]:
        """The tokens heading actor1 and actor2 of the event this trigger names."""
        return self.args.roles(trigger)

    def patients(self, trigger: Token, event_type: str | None = None,
                 mode: str | None = None) -> list[Token]:
        """Candidates for actor2, best first: the object, then who it is given or done to
        ('promised military aid to Mozambique', 'established ties with Iran')."""
        if event_type == _ASKED:
            return [t for t in addressees(trigger, self.args, self.words.addressee_preps)
                    if t.ent_type_ not in NOT_ROLES - {"CARDINAL"}]
        if event_type in _OWN_FORCES:
            preps = self.words.target_preps - {"at", "into"}
            found = prep_object(trigger, preps)
            return [found] if found is not None else []
        if f"{event_type} {mode}" in self.words.untargeted_modes:
            # "fled Ukraine", "evacuate residents": only one they act with is named.
            found = prep_object(trigger, frozenset({"with"}))
            return [found] if found is not None else []
        subject, first = self.roles(trigger)
        if first is not None and first.lemma_.lower() in self.words.light_objects:
            first = prep_object(first, frozenset({"of"})) or first  # "seized control of X"
        if first is not None and first.i != trigger.i and _is_event_noun(first, self.lex):
            # "condemned Russia's invasion", "criticised Johnson's sanctions": a judgement of
            # an event is aimed at whoever did it (not at the one who signs or holds it).
            doer = self.args.nominal_roles(first)[0]
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
            out.extend(t for h in heads if (t := prep_object(h, frozenset({"from"}))))
        return [t for t in out if t.ent_type_ not in NOT_ROLES - {"CARDINAL"}]

    def _target_heads(self, trigger: Token, out: list[Token]) -> list[Token]:
        """The words whose prepositions may name the target: the trigger and its object, the
        collection it stands in, the verb it is the object, complement or subject of ('imposed
        sanctions on Russia', 'spoke by phone to Putin', 'attacks focused on eastern areas'),
        the sum it is bought with, a thing it is committed to ('commit to membership for
        Ukraine')."""
        heads = [trigger, *(c for c in trigger.children if c.dep_ in ("dobj", "obj"))]
        place = self.args.collection(trigger) if trigger.pos_ in ("NOUN", "PROPN") else trigger
        if place.i != trigger.i:
            heads.append(place)  # "a set of sanctions on Russia", "measures, including a ban"
        if place.pos_ in ("NOUN", "PROPN"):
            support, _ = self.args.support(place)
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
            to = prep_object(head, frozenset({"to"}))
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
                subject = self.args.subject(tok) or first_child(tok, "nsubjpass")
                return [subject] if subject is not None else []
        return []

def _same_unit(token: Token | None, trigger: Token, draft: Draft) -> bool:
    """Whether a role word lies in the draft's sentence that holds its trigger (pronouns are
    resolved later, wherever their referent is)."""
    if token is None:
        return False
    unit = next((s for s in draft.sentences if s.start <= trigger.i < s.end), None)
    return unit is not None and unit.start <= token.i < unit.end


def _actor_not_place(token: Token, actor: EventActor | None, lex: EventLexicon,
                     attack: bool = False) -> EventActor | None:
    """The actor a role word names, unless it is a place or a site the namer knew nothing of
    ('Vorzel, Buch and Irpen', 'Kharkhiv'): a place is no actor; its holder may be the target.
    The target of an attack that nothing is known of (no country, no sector) and that is no
    person's name ('the Moskva', 'Windows were blasted out') is a thing: the side it is of
    comes from the event's place (``targets``)."""
    if actor is None or actor.country is not None or actor.sector is not None:
        return actor
    person = token.ent_type_ == "PERSON" or token.pos_ == "PRON"  # "His body was found"
    if is_site(token, lex) or (attack and not person):
        return None
    return actor


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




def _circumstance(token: Token) -> bool:
    """'with 30 members absent', 'with the US announcing': the noun of an absolute phrase,
    as the object of its preposition or as the subject of its predicate."""
    if token.dep_ == "pobj":
        return _absolute(token)
    return token.dep_ == "nsubj" and token.head.dep_ == "pcomp" and token.head.head.dep_ == "prep"


def _absolute(token: Token) -> bool:
    """'with 30 members absent', 'with the US announcing': a noun with its own predicate after
    a preposition is a circumstance, not a partner or a target."""
    return any(
        c.i > token.i and c.dep_ in ("acl", "amod", "acomp", "advcl") and c.pos_ in ("VERB", "ADJ")
        for c in token.children
    )


_PHRASE_DEPS = frozenset({"poss", "compound", "amod", "nmod", "appos", "det", "case", "punct",
                          "pobj", "nummod"})
"""Relations inside a noun phrase: "Ukraine's foreign minister, Dmytro Kuleba"."""
_PHRASE_PREPS = frozenset({"of", "from"})
""" "the head of the IAEA", "ministers from Black Sea countries": within the phrase."""


def _own_phrase(token: Token | None) -> frozenset[int]:
    """The tokens of actor1's noun phrase ("Ukraine's president, Volodymyr Zelenskiy", "the
    head of the IAEA"), from the top of its apposition: no word there is a target."""
    if token is None:
        return frozenset()
    top = token
    while top.dep_ == "appos" and top.head.i != top.i:
        top = top.head
    out: set[int] = set()
    stack = [top]
    while stack:
        tok = stack.pop()
        out.add(tok.i)
        stack.extend(c for c in tok.children if c.dep_ in _PHRASE_DEPS or (
            c.dep_ == "prep" and c.lower_ in _PHRASE_PREPS))
    return frozenset(out)

