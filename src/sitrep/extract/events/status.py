"""Event status: reported, or planned, threatened, hypothetical, background, negated.

Read from the event's own clause (status_clause): its auxiliaries, its negation and the verbs,
adjectives and nouns that govern it ("threatened to strike", "is due to visit", "denied
attacking", "ruled out a mobilisation"). Only ``reported`` is a fact. Conventions:

- a THREATEN event is ``threatened``: the threat is the event (and a threatened act has the
  status of the threat, not of a second reported event);
- a measure announced or decided ("announced that the US will send troops", "decided to impose
  sanctions") has the status of the announcement: the decision is what happened (PLOVER and
  ACLED code the announcement); an act only said to come ("said it would send") is ``planned``,
  and so is a meeting, a visit, an attack or a protest decided on ("decided to hold a meeting
  on Sunday"): it has not happened yet;
- an attempt ("are trying to encircle", "attempts to break morale") is the act under way,
  ``reported``; a failed one ("its failed attempt to take Kyiv") is ``negated``;
- an earlier event is ``background``: one that its own clause dates a month or more back ("six
  months ago", "earlier this year", "in 2014", "since the invasion began"), a war-to-date total
  ("the war has killed tens of thousands"), a habit ("usually"), a perfect over a long stretch
  ("has shelled for months"), or an "already" event in a clause that modifies something else
  ("of which the UK has already provided 4,200"); in a main clause it is the news ("troops
  have already entered the city"), and so is a past perfect, which news uses for the day's
  events as often as for older ones.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.extract.events.status_clause import (
    argument,
    controllers,
    governors,
    status_anchor,
)
from sitrep.extract.events.status_time import background, future_time
from sitrep.extract.events.status_words import StatusWords
from sitrep.model import EventStatus

# Verb forms that carry a tense of their own: a conjunct in one keeps it.
_FINITE = frozenset({"VBD", "VBZ", "VBP"})


def event_status(
    trigger: Token,
    words: StatusWords,
    *,
    own_type: str,
    published_year: int | None,
    refusal: bool = False,
) -> EventStatus:
    """The status of the event the trigger names, from the clause around it.

    ``refusal``: the event is a refusal made of a negated act ("would not commit"): its
    negation and its will/would are the refusal's, which is reported.
    """
    anchor = status_anchor(trigger, words)
    if not refusal and _negated(trigger, anchor, words):
        return "negated"
    if own_type == "THREATEN":
        # The threat is the event; only a modal on the threat itself makes it a possibility
        # ('could issue such threats'), not a condition in what is threatened.
        possible = _auxiliaries(anchor) & words.hypothetical_auxiliaries
        return "hypothetical" if possible else "threatened"
    above = governors(anchor, words)
    for gov in above:
        # The nearest word of threat or plan wins: 'warned the towns are likely to be targets'.
        if _lemma_in(gov, words.threats):
            return "threatened"
        if _plans(gov, words):
            break
    modal = _modality(trigger, anchor, above, words, refusal=refusal)
    decision = _decided_by(anchor, words) if own_type in words.decided_types else None
    if modal == "planned" and decision is not None:
        # "announced that the US will send troops": the decision is what happened.
        return event_status(decision, words, own_type="", published_year=published_year)
    if modal is not None:
        return modal
    if background(trigger, anchor, published_year, words):
        return "background"
    return "reported"


def negated_directly(trigger: Token, words: StatusWords) -> bool:
    """'will not negotiate', 'failed to reach agreement': the trigger itself is refused."""
    anchor = status_anchor(trigger, words)
    return _negation(anchor) or (anchor.dep_ == "xcomp" and anchor.head.lemma_ in words.refusals)


def _modality(
    trigger: Token, anchor: Token, above: list[Token], words: StatusWords, *, refusal: bool
) -> EventStatus | None:
    """Hypothetical or planned, from auxiliaries, conditions, governors and modifiers."""
    auxes = _auxiliaries(anchor)
    if anchor.lemma_ in words.perception_verbs:
        # "shelling could be heard": the past of 'can hear', a report.
        auxes -= words.ability_auxiliaries
    if refusal:
        auxes -= words.future_auxiliaries | words.conditional_auxiliaries
    would = bool(auxes & words.conditional_auxiliaries)
    conditional = _conditioned(anchor, above, words)
    if auxes & words.hypothetical_auxiliaries or (would and conditional):
        return "hypothetical"
    if _in_if_clause(anchor, words) or any(
        c.dep_ == "advmod" and c.lower_ in words.hypothetical_adverbs for c in anchor.children
    ):
        return "hypothetical"
    modifier = None if refusal else _modifier_status(trigger, anchor, above, words)
    if modifier is not None:
        return modifier
    if (
        auxes & words.future_auxiliaries
        or would
        or any(_plans(g, words) for g in above)
        or _going_to(anchor, words)
        or _to_be_done(anchor)
        or _plans_itself(trigger, anchor, words)
        or (_present(anchor) and future_time(anchor, words))
    ):
        return "planned"
    return None


def _decided_by(anchor: Token, words: StatusWords) -> Token | None:
    """The verb of announcing or deciding whose complement clause the event is, if any."""
    head = anchor.head
    complement = anchor.dep_ in ("ccomp", "xcomp") and head.pos_ == "VERB"
    return head if complement and _lemma_in(head, words.decisions) else None


def _auxiliaries(anchor: Token) -> set[str]:
    """The anchor's auxiliaries, and its governor's for a controlled verb or a conjunct with no
    tense or auxiliary of its own ('will meet and sign'; not 'would be defeated but appealed',
    'might never be collected and will not be allowed')."""
    auxes = {c.lower_ for c in anchor.children if c.dep_ in ("aux", "auxpass")}
    bare = anchor.tag_ not in _FINITE and not auxes
    if (anchor.dep_ == "xcomp" or (anchor.dep_ == "conj" and bare)) and (
        anchor.head.i != anchor.i
    ):
        auxes |= {c.lower_ for c in anchor.head.children if c.dep_ in ("aux", "auxpass")}
    return auxes


def _lemma_in(token: Token, vocabulary: frozenset[str]) -> bool:
    return token.lemma_.lower() in vocabulary or token.lower_ in vocabulary


def _plans(gov: Token, words: StatusWords) -> bool:
    """A governor of planning: a verb or adjective ('plans to', 'due to'), or a noun of one."""
    if gov.pos_ in ("NOUN", "PROPN"):
        return _lemma_in(gov, words.plan_nouns)
    if gov.pos_ == "ADJ" and _lemma_in(gov, words.plan_adjectives):
        return True
    return _lemma_in(gov, words.plans)


def _plans_itself(trigger: Token, anchor: Token, words: StatusWords) -> bool:
    """'pledged new cash', 'is willing to send', 'offered to mediate': the trigger is itself a
    word of intention, or an offer of an act (not 'offered prayers');
    'talks are set to resume', 'plans an offensive': the noun's verb is a verb of planning."""
    if _lemma_in(trigger, words.intentions) or (
        _lemma_in(trigger, words.offers)
        and (trigger.pos_ in ("NOUN", "PROPN") or _infinitive(trigger))
    ):
        return True
    if anchor.i == trigger.i or not _lemma_in(anchor, words.plans):
        return False
    if argument(trigger).dep_ == "dobj" and _lemma_in(anchor, words.plan_objects):
        return True
    return anchor.lemma_ not in words.requests and any(c.dep_ == "xcomp" for c in anchor.children)


