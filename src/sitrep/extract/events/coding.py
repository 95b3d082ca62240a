"""The coding step of one event: its mode, and its ACLED event and sub-event type.

The mode comes from the trigger, refined by the means of attack named in its clause (weapons)
or by the mode words of its type; the ACLED pair from sitrep.extract.events.acled, read off a
Scene built here from the event's type, mode, arguments (their tokens and the actors named) and
clause. Missiles, rockets and shelling are mode heavy-weapons; aircraft and drones aerial;
shooting down drones or missiles is ASSAULT aerial, ACLED "Disrupted weapons use"; prisoner and
remains exchanges are COOPERATE, ACLED "Agreement".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from sitrep.extract.events.acled import Acled, AcledWords, Scene, acled_type, load_acled_words
from sitrep.extract.events.draft import Draft
from sitrep.extract.events.lexicon import EventLexicon, Means
from sitrep.extract.events.triggers import objects_of, trigger_at
from sitrep.extract.parse import is_ancestor
from sitrep.model import EventActor

_HARMED = frozenset({"killed", "injured"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})


@dataclass(frozen=True, slots=True)
class Arguments:
    """Who acted and who or what was acted on: role tokens and the actors named."""

    agent: Token | None
    patient: Token | None
    actor1: EventActor | None
    actor2: EventActor | None
    place_country: str | None


def code_event(
    draft: Draft,
    event_type: str,
    args: Arguments,
    lex: EventLexicon,
    words: AcledWords | None = None,
) -> tuple[str | None, Acled | None]:
    """The event's mode and ACLED (event type, sub-event type), or None where ACLED codes
    no such event (talks, accusations, requests)."""
    words = words or load_acled_words()
    clause = clause_words(draft)
    entry = draft.head.entry
    mode = entry.mode
    given: Acled | None = None
    if entry.acled is not None and entry.acled[1] is not None:
        given = (entry.acled[0], entry.acled[1])
    if event_type == "ASSAULT":
        means = attack_means(clause, lex)
        if means is not None:
            if mode is None or means.mode in ("suicide-attack", "unconventional"):
                mode = means.mode
            given = _with_means(given, means)
    elif mode is None:
        for name, table_words in lex.modes.get(event_type, {}).items():
            if clause & table_words:
                mode = name
                break
    if event_type in ("THREATEN", "REJECT"):
        # A threat or a refusal is no event ACLED codes, whatever its trigger names.
        return mode, None
    if event_type in ("AGREE", "COOPERATE") and given is None and clause & lex.agreement_nouns:
        given = ("Strategic developments", "Agreement")
    trig = draft.head.token
    territory, regain_key = entry.territory, draft.head.key
    if event_type == "ASSAULT" and not territory:
        # "stormed and captured a base": a fight told as the taking of a place is coded by
        # who took it.
        taking = _taking_of_place(trig, lex)
        if taking is not None:
            territory, regain_key = True, taking
    agent_words = _phrase_words(args.agent) | _name_words(args.actor1)
    target_words = _phrase_words(args.patient) | _name_words(args.actor2)
    if args.patient is not None and args.patient.ent_type_ == "PERSON" and not (
        args.actor2 and args.actor2.sector
    ):
        # "killed John Okello": a named person with no armed role is a civilian.
        target_words = target_words | {"person"}
    agent = words.kinds(args.actor1.sector if args.actor1 else None, agent_words)
    target = words.kinds(args.actor2.sector if args.actor2 else None, target_words)
    foreign = (
        args.actor1 is not None
        and args.actor1.country is not None
        and args.place_country is not None
        and args.actor1.country != args.place_country
    )
    scene = Scene(
        type=event_type,
        mode=mode,
        key=draft.head.key,
        given=given,
        territory=territory,
        regain=bool({regain_key, regain_key.split()[0]} & lex.regain_triggers),
        agent=agent,
        target=target,
        target_words=target_words | objects_of(trig, lex.object_preps, lex.measure_nouns),
        patient=args.patient.lemma_.lower() if args.patient is not None else None,
        clause=frozenset(clause | _verb_words(trig) | _sentence_words(draft, event_type, words)),
        at_protest="protesters" in target
        or _at_protest(trig, words)
        or (
            event_type in ("ASSAULT", "COERCE")
            and "state" in agent
            and not agent & {"protesters", "mob"}
            and _protest_in_sentence(trig, words)
        ),
        harmed=any(c.kind in _HARMED and c.value > 0 for c in draft.counts),
        foreign=foreign,
    )
    return mode, acled_type(scene, words)


def _taking_of_place(trig: Token, lex: EventLexicon) -> str | None:
    """The key of a trigger of taking a place that is a conjunct of an attack trigger
    ('stormed and captured'). A fight told as what came before ('seized the plant after an
    attack') stays an event of its own."""
    for token in trig.conjuncts:
        found = trigger_at(token, lex)
        if found is not None and found.entry.territory:
            return found.key
    return None


def attack_means(clause: set[str], lex: EventLexicon) -> Means | None:
    """The first means of attack (in the lexicon's order) named in the clause."""
    for means in lex.means:
        if clause & means.words and not clause & means.unless:
            return means
    return None


def _with_means(given: Acled | None, means: Means) -> Acled | None:
    """The weapon decides the remote-violence sub-type; an abduction, a rape or a shoot-down
    keeps the sub-type of its trigger, except that a suicide or chemical attack is always one."""
    if means.acled is None or means.acled[1] is None:
        return given
    if given is None or given[0] == "Explosions/Remote violence":
        return (means.acled[0], means.acled[1])
    if means.mode in ("suicide-attack", "unconventional") and given[0] != "Strategic developments":
        return (means.acled[0], means.acled[1])
    return given


def clause_words(draft: Draft) -> set[str]:
    """Lower-cased words and lemmas of the triggers' clauses and of their subjects."""
    tokens: list[Token] = []
    for trig in draft.triggers:
        tok = trig.token
        tokens.extend(tok.subtree)
        if trig.entry.consequence and tok.dep_ in ("advcl", "conj", "xcomp"):
            # "a truck hit a mine, killing four": the verb a toll hangs on names the means.
            tokens.extend(tok.head.subtree)
        # "Russian missiles struck": the means is named in the subject of the trigger's verb.
        # "gas was used in the attack": a nominal trigger's verb, through its preposition.
        verb = tok.head if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") else tok
        if tok.dep_ == "pobj" and verb.dep_ == "prep":
            verb = verb.head
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "agent") and child.i != tok.i:
                tokens.extend(child.subtree)
    # "an anti-tank mine", "anti-aircraft fire": the weapon is against what it names.
    tokens = [t for t in tokens if not _after_anti(t)]
    words = {t.lower_ for t in tokens} | {t.lemma_.lower() for t in tokens}
    words.update(draft.head.key.split())
    if any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in tokens):
        words.add("gpe")
    return words


