"""Groups: "Russian forces", "Ukraine's military", "Moscow officials", "civilians", "police".

A group noun with a demonym or a state before it is a group of that state; a few nouns are groups
even bare ("civilians", "police"); "pro-Russian separatists" belong to no state.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from sitrep.extract.actors.lexicon import ActorLexicon
from sitrep.extract.parse import entity_of

_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
_LONGEST_PHRASE = 3


@dataclass(frozen=True, slots=True)
class Group:
    """A group mention: its canonical name, state, sector and the words that name it."""

    name: str
    country: str | None
    sector: str
    span: Span
    is_state: bool = False
    """ "The Ukrainian government" is the state itself, not a group."""


def group_at(token: Token, lexicon: ActorLexicon) -> Group | None:
    """The group whose head noun is this token, if it heads one."""
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in ("ORG", "PERSON", "FAC", "GPE"):
        return None
    lower = token.lower_
    if lower not in lexicon.group_heads and " " not in lower:
        return None  # no phrase below can end with it: not worth joining the words before it
    doc = token.doc
    phrase, start = "", token.i
    for n in range(min(_LONGEST_PHRASE, token.i + 1), 0, -1):
        words = " ".join(t.lower_ for t in doc[token.i - n + 1 : token.i + 1])
        words = lexicon.singular_group_nouns.get(words, words)
        if words in lexicon.group_nouns:
            phrase, start = words, token.i - n + 1
            break
    if not phrase:
        return None
    country, first, partisan = _owner(token, start, lexicon)
    if country is False:
        return None  # an organisation's own men ("Hamas fighters") belong to that organisation
    sector = lexicon.group_nouns[phrase]
    if partisan:
        demonym = lexicon.group_demonyms.get(partisan, partisan)
        return Group(f"pro-{demonym} {phrase}", None, sector, doc[first : token.i + 1])
    if isinstance(country, str):
        span = doc[first : token.i + 1]
        if phrase in lexicon.state_nouns:
            return Group(lexicon.state_names.get(country, country), country, "GOV", span, True)
        demonym = lexicon.group_demonyms.get(country, country)
        noun = lexicon.weapon_group_noun if phrase in lexicon.weapon_nouns else phrase
        return Group(f"{demonym} {noun}", country, sector, span)
    if phrase in lexicon.weapon_nouns:
        return None  # whose weapons, the text does not say
    if phrase in lexicon.bare_group_nouns:
        return Group(phrase, None, sector, doc[start : token.i + 1])
    return None


def _owner(
    head: Token, start: int, lexicon: ActorLexicon
) -> tuple[str | bool | None, int, str | None]:
    """(state ISO3, or False for an organisation; first token of the mention; pro-X state)."""
    doc = head.doc
    for child in head.children:
        if child.i >= start or child.dep_ not in _MODIFIER_DEPS:
            continue
        text = entity_text(child)
        iso3 = lexicon.country_of(text)
        first = child.left_edge.i if child.dep_ == "poss" else child.i
        if iso3 is not None:
            if child.i >= 2 and doc[child.i - 1].text == "-" and doc[child.i - 2].lower_ == "pro":
                return None, child.i - 2, iso3
            return iso3, min(first, _entity_start(child)), None
        if child.ent_type_ == "ORG" or text in lexicon.organizations:
            return False, first, None
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                iso3 = lexicon.country_of(entity_text(obj)) if obj.dep_ == "pobj" else None
                if iso3 is not None:
                    return iso3, start, None
    return None, start, None


def entity_text(token: Token) -> str:
    """The whole entity a token is part of ("United States"), or the token itself."""
    if not token.ent_type_:
        return token.text
    span = entity_of(token)
    return span.text if span is not None else token.text


def _entity_start(token: Token) -> int:
    span = entity_of(token)
    return span.start if span is not None else token.i
