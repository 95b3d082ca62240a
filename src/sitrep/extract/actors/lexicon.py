"""The actor lexicon: people, institutions, states, demonyms and word lists, read once from data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from unidecode import unidecode

from sitrep import data
from sitrep.geo.countries import countries

OFFICES = "actors/offices.tsv"


@dataclass(frozen=True, slots=True)
class Entry:
    """A known actor: its canonical name and what the lexicon says about it."""

    name: str
    country: str | None
    sector: str | None
    title: str | None = None
    seat_of: str | None = None
    """For a seat of government ("Kremlin"): the ISO alpha-3 of the state it stands for."""
    offices: tuple[Tenure, ...] = ()
    """A person's offices over time, oldest first; the fields above are the latest one."""

    def on(self, day: dt.date | None) -> Entry:
        """The person as of a day: the office held then ("Mark Rutte" is the Dutch prime
        minister in 2022, NATO's secretary-general in 2025); the latest one when undated."""
        if day is None or not self.offices:
            return self
        held = [o for o in self.offices if o.since <= day]
        office = held[-1] if held else self.offices[0]
        return replace(self, country=office.country, sector=office.sector, title=office.title)


@dataclass(frozen=True, slots=True)
class Tenure:
    """An office a known person held from a day on (until the next one)."""

    since: dt.date
    country: str | None
    sector: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class ActorLexicon:
    """Every look-up the actor stage needs, as dicts and sets built once."""

    people: dict[str, Entry]
    """Folded alias (and canonical name, see ``person_key``) -> person."""
    organizations: dict[str, Entry]
    """Alias (and canonical name) -> organisation."""
    states: dict[str, str]
    """Country name -> ISO alpha-3."""
    capitals: dict[str, str]
    """Capital or other seat of government -> ISO alpha-3."""
    demonyms: dict[str, str]
    """Demonym -> ISO alpha-3."""
    state_names: dict[str, str]
    """ISO alpha-3 -> the short name used as a state actor's canonical name."""
    group_demonyms: dict[str, str]
    """ISO alpha-3 -> the adjective that names its groups ("Russian")."""
    titles: dict[str, str]
    """Office title (lower case) -> sector."""
    org_keywords: dict[str, str]
    group_nouns: dict[str, str]
    weapon_nouns: frozenset[str]
    singular_group_nouns: dict[str, str]
    """ "soldier" -> "soldiers": one member stands for its group."""
    """ "Russian missiles": a state's weapons stand for its forces."""
    bare_group_nouns: frozenset[str]
    honorifics: frozenset[str]
    agent_verbs: frozenset[str]
    actor_object_verbs: frozenset[str]
    stance_adjectives: frozenset[str]
    non_agent_verbs: frozenset[str]
    local_title_words: frozenset[str]
    platforms: frozenset[str]
    place_nouns: frozenset[str]
    prep_relation_verbs: dict[str, frozenset[str]]
    """Preposition -> verbs after which a state is a party ("apologized to", "agreed with")."""
    place_object_verbs: frozenset[str]
    backing_verbs: frozenset[str]
    prep_relation_nouns: dict[str, frozenset[str]]
    """Preposition -> nouns after which a state is a party ("talks with", "sanctions on")."""
    title_modifiers: frozenset[str]
    """Lower-case words of office titles ("deputy", "defence"): written lower case in a title."""
    title_abbreviations: dict[str, str]
    state_nouns: frozenset[str]
    """Group nouns that are the state itself ("the Ukrainian government")."""
    institutional_nouns: frozenset[str]
    locative_preps: frozenset[str]
    relative_pronouns: frozenset[str]
    stance_participles: frozenset[str]
    agent_preps: frozenset[str]
    source_phrases: frozenset[tuple[str, str]]
    """ "according to Moscow": the two words before a place name that make it a source."""
    building_preps: frozenset[str]
    placed_preps: frozenset[str]
    weapon_group_noun: str
    """ "forces": what "Russian missiles" stand for."""
    group_heads: frozenset[str]
    """The last word of every group noun phrase, as written or in the singular ("forces",
    "soldier"): a word no phrase ends with heads no group."""

    def person(self, text: str, day: dt.date | None = None) -> Entry | None:
        """The known person a name is, however its letters are accented ("Erdoğan", "Erdogan"),
        with the office held on the day (the article's publication date) when it is known."""
        entry = self.people.get(person_key(text))
        return entry.on(day) if entry is not None else None

    def country_of(self, text: str) -> str | None:
        """ISO alpha-3 of a state, capital or demonym named by ``text``, if any."""
        text = text.removeprefix("the ").removesuffix("'s").removesuffix("’s")
        return self.states.get(text) or self.capitals.get(text) or self.demonyms.get(text)


def person_key(name: str) -> str:
    """A person's lookup key: ASCII, lower case, single spaces. Papers spell one name with and
    without its diacritics ("Recep Tayyip Erdoğan", "Mevlut Cavusoglu")."""
    text = name if name.isascii() else unidecode(name)
    return " ".join(text.lower().split())


