"""Where an event's status is read: the word that carries its tense and mood, and its governors.

A noun event takes its status from the verb it is an argument of ("talks will resume", "ruled out
a mobilisation"); a verb event from its own auxiliaries and the verbs, adjectives and nouns whose
complement it is ("plans to visit", "unable to attack", "a failed attempt to take"). Words of
another clause (a relative clause on an object, a reporting verb's other complement) are not the
event's: "a bomb of the kind usually used against depots" was not used usually.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.extract.events.status_words import StatusWords
from sitrep.extract.parse import first_conjunct

# Attachments by which a governor controls the event ("unable to attack", "hold back from
# imposing"); its negation is the event's.
_CONTROL = frozenset({"xcomp", "acomp", "pcomp"})
# Attachments that open a clause of their own below the event's clause head.
_CLAUSAL = frozenset({"relcl", "acl", "advcl", "ccomp", "csubj", "parataxis", "xcomp", "conj"})
_VERBAL = ("VERB", "AUX", "ADJ", "NOUN", "PROPN")


def status_anchor(trigger: Token, words: StatusWords) -> Token:
    """The token whose auxiliaries and governors give the event its status.

    A noun takes its verb's ('talks will resume', 'there will be talks'); an event in a container
    noun takes the container's ('a package of sanctions due to be announced'); a meeting named as
    the venue of an act takes the act's ('will tell leaders at the summit').
    """
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return trigger
    current = argument(trigger)
    if _contained(current, words):
        current = current.head.head
    verbal_head = current.head.pos_ in ("VERB", "AUX", "ADJ")
    if current.dep_ in ("nsubj", "nsubjpass", "dobj") and verbal_head:
        return current.head
    if current.dep_ == "attr" and current.head.lemma_ == "be":
        return current.head
    if current.dep_ == "pobj" and current.head.dep_ == "prep":
        prep, host = current.head, current.head.head
        if prep.lower_ in words.venue_preps and host.pos_ in ("VERB", "AUX"):
            return host
        if prep.lower_ == "in" and _takes_part(host, words):
            # "take part in a summit": the noun 'part' hangs on the verb that carries the tense.
            return host.head if host.pos_ == "NOUN" and host.head.pos_ == "VERB" else host
    return current if current.i != argument(trigger).i else trigger


def argument(trigger: Token) -> Token:
    """A noun event as an argument: the first of its conjuncts ('demanded a ban and the arrest
    of its leaders': the arrest is demanded as the ban is)."""
    return first_conjunct(trigger) if trigger.pos_ in ("NOUN", "PROPN") else trigger


def governors(anchor: Token, words: StatusWords) -> list[Token]:
    """The verbs, adjectives and nouns the anchor is a complement of, nearest first.

    Through complements of any kind ('said it would attack' reaches 'said', 'called for talks'
    reaches 'called'), up to four steps; an infinitive on a noun ('an attempt to take') reaches
    the noun. Not out of an adjunct ('following the invasion', 'in a phone call').
    """
    out: list[Token] = []
    current = anchor
    for _ in range(4):
        if current.head.i == current.i or not _complement(current, words):
            break
        current = current.head
        if current.pos_ in _VERBAL:
            out.append(current)
        if current.pos_ in ("NOUN", "PROPN") and not _status_noun(current, words):
            # 'a plan in reaction to the invasion': an event on a plain noun is not its verb's.
            break
    return out


def controllers(anchor: Token, words: StatusWords) -> list[Token]:
    """The governors reached without crossing into a reported clause ('said that ...') or
    past a noun the event modifies ('answers to requests' is not the requests' verb).

    Their negation is the event's: 'do not intend to occupy', 'will not be able to capture',
    'a failed attempt to take'.
    """
    out: list[Token] = []
    current = anchor
    for _ in range(4):
        if current.head.i == current.i or not _controlled(current, words):
            break
        current = current.head
        out.append(current)
        if current.pos_ in ("NOUN", "PROPN"):
            break
    return out


def _complement(token: Token, words: StatusWords) -> bool:
    """Whether the token is a complement of its head, not an adjunct: a clause, an object, a
    prepositional object of a preposition that is not one of time, place or cause."""
    if token.dep_ == "ccomp" or _controlled(token, words):
        return True
    if token.dep_ in ("pobj", "dobj", "attr", "oprd", "agent"):
        return True
    return token.dep_ == "prep" and token.lower_ not in words.adjunct_preps


def _status_noun(noun: Token, words: StatusWords) -> bool:
    """A noun that gives the events under it a status ('plans to', 'a threat of')."""
    lemma = noun.lemma_.lower()
    return lemma in words.plan_nouns or lemma in words.threats or lemma in words.containers


def own_clause(anchor: Token) -> list[Token]:
    """The anchor's clause: its subtree without the clauses nested in it."""
    out: list[Token] = []
    stack = [anchor]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if c.dep_ not in _CLAUSAL)
    return sorted(out, key=lambda t: t.i)


def clause_head(anchor: Token, words: StatusWords) -> Token:
    """The head of the clause the anchor's control chain ends in."""
    chain = controllers(anchor, words)
    return chain[-1] if chain else anchor


def subordinate(anchor: Token, words: StatusWords) -> bool:
    """Whether the event's clause modifies something else: a relative or adverbial clause,
    a participle or an infinitive on a noun ('of which the UK has already provided')."""
    head = clause_head(anchor, words)
    return head.dep_ in ("relcl", "acl", "advcl", "pcomp")


def _takes_part(host: Token, words: StatusWords) -> bool:
    """'participate in', 'take part in': the prepositional object is a meeting one attends."""
    return host.lemma_ in words.participation or any(
        c.dep_ == "dobj" and c.lemma_ in words.participation for c in host.children
    )


def _controlled(token: Token, words: StatusWords) -> bool:
    """Whether the token is a verbal complement its head controls: an infinitive ('unable to
    attack'), a gerund after a preposition and the preposition ('hold back from imposing'), a
    particle ('back'), an infinitive on a noun ('an attempt to take')."""
    if token.dep_ == "advmod":
        return token.pos_ in ("ADV", "ADP") and token.head.pos_ == "VERB"
    if token.dep_ == "acl":
        return token.head.pos_ == "NOUN" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in token.children
        )
    if token.dep_ == "prep":
        # Not an adjunct: 'despite supporting the call' is no complement of its verb.
        return token.lower_ not in words.gerund_adjuncts and any(
            c.dep_ == "pcomp" for c in token.children
        )
    return token.dep_ in _CONTROL


def _contained(noun: Token, words: StatusWords) -> bool:
    """'a round of talks', 'a package of sanctions': the event noun inside a container noun."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.head.pos_ == "NOUN"
        and prep.head.lemma_.lower() in words.containers
    )