def _infinitive(verb: Token) -> bool:
    """Whether the verb takes a to-infinitive ('offered to mediate')."""
    return any(
        c.dep_ in ("xcomp", "advcl")
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in verb.children
    )


def _modifier_status(
    trigger: Token, anchor: Token, above: list[Token], words: StatusWords
) -> EventStatus | None:
    """'a possible attack', 'sanctions due to be announced', 'an assault expected in the east':
    an adjective or participle on the event noun or its container; 'it is possible that ...':
    the adjective of the copula whose subject clause the event is."""
    heads = [t for t in (trigger, anchor) if t.pos_ in ("NOUN", "PROPN")]
    if trigger.dep_ == "pobj" and trigger.head.head.pos_ == "NOUN":
        heads.append(trigger.head.head)
    deps = {"amod", "acl", "compound"}
    copulas = [g for g in above[:2] if g.lemma_ == "be"]
    for head in [*heads, *copulas]:
        for child in head.children:
            if child.dep_ not in (deps if head.pos_ != "AUX" else {"acomp"}):
                continue
            status = words.modifiers.get(child.lower_) or words.modifiers.get(child.lemma_.lower())
            if status is not None and not _intensifier(child):
                return status
    return None


def _intensifier(modifier: Token) -> bool:
    """'the strongest possible sanctions': 'possible' after a superlative is no possibility."""
    return any(
        c.tag_ in ("JJS", "RBS") and c.i < modifier.i
        for c in modifier.head.children
        if c.dep_ in ("amod", "advmod")
    )


