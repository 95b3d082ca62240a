"""The site of an event, finer than its town: the facility, building, street or quarter its
clause names ("a blast at the busy Oxford Street bus station", "the Murrah Federal Building was
shattered", "a bomb in a market"). It rides on the event's place (``EventPlace.site``); the
place keeps the town that locates it on a map.

The site is the nearest site noun (``data/events/sites.txt``) or named facility in the smallest
phrase above the trigger that holds one, leaving out what the event's clause reports as said.
It is told as its name: the noun with the names and nouns that make it up, no article or
adjective ("Oxford Street bus station", "market").
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from sitrep.geo.tables import words

FILE = "events/sites.txt"
_FACILITY = "FAC"
_PARTS = frozenset({"compound", "nmod"})
_STEPS = 6
"""How many phrases up from the trigger a site may stand (its clause, the phrase it hangs on)."""


@cache
def site_nouns() -> frozenset[str]:
    """The site nouns shipped with sitrep (once: they are immutable)."""
    return words(FILE)


def event_site(trigger: Token, aside: frozenset[int]) -> str | None:
    """The name of the site the event's phrase names, or None."""
    nouns = site_nouns()
    for n, above in enumerate((trigger, *trigger.ancestors)):
        if n > _STEPS:
            break
        found = [
            t
            for t in above.subtree
            if t.i not in aside and t.i != trigger.i and _is_site(t, nouns)
        ]
        if found:
            return _name(min(found, key=lambda t: abs(t.i - trigger.i)))
    return None


def _is_site(token: Token, nouns: frozenset[str]) -> bool:
    """A site noun heading its phrase, or the head of a named facility."""
    if token.dep_ in _PARTS:
        return False
    if token.ent_type_ == _FACILITY:
        return True
    # "the bus station", "in Deerpark Road": a common noun, or the last word of a name
    return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in nouns


def _name(head: Token) -> str:
    """The site's name: a named facility's whole name, else the noun with the run of compounds
    and names before it that make it up ("Oxford Street bus station")."""
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
