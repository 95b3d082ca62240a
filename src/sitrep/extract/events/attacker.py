"""The article's attacker: the side an article's attacks are told of, for attacks that name none.

A war report names who attacks again and again ("Russian forces", "a Russian missile",
"Russia's invasion", "Russian shelling") and then tells of strikes without naming the side
again ("a shell hit a hospital", "18 people were killed in a missile attack"). Coders give
such an attack to the article's attacker. It is the state whose country word modifies the
article's attack nouns, weapons and forces most often, when it is named at least
``MIN_MENTIONS`` times and at least twice as often as any other state (a report of two sides
trading fire gives no default). The role chooser (``choice``) offers it as a candidate for
actor1 of an attack, beside the actors of the sentence and "none".
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token

from sitrep.extract.events.lexicon import EventLexicon
from sitrep.geo.countries import countries
from sitrep.model import EventActor

MIN_MENTIONS = 3
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})


def article_attacker(doc: Doc, lex: EventLexicon) -> EventActor | None:
    """The state whose attacks, weapons and forces the article names, by the rule above."""
    found: Counter[str] = Counter()
    for token in doc:
        if token.dep_ not in _MODIFIER_DEPS or token.head.i == token.i:
            continue
        code = _country(token, lex)
        if code is not None and _is_attack_word(token.head, lex):
            found[code] += 1
    ranked = found.most_common(2)
    if not ranked or ranked[0][1] < MIN_MENTIONS:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    code = ranked[0][0]
    return EventActor(countries().name_of(code), code, "MIL")


def _country(token: Token, lex: EventLexicon) -> str | None:
    """The state a modifier names: 'Russian', 'Russia's', 'Moscow's'."""
    return lex.state_of(token.lower_)


def _is_attack_word(token: Token, lex: EventLexicon) -> bool:
    """An attack noun ('strike', 'invasion'), a weapon ('missile') or a force ('troops')."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    lemma = token.lemma_.lower()
    if lemma in lex.weapons:
        return True
    if any(e.family == "assault" and e.accepts_pos("NOUN") for e in lex.triggers.get(lemma, ())):
        return True
    return lex.sector_of([lemma, token.lower_]) == "MIL"
