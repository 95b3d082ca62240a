"""The site of an event, finer than its town: the facility, building, street or quarter its
clause names ("a blast at the busy Oxford Street bus station", "the Murrah Federal Building was
shattered", "a bomb in a market"). It rides on the event's place (``EventPlace.site``); the
place keeps the town that locates it on a map.

The site is the nearest site noun (``data/events/sites.txt``) or named facility in the smallest
phrase above the trigger that holds one, within the event's own clause: the clause of its
predicate, with a clause that sets its scene ("when he answered his door in Deerpark Road") but
without the other clauses of the sentence ("..., so that we may have peace at home") or what the
clause reports as said. A trigger that is itself a site it happens in ("are in jail") is its own
site, and the place a relative "where" hangs on ("the bus station, where six were killed") is
the site of what the relative clause tells. It is told as its name: the noun with the names and
nouns that make it up, no article or adjective, and the named street or facility it stands in
("Oxford Street bus station", "bakery on Rue Victor Hugo").
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from sitrep.geo.tables import words

FILE = "events/sites.txt"
_FACILITY = "FAC"
_PARTS = frozenset({"compound", "nmod"})
_OTHER_CLAUSES = frozenset({"ccomp", "conj", "parataxis", "advcl", "csubj", "relcl", "acl"})
"""Clauses under a predicate that tell something else ("shelled the school and advanced on the
bridge", "so that we may have peace at home", "the student, who faces years in jail", "a
bomb of the kind used against facilities")..."""
_SCENE_MARKERS = frozenset({"when", "while", "as", "where"})
"""... unless they set the scene of the event itself ("shot dead when he answered his door")."""
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_LOCATIVES = frozenset({"in", "at", "inside"})
STANDS_IN = frozenset({"on", "in", "at"})
"""How a site names the street or facility it stands in ("a bakery on Rue Victor Hugo")."""


@cache
def site_nouns() -> frozenset[str]:
    """The site nouns shipped with sitrep (once: they are immutable)."""
    return words(FILE)


def event_site(
    trigger: Token, predicate: Token, aside: frozenset[int], own: frozenset[int] = frozenset()
) -> str | None:
    """The name of the site the event's clause names, or None. ``predicate`` heads the event's
    clause (the trigger, or the verb a noun trigger is an argument of); ``own`` holds the
    tokens of the other words that tell the same event ("killed and five wounded by ...")."""
    nouns = site_nouns()
    if _held_in(trigger, nouns):
        return _name(trigger, nouns)
    told = own | {trigger.i}
    predicate = _scene(predicate, told)
    scope = _scope(predicate, trigger, aside, told)
    for above in (trigger, *trigger.ancestors):
        if above.i not in scope:
            break
        found = [
            t
            for t in above.subtree
            if t.i in scope and t.i != trigger.i and _is_site(t, nouns)
        ]
        if found:
            return _name(min(found, key=lambda t: abs(t.i - trigger.i)), nouns)
    if _describes(predicate) and _is_site(predicate.head, nouns):
        return _name(predicate.head, nouns)
    return None


def _held_in(trigger: Token, nouns: frozenset[str]) -> bool:
    """ "are in jail", "remained in prison": a trigger that is the site its clause is in (not
    "faces five years in jail", a term, nor "a man in jail", a description)."""
    if not (_is_site(trigger, nouns) and trigger.dep_ == "pobj"):
        return False
    prep = trigger.head
    verb = prep.head
    return (
        prep.lower_ in _LOCATIVES
        and verb.pos_ in ("VERB", "AUX")
        and not any(c.dep_ in ("dobj", "npadvmod") and c.ent_type_ == "DATE"
                    for c in verb.children)
    )


def _scene(predicate: Token, told: frozenset[int]) -> Token:
    """The clause whose scene a clause with no subject of its own shares, when that clause
    tells the same event: "killing 168" after "the building was shattered by an explosion"
    (not "expelling diplomats" after "sending troops to the borders")."""
    current = predicate
    while (
        current.dep_ in ("advcl", "xcomp")
        and current.tag_ in ("VB", "VBG")
        and current.head.pos_ in ("VERB", "AUX")
        and not any(c.dep_ in _SUBJECTS for c in current.children)
    ):
        inner = {t.i for t in current.subtree}
        if not any(t.i in told and t.i not in inner for t in current.head.subtree):
            break
        current = current.head
    return current


def _describes(predicate: Token) -> bool:
    """Whether the event's clause describes the noun it hangs on: "buildings damaged by
    shelling", "the bus station, where six were killed", "a school which was hit"."""
    if predicate.dep_ == "acl":
        return predicate.tag_ == "VBN"
    return predicate.dep_ == "relcl"


def _scope(
    predicate: Token, trigger: Token, aside: frozenset[int], own: frozenset[int]
) -> frozenset[int]:
    """The tokens of the event's own clause: the predicate's phrase without the clauses under
    it that tell something else, and without what it reports as said."""
    left_out: set[int] = set(aside)
    for token in predicate.subtree:
        if (
            token.i == predicate.i
            or token.dep_ not in _OTHER_CLAUSES
            or token.pos_ not in ("VERB", "AUX")
            or _holds(token, trigger)
        ):
            continue
        phrase = {t.i for t in token.subtree}
        if phrase & own:
            continue  # "killed and five wounded by a strike on a building": the same event
        if token.dep_ == "advcl" and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in _SCENE_MARKERS for c in token.children
        ):
            continue
        left_out |= phrase
    return frozenset(t.i for t in predicate.subtree if t.i not in left_out)


def _holds(clause: Token, token: Token) -> bool:
    return clause.i == token.i or any(a.i == clause.i for a in token.ancestors)


def _is_site(token: Token, nouns: frozenset[str]) -> bool:
    """A site noun heading its phrase, or the head of a named facility."""
    if token.dep_ in _PARTS:
        return False
    if token.dep_ == "appos" and token.head.i != token.i and _is_site(token.head, nouns):
        return False  # "Oxford St, the busiest bus station": the site by its name
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    if not token.whitespace_ and following is not None and following.text == "-":
        return False  # "home-made", "station-based"
    if token.ent_type_ == _FACILITY:
        return True
    # "the bus station", "in Deerpark Road": a common noun, or the last word of a name
    return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in nouns


def _name(head: Token, nouns: frozenset[str]) -> str:
    """The site's name, with the named street or facility it stands in, if it names one."""
    name = _own_name(head)
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in STANDS_IN:
            continue
        within = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if within is None or not _is_site(within, nouns):
            continue
        # "the central street Rue Victor Hugo": the street by its name
        named = next((c for c in within.children if c.dep_ == "appos" and c.pos_ == "PROPN"),
                     None) if within.pos_ == "NOUN" else None
        inner = _own_name(named) if named is not None else _own_name(within)
        if named is not None or within.pos_ == "PROPN" or within.ent_type_ == _FACILITY:
            return f"{name} {prep.lower_} {inner}"
    return name


def _own_name(head: Token) -> str:
    """A named facility's whole name, else the noun with the run of compounds and names before
    it that make it up ("Oxford Street bus station")."""
    if head.ent_type_ == _FACILITY:
        entity = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
        if entity is not None:
            return entity.text
    parts = {t.i for t in head.subtree if t.i < head.i and _joined(t, head)}
    start = head.i
    while start - 1 in parts:
        start -= 1
    return head.doc[start : head.i + 1].text


def _joined(token: Token, head: Token) -> bool:
    """Whether a modifier reaches the head through compounds and names only."""
    current = token
    while current.i != head.i:
        if current.dep_ not in _PARTS:
            return False
        current = current.head
    return True
