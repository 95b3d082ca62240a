"""Roles that need the event's place: the holder of an attacked or taken place, the country of
victims and of local bodies.

Coding rule (ACLED's, which codes the side attacked): an attack on, or the capture of, a place or
a site whose side the text does not name is an event against the state it lies in, unless that
is the attacker's own state (fighting over occupied ground does not say whose it is); a site
where civilians live, shop, study or are treated ("a residential building", "a hospital") is
an attack on that state's civilians, the capture of a place is against its forces. An attack
that names no target at all is, by the same rule, against the state where it took place, when
the attacker is another state's. Victims
("killed 10 people") and local bodies ("the city council", "police") with no country of their
own are those of the event's place.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.extract.events.lexicon import EventLexicon
from sitrep.extract.events.naming import PLACE_ENTS
from sitrep.geo.countries import countries
from sitrep.model import EventActor, EventPlace

_HELD = frozenset({"ASSAULT", "COERCE"})
"""Types whose target may be a place held by someone: attacks, seizures, sieges."""


def place_country(place: EventPlace | None) -> str | None:
    """The ISO3 country of the event's place, if known."""
    if place is None or not place.country:
        return None
    return countries().alpha3(place.country)


def is_site(token: Token, lex: EventLexicon) -> bool:
    """Whether a role word is a place or a building, not an actor ('the plant', 'Kharkiv')."""
    if token.ent_type_ in PLACE_ENTS:
        code = lex.countries.get(token.lower_) or lex.metonyms.get(token.lower_)
        return code is None
    return token.lemma_.lower() in lex.sites or token.lower_ in lex.sites


def holder(
    site: Token,
    event_type: str,
    territory: bool,
    attacker: EventActor | None,
    place: EventPlace | None,
    lex: EventLexicon,
) -> EventActor | None:
    """Whom an attack on (or the capture of) a place or site is against, by the rule above."""
    if event_type not in _HELD:
        return None
    country = _own_country(site, lex) or place_country(place)
    if country is None or (attacker is not None and attacker.country == country):
        return None
    words = {t.lemma_.lower() for t in site.subtree if t.i <= site.i} | {site.lower_}
    if words & lex.civilian_sites or lex.sector_of(sorted(words)) == "CVL":
        return EventActor("civilians", country, "CVL")
    return EventActor(countries().name_of(country), country, "MIL" if territory else None)


def opponent(
    event_type: str,
    attacker: EventActor | None,
    place: EventPlace | None,
    article_attacker: EventActor | None = None,
) -> EventActor | None:
    """Whom an attack that names no target is against: the state it took place in, when the
    attacker is another state's ('Russian forces shelled the outskirts of Kharkiv'); else,
    when the attacker is the side the article's attacker fights, the article's attacker
    ('Ukrainian forces struck the Moskva' in a report of Russia's war)."""
    if event_type != "ASSAULT" or attacker is None or attacker.country is None:
        return None
    country = place_country(place)
    if country is not None and country != attacker.country:
        return EventActor(countries().name_of(country), country, None)
    if article_attacker is not None and article_attacker.country not in (None, attacker.country):
        return article_attacker
    return None


def localised(actor: EventActor | None, place: EventPlace | None,
              lex: EventLexicon) -> EventActor | None:
    """Victims and local bodies without a country take the country of the event's place."""
    if actor is None or actor.country is not None:
        return actor
    words = actor.name.lower().split()
    local = actor.sector != "IGO" and (  # "the UN security council" is no town's council
        actor.name.lower() in lex.local_bodies or bool(words and words[-1] in lex.local_bodies))
    if actor.sector == "CVL" or local:
        country = place_country(place)
        if country is not None:
            # "the city council" of a town: that town's ("Mariupol city council").
            town = place is not None and place.precision == 1 and local
            name = f"{place.name} {actor.name}" if town and place else actor.name
            return EventActor(name, country, actor.sector)
    return actor


def _own_country(site: Token, lex: EventLexicon) -> str | None:
    """'Ukrainian healthcare facilities', 'Russia's airfields': a country word in the phrase."""
    for tok in site.doc[site.left_edge.i : site.i]:
        code = lex.state_of(tok.lower_)
        if code:
            return code
    return None