def _negation(token: Token) -> bool:
    """A 'not' on the token, but not the alternative of 'whether or not'."""
    return any(
        c.dep_ == "neg" and not (c.i > 0 and c.doc[c.i - 1].lower_ == "or")
        for c in token.children
    )


def _negated(trigger: Token, anchor: Token, words: StatusWords) -> bool:
    if _negation(anchor):
        return True
    for dep in ("nsubj", "nsubjpass", "dobj"):
        subject = next((c for c in anchor.children if c.dep_ == dep), None)
        if subject is not None and (
            subject.lower_ in words.negative_subjects
            or any(
                c.lower_ in words.negative_determiners and c.dep_ == "det"
                for c in subject.children
            )
        ):
            return True
    objected = argument(trigger).dep_ == "dobj"
    if anchor.i != trigger.i and objected and _negating(anchor, words, objects=True):
        # "ruled out a mobilisation", "prevented an attack": the object did not happen.
        return True
    if any(_lemma_in(g, words.negators) for g in governors(anchor, words)[:2]):
        return True
    for gov in controllers(anchor, words):
        # "do not intend to occupy", "have yet to take", "a failed attempt to take".
        if _negation(gov) or _negating(gov, words, objects=False):
            return True
    return False


def _negating(token: Token, words: StatusWords, *, objects: bool) -> bool:
    """A word that denies its complement ('unable', 'hold back', 'yet' on 'have', 'failed'
    on 'attempt'); with ``objects``, a verb that denies its object ('prevent', 'rule out')."""
    lemma = token.lemma_.lower()
    particles = {c.lower_ for c in token.children if c.dep_ in ("prt", "advmod")}
    if any(f"{lemma} {p}" in words.phrasal_negators for p in particles):
        return True
    if objects:
        return lemma in words.object_negators
    if lemma in words.negators:
        return True
    if lemma in ("have", "be") and particles & words.pending_adverbs:
        return True
    return token.pos_ == "NOUN" and any(
        c.dep_ == "amod" and c.lower_ in words.failure_modifiers for c in token.children
    )


def _conditioned(anchor: Token, above: list[Token], words: StatusWords) -> bool:
    """An 'if' or 'unless' in the event's own clause or its governor's, not elsewhere."""
    scope = [anchor, *above[:1]] if anchor.dep_ in ("xcomp", "conj") else [anchor]
    return any(t.lower_ in words.conditions for head in scope for t in head.subtree)


def _in_if_clause(anchor: Token, words: StatusWords) -> bool:
    current = anchor
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in words.conditions for c in current.children):
            return True
        if current.dep_ not in ("conj", "xcomp") or current.head.i == current.i:
            return False
        current = current.head
    return False


def _going_to(anchor: Token, words: StatusWords) -> bool:
    head = anchor.head
    return (
        anchor.dep_ == "xcomp"
        and head.lower_ in words.prospective_verbs
        and any(c.dep_ == "aux" for c in head.children)
    )


def _to_be_done(anchor: Token) -> bool:
    """'Austria is to expel four diplomats': 'be' with an infinitive is an arrangement."""
    head = anchor.head
    return (
        anchor.dep_ == "xcomp"
        and head.lemma_ == "be"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in anchor.children)
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
    )


def _present(anchor: Token) -> bool:
    """A present tense ('are meeting', 'meets', 'is expected') or a noun: a time after
    publication in its clause makes it a future event. Not a bare form ('Later, sign up')."""
    if anchor.pos_ in ("NOUN", "PROPN"):
        return True
    auxes = [c for c in anchor.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "VBD" or a.lemma_ == "have" for a in auxes):
        return False
    if anchor.tag_ in ("VBZ", "VBP"):
        return True
    return anchor.tag_ in ("VBG", "VBN") and any(a.tag_ in ("VBZ", "VBP") for a in auxes)

