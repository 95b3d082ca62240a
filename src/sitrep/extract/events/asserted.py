"""Whether the article tells a drafted event as happening: a question asks about it, a total of
the war to date sums many events, a discussion is about an event without telling one, and the
content of a demand or a warning is what its speaker wants or fears, not a second event that
happened."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.extract.events.draft import Draft
from sitrep.extract.parse import MAX_DEPTH, subjects
from sitrep.model import EventStatus

_QUOTE_CLOSERS = "\"'”’ )"
_NOMINAL_ARGUMENT = frozenset({"attr", "nsubj", "nsubjpass", "dobj"})
_CONTENT_DEPS = frozenset({"xcomp", "ccomp", "acl"})
"""How a clause hangs from the speech act it is the content of ('warned that ...', 'urged them
to ...', 'a warning that ...')."""
_CONTENT_STATUS: dict[str, EventStatus] = {"THREATEN": "threatened", "REQUEST": "planned"}
_TOTAL_PREPS = frozenset({"in", "during", "by", "since", "throughout"})


def is_question(sent: SpacySpan) -> bool:
    """Whether the sentence asks rather than tells ('Will Russia strike again?')."""
    return sent.text.rstrip().rstrip(_QUOTE_CLOSERS).endswith("?")


def is_running_total(draft: Draft, war_nouns: frozenset[str]) -> bool:
    """'The war has killed tens of thousands', 'thousands have died in the conflict': a toll
    of the whole war is a sum over many events, never one event of its own."""
    if not draft.consequence_only:
        return False
    for trig in draft.triggers:
        tok = trig.token
        if any(s.lemma_.lower() in war_nouns for s in subjects(tok)):
            return True
        for prep in tok.children:
            if prep.dep_ in ("prep", "agent") and prep.lower_ in _TOTAL_PREPS and any(
                c.dep_ == "pobj" and c.lemma_.lower() in war_nouns for c in prep.children
            ):
                return True
    return False


def is_discussed(noun: Token, topic_words: frozenset[str], topic_preps: frozenset[str]) -> bool:
    """'met to discuss the strikes', 'a debate on the bombing', 'questions about the shelling
    and the blockade': an event noun that is what a discussion or a question is about is its
    topic, not an event the article reports."""
    current = noun
    while current.dep_ == "conj" and current.head.i != current.i:
        current = current.head
    head = current.head
    if current.dep_ == "dobj":
        return head.lemma_.lower() in topic_words
    if current.dep_ == "pobj" and head.lower_ in topic_preps and head.head.i != head.i:
        return head.head.lemma_.lower() in topic_words
    return False


def _unrealised(verb: Token) -> bool:
    """Whether a clause tells what is wanted or feared rather than what happened: an infinitive
    ('urged them to leave'), a modal ('there could be fighting'), a bare subjunctive ('demanded
    that he resign'); 'insisted that the raids had hardened them' asserts."""
    if verb.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return True
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return True
    return verb.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def content_status(draft: Draft, sentence_drafts: list[Draft]) -> EventStatus | None:
    """The status of an event told only as what a demand or a warning of its sentence asks for
    or fears ('urged residents to stay inside, warning there could be fighting'), or None."""
    if draft.status != "reported":
        return None
    speech = {
        t.token.i: d.head.entry.type
        for d in sentence_drafts
        if d is not draft and d.head.entry.type in _CONTENT_STATUS
        for t in d.triggers
    }
    if not speech:
        return None
    current: Token = draft.head.token
    if current.pos_ in ("NOUN", "PROPN") and current.dep_ in _NOMINAL_ARGUMENT:
        current = current.head  # "there could be fighting": the noun's clause is its verb's
    if not _unrealised(current):
        return None
    for _ in range(MAX_DEPTH):
        if current.i in speech and current.i != draft.head.token.i:
            return _CONTENT_STATUS[speech[current.i]]
        if current.dep_ not in _CONTENT_DEPS or current.head.i == current.i:
            return None
        current = current.head
    return None
