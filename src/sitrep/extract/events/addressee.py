"""Who a request is made of: the target (actor2) of a REQUEST event.

PLOVER's REQUEST is aimed at the one asked, not at the target of what is asked for: in "Kuleba
demanded new sanctions on Russia" Russia is no target; in "Zelenskiy urged the UN to establish
a tribunal", "called on Nato to act", "pleaded with the world", "appealed to European leaders
for help", "called for the UK to increase aid", "said the UK should consider ...", "residents
were urged to leave", the one asked is. The words that may name them, best first: the passive
subject, an object that is no thing asked for, the object of an addressee preposition on the
asking word (or on the verb a request noun is made with: "made a plea for X to ..."), the
subject of an infinitive or clause of what is asked ("for the UK to increase", "said the UK
should consider").
"""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.extract.events.arguments import ArgumentReader
from sitrep.extract.parse import first_child

_CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "advcl", "acl", "relcl"})


def addressees(trigger: Token, args: ArgumentReader, preps: frozenset[str]) -> list[Token]:
    """The words that may name who a request is made of, best first (see the module)."""
    out: list[Token] = []
    passive = first_child(trigger, "nsubjpass")
    if passive is not None:
        out.append(passive)
    obj = first_child(trigger, "dobj") or first_child(trigger, "obj")
    if obj is not None and args.namer.actor(obj) is not None:
        out.append(obj)  # "urged the UN", "asked residents", "ordered Russia"
    heads = [trigger]
    if trigger.pos_ in ("NOUN", "PROPN"):
        support, _ = args.support(trigger)
        if support is not None:
            heads.append(support)  # "made a plea for eastern Europe to provide"
    if obj is not None:
        heads.append(obj)  # "needed jets from Nato"
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in preps and (
                head.i != (obj.i if obj is not None else -1) or child.lower_ == "from"
            ):
                out.extend(c for c in child.children if c.dep_ in ("pobj", "conj"))
            elif child.dep_ == "prep" and child.lower_ == "for":
                # "called for the UK to increase aid": the one asked does the infinitive.
                pobj = first_child(child, "pobj")
                if pobj is not None and any(c.dep_ in _CLAUSE_DEPS for c in pobj.children):
                    out.append(pobj)
                inner = first_child(child, "pcomp")
                subject = args.subject(inner) if inner is not None else None
                if subject is not None:
                    out.append(subject)
            elif child.dep_ in _CLAUSE_DEPS and child.i > head.i:
                subject = args.subject(child)
                if subject is not None:
                    out.append(subject)  # "said the UK should consider", "for X to act"
    return out


def asked_content(trigger: Token, asked: list[Token]) -> set[int]:
    """The tokens of the thing asked for ('demanded sanctions on Russia', 'called for a ban on
    Russian oil'), but for the ones asked: no word there names the request's target. A clause
    asked for is left alone: its subject is who is to act ('demanded that Burundi's government
    grant ...'), as good as the one asked."""
    out: set[int] = set()
    for child in trigger.children:
        thing = child.dep_ in ("dobj", "obj") or (child.dep_ == "prep" and child.lower_ == "for")
        if thing and child.i > trigger.i:
            out.update(t.i for t in child.subtree)
    for token in asked:
        out.difference_update(t.i for t in token.subtree if t.i <= token.i)
        out.discard(token.i)
    return out