def _after_anti(token: Token) -> bool:
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "anti"


def _at_protest(trig: Token, words: AcledWords) -> bool:
    """'fired on a march', 'arrested during a rally': a protest named as the object of the
    trigger or of a preposition on it (or on the verb a nominal trigger is the object of)."""
    heads = [trig, trig.head] if trig.dep_ in ("dobj", "nsubjpass", "pobj") else [trig]
    for head in heads:
        for child in head.children:
            nouns = [child] if child.dep_ in ("dobj", "nsubjpass") else []
            if child.dep_ == "prep" and child.lower_ in words.protest_preps:
                nouns = [p for p in child.children if p.dep_ == "pobj"]
            # "on 28 March" names a day, not a march.
            if any(n.lemma_.lower() in words.protester_words and not n.ent_type_ for n in nouns):
                return True
    return False


def _sentence_words(draft: Draft, event_type: str, words: AcledWords) -> set[str]:
    """A demonstration is told with what happened at it in the rest of its sentence ('police
    used tear gas against students protesting'); other events keep to their clause. A word
    that only names who someone is ('riot police') or the state of a noun ('detained
    activists') tells nothing that happened."""
    if event_type != "PROTEST":
        return set()
    return {
        t.lemma_.lower()
        for t in draft.head.token.sent
        if not (t.dep_ == "compound" and t.head.lemma_.lower() in words.state_words)
        and not (t.dep_ == "amod" and t.tag_ == "VBN")
    }


def _protest_in_sentence(trig: Token, words: AcledWords) -> bool:
    """'Two protesters died after police beat them': force by the state in a sentence that
    tells of a demonstration is force against it."""
    return any(
        (
            (
                t.pos_ == "NOUN"
                and not t.ent_type_
                and t.lemma_.lower() in words.protester_words
                and not _described(t, trig)
            )
            or (t.pos_ == "VERB" and t.lemma_.lower() in ("protest", "demonstrate"))
        )
        # "detained 14 people after a protest": only a preposition that puts the act at it.
        and not (t.dep_ == "pobj" and t.head.lower_ not in words.protest_preps)
        for t in trig.sent
    )


def _described(token: Token, trig: Token) -> bool:
    """'arrested a journalist who had reported on the protests': a protest named inside a
    clause that describes one of the trigger's arguments is not where the act happened (but
    'detained supporters who were demonstrating' is)."""
    current = token
    while current.head.i != current.i and current.i != trig.i:
        if current.dep_ in ("relcl", "acl") and is_ancestor(trig, current):
            return True
        current = current.head
    return False


def _verb_words(trig: Token) -> set[str]:
    """'Protesters threw stones': for a noun that is the subject or object of a verb, that
    verb and its objects tell what was done."""
    if trig.pos_ == "VERB" or trig.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return set()
    verb = trig.head
    words = {verb.lemma_.lower(), verb.lower_}
    for child in verb.children:
        if child.dep_ in ("dobj", "prt", "conj", "prep"):
            words.update(t.lemma_.lower() for t in child.subtree)
    return words


def _phrase_words(token: Token | None) -> frozenset[str]:
    """The head word of a role and its modifiers ('angry mob', 'Islamic State militants')."""
    if token is None:
        return frozenset()
    tokens = [token, *(c for c in token.children if c.dep_ in _MODIFIER_DEPS)]
    # "a crowd of residents", "members of a gang": the "of" phrase says who they are.
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            tokens.extend(p for p in prep.children if p.dep_ == "pobj")
    return frozenset(w for t in tokens for w in (t.lemma_.lower(), t.lower_))


def _name_words(actor: EventActor | None) -> frozenset[str]:
    if actor is None:
        return frozenset()
    return frozenset(actor.name.lower().split())
