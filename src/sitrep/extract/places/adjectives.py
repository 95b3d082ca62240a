"""A country's adjective before a noun for its land ("the Turkish border", "Russian territory").

The adjective names the country as a place; the toponym keeps the adjective's span and looks
the country up by its name.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from sitrep.extract.mentions import overlaps
from sitrep.extract.places.resolve import Toponym
from sitrep.geo.countries import countries
from sitrep.model import Span

_MODIFIER = frozenset({"amod", "compound", "npadvmod", "nmod"})


def adjectival_places(
    doc: Doc, metonyms: frozenset[Span], nouns: frozenset[str]
) -> Iterator[Toponym]:
    """Country adjectives whose noun, directly or through a hyphenated pair ("Syrian-Turkish
    border"), is the land itself."""
    table = countries()
    for token in doc:
        country = table.by_demonym(token.text)
        if country is None or not _modifies_land(token, nouns):
            continue
        span = (token.idx, token.idx + len(token.text))
        if not any(overlaps(span, m) for m in metonyms):
            yield Toponym(country.name, span, "plain", "ner", "GPE")


def _modifies_land(token: Token, nouns: frozenset[str]) -> bool:
    head = token.head
    if head.i <= token.i or token.dep_ not in _MODIFIER:
        return False
    if _land(head, nouns):
        return True
    # "Syrian-Turkish border": the first adjective hangs on the second.
    return (
        countries().by_demonym(head.text) is not None
        and head.dep_ in _MODIFIER
        and head.head.i > head.i
        and _land(head.head, nouns)
    )


def _land(token: Token, nouns: frozenset[str]) -> bool:
    return token.lemma_.lower() in nouns or token.lower_ in nouns
