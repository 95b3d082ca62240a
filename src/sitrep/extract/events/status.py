"""Event status: reported, or planned, threatened, hypothetical, background, negated.

Read from the trigger's own auxiliaries and negation and from the verbs that govern it
("threatened to strike", "is due to visit", "denied attacking"). Only ``reported`` is a fact.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from sitrep.extract.events.lexicon import StatusWords
from sitrep.model import EventStatus

_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def event_status(
    trigger: Token,
    words: StatusWords,
    *,
    own_type: str,
    published_year: int | None,
    ignore_negation: bool = False,
) -> EventStatus:
    """The status of the event the trigger names, from the clause around it."""
    if not ignore_negation and _negated(trigger, words):
        return "negated"
    governors = _governors(trigger)
    if own_type != "THREATEN" and any(g.lemma_ in words.threats for g in governors):
        return "threatened"
    auxes = {c.lower_ for c in trigger.children if c.dep_ in ("aux", "auxpass")}
    for gov in governors[:1]:
        auxes |= (
            {c.lower_ for c in gov.children if c.dep_ in ("aux", "auxpass")}
            if trigger.dep_ in ("xcomp", "conj")
            else set()
        )
    sentence = trigger.sent
    conditional = any(t.lower_ in words.conditions for t in sentence)
    would = bool(auxes & words.conditional_auxiliaries)
    if auxes & words.hypothetical_auxiliaries or (would and conditional):
        return "hypothetical"
    if _in_if_clause(trigger, words):
        return "hypothetical"
    if (
        auxes & words.future_auxiliaries
        or would
        or any(g.lemma_ in words.plans or g.lower_ in words.plans for g in governors)
        or _going_to(trigger, words)
        or _plans_itself(trigger, words)
    ):
        return "planned"
    if _background(trigger, auxes, published_year, words):
        return "background"
    return "reported"


def negated_directly(trigger: Token, words: StatusWords) -> bool:
    """'will not negotiate', 'failed to reach agreement': the trigger itself is refused."""
    return any(c.dep_ == "neg" for c in trigger.children) or (
        trigger.dep_ == "xcomp" and trigger.head.lemma_ in words.refusals
    )


def _plans_itself(anchor: Token, words: StatusWords) -> bool:
    """'talks are set to resume': the noun's verb is itself a verb of planning."""
    return (
        anchor.lemma_ in words.plans
        and anchor.lemma_ not in words.requests
        and any(c.dep_ == "xcomp" for c in anchor.children)
    )


def _negated(trigger: Token, words: StatusWords) -> bool:
    if any(c.dep_ == "neg" for c in trigger.children):
        return True
    for dep in ("nsubj", "nsubjpass", "dobj"):
        subject = next((c for c in trigger.children if c.dep_ == dep), None)
        if subject is not None and (
            subject.lower_ in words.negative_subjects
            or any(
                c.lower_ in words.negative_determiners and c.dep_ == "det"
                for c in subject.children
            )
        ):
            return True
    return any(g.lemma_ in words.negators for g in _governors(trigger)[:2])


def _governors(trigger: Token) -> list[Token]:
    """The verbs and adjectives the trigger is a complement of, nearest first."""
    out: list[Token] = []
    current = trigger
    for _ in range(3):
        if current.dep_ not in ("xcomp", "ccomp", "pcomp", "pobj", "dobj", "acomp", "prep"):
            break
        if current.head.i == current.i:
            break
        current = current.head
        if current.pos_ in ("VERB", "ADJ", "AUX", "NOUN"):
            out.append(current)
    return out


def _in_if_clause(trigger: Token, words: StatusWords) -> bool:
    current = trigger
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in words.conditions for c in current.children):
            return True
        if current.dep_ not in ("conj", "xcomp") or current.head.i == current.i:
            return False
        current = current.head
    return False


def _going_to(trigger: Token, words: StatusWords) -> bool:
    head = trigger.head
    return (
        trigger.dep_ == "xcomp"
        and head.lower_ in words.prospective_verbs
        and any(c.dep_ == "aux" for c in head.children)
    )


def _background(
    trigger: Token, auxes: set[str], published_year: int | None, words: StatusWords
) -> bool:
    """Habitual or historical: 'has shelled border villages for months', 'stalled in 2016'."""
    clause = trigger.doc[trigger.left_edge.i : trigger.right_edge.i + 1]
    lowered = clause.text.lower()
    if any(t.lower_ in words.habitual for t in clause) or any(
        phrase in lowered for phrase in words.habitual_phrases
    ):
        return True
    perfect = bool(auxes & words.perfect_auxiliaries)
    if perfect and words.duration.search(clause.text):
        return True
    if published_year is not None:
        local = [t for t in trigger.subtree if t.i >= trigger.i - 6] + list(trigger.children)
        for tok in local:
            match = _YEAR.fullmatch(tok.text)
            if (
                match
                and tok.ent_type_ in ("DATE", "")
                and int(match.group()) < published_year
                and _attached(tok, trigger)
            ):
                return True
    return False


def _attached(year: Token, trigger: Token) -> bool:
    """A year in the trigger's own clause, not inside a nested clause or noun phrase."""
    current = year
    for _ in range(4):
        if current.i == trigger.i:
            return True
        if current.head.i == current.i:
            return False
        # "an offensive stalled in 2016": the trigger's own participle carries its date.
        own_participle = current.dep_ == "acl" and current.head.i == trigger.i
        if current.dep_ in ("relcl", "acl", "ccomp", "advcl") and not own_participle:
            return False
        current = current.head
    return False
