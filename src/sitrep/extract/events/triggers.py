"""Event triggers: the words of a sentence that name an event, matched against the lexicon.

A trigger is a lemma, or a two- or three-word key built from the parse ("call for",
"open fire", "hunger strike", "take into custody"); the longest key that matches wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.extract.events.lexicon import EventLexicon, TriggerEntry
from sitrep.extract.parse import first_child

_TRIGGER_POS = frozenset({"VERB", "NOUN", "PROPN", "ADJ"})
_NOT_EVENT_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"})
_RIGHT_DEPS = frozenset({"prt", "dobj", "obj", "oprd", "attr", "compound", "acomp", "advmod"})
_LEFT_DEPS = frozenset({"compound", "amod", "advmod", "nmod"})
_OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "attr", "oprd", "conj", "appos", "npadvmod"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """A token of the sentence that names an event, with the lexicon entry it matched."""

    token: Token
    entry: TriggerEntry
    key: str


def find_triggers(sent: SpacySpan, lex: EventLexicon) -> list[Trigger]:
    """Every trigger in the sentence, in text order, at most one per token."""
    found: list[Trigger] = []
    consumed: set[int] = set()
    for token in sent:
        if token.i in consumed or token.pos_ not in _TRIGGER_POS:
            continue
        # "wounded soldiers", "the long-threatened invasion": a participle describing a noun.
        if token.ent_type_ in _NOT_EVENT_ENTS or token.dep_ == "amod":
            continue
        # "an electronic warfare commander", "the protest leader": a noun naming what an
        # office holder does is part of the title, not an event the sentence tells.
        if token.dep_ == "compound" and token.head.lemma_.lower() in lex.roles.offices:
            continue
        match = _match(token, lex)
        if match is None:
            continue
        found.append(match[0])
        consumed.update(match[1])
    return found


def _keys(token: Token, lex: EventLexicon) -> list[tuple[str, set[int]]]:
    """Candidate lexicon keys for a token, longest first, with the tokens each uses."""
    lemma = token.lemma_.lower()
    keys: list[tuple[str, set[int]]] = []
    # "said China must drop barriers", "reiterated that Iran must cooperate": a statement of
    # what another must do is a demand, whatever verb states it if that verb names no event.
    stating = lemma in lex.say_verbs or (token.pos_ == "VERB" and lemma not in lex.triggers)
    if stating and any(c.dep_ == "ccomp" and _obligation(c, lex) for c in token.children):
        keys.append(("must", set()))
    for child in token.children:
        if child.i > token.i and child.dep_ == "prep":
            obj = first_child(child, "pobj")
            if obj is not None:
                keys.append((f"{lemma} {child.lower_} {obj.lemma_.lower()}", {child.i, obj.i}))
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        keys.append((f"{token.head.lower_} {lemma}", set()))
    for child in token.children:
        if child.i > token.i and (child.dep_ in _RIGHT_DEPS or child.dep_ == "prep"):
            keys.append((f"{lemma} {child.lemma_.lower()}", {child.i}))
        elif child.i < token.i and child.dep_ in _LEFT_DEPS:
            keys.append((f"{child.lemma_.lower()} {lemma}", {child.i}))
            keys.append((f"{child.lower_} {lemma}", {child.i}))
    keys.sort(key=lambda k: -k[0].count(" "))
    keys.append((lemma, set()))
    if token.lower_ != lemma:
        keys.append((token.lower_, set()))
    return keys


def _obligation(verb: Token, lex: EventLexicon) -> bool:
    """'Iran must cooperate', not 'Russia must have known': an auxiliary of obligation on
    the verb, and no perfect 'have' after it (which makes the 'must' a conclusion)."""
    auxes = [a.lower_ for a in verb.children if a.dep_ == "aux"]
    return bool(set(auxes) & lex.demand_auxiliaries) and "have" not in auxes


def trigger_at(token: Token, lex: EventLexicon) -> Trigger | None:
    """The trigger a token is, if any (the lexicon entry that fits it first)."""
    found = _match(token, lex)
    return found[0] if found is not None else None


def _match(token: Token, lex: EventLexicon) -> tuple[Trigger, set[int]] | None:
    for key, used in _keys(token, lex):
        for entry in lex.triggers.get(key, ()):
            if entry.accepts_pos(token.pos_) and _fits(token, entry, lex):
                return Trigger(token, entry, key), used | {token.i}
    return None


def objects_of(
    token: Token, preps: frozenset[str], measures: frozenset[str] = frozenset()
) -> set[str]:
    """Lemmas of what a trigger acts on ('gpe' for a place name, 'propn' for a name), its
    objects and the objects of its prepositions among ``preps``."""
    heads = [c for c in token.children if c.dep_ in _OBJECT_DEPS]
    if token.pos_ == "VERB" and not any(c.dep_ in ("dobj", "obj") for c in token.children):
        # "intercepted and destroyed 15 drones": verbs joined by "and" share the later object.
        for conj in (c for c in token.children if c.dep_ == "conj" and c.pos_ == "VERB"):
            heads.extend(c for c in conj.children if c.dep_ in ("dobj", "obj"))
    # "captured by the rebels": the agent of a passive verb is who acts, not what is acted on.
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
    for prep in (
        c
        for c in token.children
        if (c.dep_ == "agent" and not passive) or (c.dep_ == "prep" and c.lower_ in preps)
    ):
        heads.extend(c for c in prep.children if c.dep_ == "pobj")
    if token.dep_ in ("acl", "relcl") and token.head.pos_ in ("NOUN", "PROPN"):
        heads.append(token.head)
    # "supplied masks, suits and equipment": each conjunct is an object too.
    heads.extend(c for head in list(heads) for c in head.conjuncts)
    words: set[str] = set()
    # "shot down 14 of 22 drones": the object is what the figure counts.
    heads.extend(
        pobj
        for head in list(heads)
        if head.pos_ == "NUM"
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    )
    for head in heads:
        words.add(head.lemma_.lower())
        words.add(head.lower_)
        words.update(c.lemma_.lower() for c in head.children if c.dep_ in ("compound", "amod"))
        if head.ent_type_ in ("GPE", "LOC", "FAC"):
            words.add("gpe")
        if head.pos_ == "PROPN":
            words.add("propn")
        # "the village of Robotyne": the object is a place named inside the phrase;
        # "4 million items of equipment": what a measure holds is the object.
        for sub in head.children:
            if sub.dep_ == "prep":
                for pobj in sub.children:
                    if pobj.ent_type_ in ("GPE", "LOC", "FAC"):
                        words.add("gpe")
                    if (
                        sub.lower_ == "of"
                        and pobj.dep_ == "pobj"
                        and head.lemma_.lower() in measures
                    ):
                        words.add(pobj.lemma_.lower())
    return words


def subjects_of(token: Token) -> set[str]:
    """Lemmas of who does what a verb names: its subject, else the subject of the verb it
    completes ("forces tried to advance") or the noun its participle describes ("columns
    heading for Kyiv"), with their modifiers and conjuncts."""
    current = token
    heads: list[Token] = []
    for _ in range(3):
        heads = [c for c in current.children if c.dep_ == "nsubj"]
        if heads:
            break
        if current.dep_ in ("acl", "relcl") and current.head.pos_ in ("NOUN", "PROPN"):
            heads = [current.head]
            break
        if current.dep_ not in ("xcomp", "conj", "advcl") or current.head.i == current.i:
            break
        current = current.head
    if heads and all(h.tag_ == "PRP" for h in heads) and current.dep_ == "ccomp":
        # "the militia announced that it was joining": the pronoun is the announcer.
        heads = [c for c in current.head.children if c.dep_ == "nsubj"] or heads
    # "troops, who advanced": the relative pronoun stands for the noun its clause modifies.
    heads = [h.head.head if h.tag_ in ("WDT", "WP") and h.head.dep_ == "relcl" else h
             for h in heads]
    heads.extend(c for h in list(heads) for c in h.conjuncts)
    words: set[str] = set()
    for head in heads:
        words.update((head.lemma_.lower(), head.lower_))
        words.update(c.lemma_.lower() for c in head.children if c.dep_ in ("compound", "amod"))
    return words


def _fits(token: Token, entry: TriggerEntry, lex: EventLexicon) -> bool:
    if entry.needs_xcomp and not any(c.dep_ == "xcomp" for c in token.children):
        return False
    if (
        entry.governors_not
        and {token.head.lemma_.lower(), token.head.head.lemma_.lower()} & entry.governors_not
    ):
        return False
    if entry.governors:
        head = token.head
        lemmas = {head.lemma_.lower(), head.head.lemma_.lower()}
        # "the invasion it launched": the verb of a clause on the noun governs it too.
        lemmas.update(c.lemma_.lower() for c in token.children if c.dep_ in ("relcl", "acl"))
        if not lemmas & entry.governors:
            return False
    if entry.subjects_only and not subjects_of(token) & entry.subjects_only:
        return False
    if entry.objects_only or entry.objects_not:
        objects = objects_of(token, lex.object_preps, lex.measure_nouns)
        if entry.objects_only and not objects & entry.objects_only:
            return False
        if objects & entry.objects_not:
            return False
    return True