def _people(raw: list[dict[str, Any]]) -> dict[str, Entry]:
    """The lexicon's people, then the table of well-known office holders (the lexicon wins),
    each with the offices it held over time."""
    out = {person_key(alias): entry for alias, entry in _entries(raw).items()}
    for name, country, sector, aliases in data.read_rows("actors/people.tsv"):
        entry = Entry(name, country, None if sector == "-" else sector)
        for alias in [name, *(aliases.split(";") if aliases != "-" else ())]:
            out.setdefault(person_key(alias), entry)
    tenures: dict[str, list[Tenure]] = {}
    for name, since, country, sector, title in data.read_rows(OFFICES):
        tenures.setdefault(person_key(name), []).append(Tenure(
            dt.date.fromisoformat(since), _or_none(country), _or_none(sector), _or_none(title)))
    for key, held in tenures.items():
        known = out.get(key)
        if known is None:
            raise ValueError(f"{OFFICES}: {key!r} is no known person (add them to the lexicon)")
        dated = replace(known, offices=tuple(sorted(held, key=lambda t: t.since)))
        for alias, other in out.items():
            if other is known:
                out[alias] = dated
    return out


def _or_none(value: str) -> str | None:
    return None if value == "-" else value


def _entries(items: list[dict[str, Any]]) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for item in items:
        entry = Entry(
            item["name"],
            item.get("country"),
            item.get("sector"),
            item.get("title"),
            item.get("seat_of"),
        )
        for alias in [item["name"], *item.get("aliases", [])]:
            out.setdefault(alias.removeprefix("the "), entry)
    return out


def load_lexicon() -> ActorLexicon:
    """Read sitrep's actor data (data/actors/lexicon.json: sector codes) and the country table."""
    raw = data.read_json("actors/lexicon.json")
    table = countries()
    return ActorLexicon(
        people=_people(raw["people"]),
        organizations=_entries(raw["organizations"]),
        # Actor text is looked up with a leading "the " removed ("the Netherlands").
        states={n.removeprefix("the "): c.alpha3 for c in table for n in (*c.names, *c.official)},
        capitals={n: c.alpha3 for c in table for n in (*c.capitals, *c.seats)},
        demonyms={d: c.alpha3 for c in table for d in c.demonyms},
        state_names={c.alpha3: c.name for c in table},
        group_demonyms={c.alpha3: c.demonyms[0] for c in table if c.demonyms},
        titles={k.lower(): v for k, v in raw["titles"].items()},
        org_keywords=dict(raw["org_keywords"]),
        group_nouns=dict(raw["group_nouns"]) | dict.fromkeys(raw["weapon_nouns"], "MIL"),
        weapon_nouns=frozenset(raw["weapon_nouns"]),
        singular_group_nouns=dict(raw["singular_group_nouns"]),
        bare_group_nouns=frozenset(raw["bare_group_nouns"]),
        honorifics=frozenset(raw["honorifics"]),
        agent_verbs=frozenset(raw["agent_verbs"]),
        actor_object_verbs=frozenset(raw["actor_object_verbs"]),
        stance_adjectives=frozenset(raw["stance_adjectives"]),
        non_agent_verbs=frozenset(raw["non_agent_verbs"]),
        local_title_words=frozenset(raw["local_title_words"]),
        platforms=frozenset(raw["platforms"]),
        place_nouns=frozenset(raw["place_nouns"]),
        prep_relation_verbs={k: frozenset(v) for k, v in raw["prep_relation_verbs"].items()},
        place_object_verbs=frozenset(raw["place_object_verbs"]),
        backing_verbs=frozenset(raw["backing_verbs"]),
        prep_relation_nouns={k: frozenset(v) for k, v in raw["prep_relation_nouns"].items()},
        title_modifiers=frozenset(raw["title_modifiers"]),
        title_abbreviations=dict(raw["title_abbreviations"]),
        state_nouns=frozenset(raw["state_nouns"]),
        institutional_nouns=frozenset(raw["institutional_nouns"]),
        locative_preps=frozenset(raw["locative_preps"]),
        relative_pronouns=frozenset(raw["relative_pronouns"]),
        stance_participles=frozenset(raw["stance_participles"]),
        agent_preps=frozenset(raw["agent_preps"]),
        source_phrases=frozenset((str(a), str(b)) for a, b in raw["source_phrases"]),
        building_preps=frozenset(raw["building_preps"]),
        placed_preps=frozenset(raw["placed_preps"]),
        weapon_group_noun=str(raw["weapon_group_noun"]),
        group_heads=frozenset(
            phrase.rsplit(" ", 1)[-1]
            for phrase in (*raw["group_nouns"], *raw["weapon_nouns"], *raw["singular_group_nouns"])
        ),
    )
