"""The event lexicons: triggers, means of attack, modes, actor fallbacks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sitrep import data
from sitrep.extract.events.status_words import StatusWords, load_status_words
from sitrep.geo.countries import FILE as COUNTRIES
from sitrep.geo.countries import countries


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One trigger: a lemma (or two-word key) and what it means as an event."""

    key: str
    pos: str
    """V (verbs), N (nouns) or * (either)."""
    type: str
    mode: str | None
    acled: tuple[str, str | None] | None
    family: str | None = None
    consequence: bool = False
    """kill/wound/die/damage: a consequence that joins an attack told next to it."""
    objects_only: frozenset[str] = frozenset()
    objects_not: frozenset[str] = frozenset()
    governors: frozenset[str] = frozenset()
    governors_not: frozenset[str] = frozenset()
    territory: bool = False
    needs_xcomp: bool = False
    """'willing to send', 'ready to host': an adjective that states intent only with a verb."""
    subjects_only: frozenset[str] = frozenset()
    """'troops advanced', 'forces entered the city': a verb of motion that is an event only
    when its subject (or the subject of the verb it completes) is one of these."""

    def accepts_pos(self, pos: str) -> bool:
        """Whether a token with this coarse part of speech can be this trigger."""
        if self.pos == "*":
            return pos in ("VERB", "NOUN", "PROPN", "ADJ")
        if self.pos == "V":
            return pos == "VERB"
        if self.pos == "ADJ":
            return pos == "ADJ"
        return pos in ("NOUN", "PROPN")


@dataclass(frozen=True, slots=True)
class Means:
    """A weapon or means word that refines an attack's mode and ACLED sub-event type."""

    words: frozenset[str]
    mode: str
    acled: tuple[str, str | None] | None
    unless: frozenset[str] = frozenset()
    """ "tear gas": words that make the means words name something else."""


@dataclass(frozen=True, slots=True)
class RoleWords:
    """The words that tie an event to its actors and place (data/events/roles.json)."""

    offices: frozenset[str]
    jobs: frozenset[str]
    """Nouns of a person's job that is no office ('correspondent', 'pilot')."""
    office_preps: frozenset[str]
    target_preps: frozenset[str]
    partner_preps: frozenset[str]
    patient_preps: frozenset[str]
    noun_target_preps: frozenset[str]
    agent_preps: frozenset[str]
    place_openers: frozenset[str]
    time_preps: frozenset[str]
    relative_pronouns: frozenset[str]
    speaker_pronouns: frozenset[str]
    """ "we", "I": inside a quote, its speaker."""
    person_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    gathering_nouns: frozenset[str]
    """ "a meeting of Nato ministers": a noun whose "of" names who meets, not a target."""
    attendance_preps: frozenset[str]
    """ "discussed sanctions at a summit": the subject takes part in the gathering."""
    light_verbs: frozenset[str]
    """ "prepared for strikes": the subject does the event its complement noun names."""
    topic_verbs: frozenset[str]
    """ "condemned the attack": the subject does not do the event its object noun names."""
    receiving_verbs: frozenset[str]
    """ "faced sanctions": the subject undergoes the event its object noun names."""
    object_control_verbs: frozenset[str]
    """ "urged residents to leave": the object does the infinitive's act."""
    object_gerund_preps: frozenset[str]
    """ "accused Russia of shelling": the object does the gerund after these."""
    collection_nouns: frozenset[str]
    """ "a set of sanctions", "days of shelling": nouns that gather events."""
    inclusion_preps: frozenset[str]
    """ "measures, including a ban": the noun after stands where the noun before stands."""
    light_objects: frozenset[str]
    """ "seized control of the plant": an object that stands for its "of" phrase."""
    addressee_preps: frozenset[str] = frozenset()
    """ "called on Nato", "pleaded with the world": who a request is made of."""
    untargeted_modes: frozenset[str] = frozenset()
    """ "fled Ukraine", "evacuated residents": events that have no target, as "TYPE mode"."""
    organ_nouns: frozenset[str] = frozenset()
    """ "the UN security council": a body named by its own words, not its organisation's."""
    community_words: frozenset[str] = frozenset()
    """ "pleaded with the world": the international community."""


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """Every event lexicon, loaded once per process."""

    triggers: dict[str, tuple[TriggerEntry, ...]]
    means: tuple[Means, ...]
    modes: dict[str, dict[str, frozenset[str]]]
    agreement_nouns: frozenset[str]
    demonyms: dict[str, str]
    """Lower-cased demonym -> ISO alpha-3 ("russian")."""
    countries: dict[str, str]
    """Lower-cased name of a country or of a territory standing for it -> ISO alpha-3."""
    metonyms: dict[str, str | None]
    """Lower-cased capital, seat of government or of power -> the state it stands for, if any."""
    sectors: tuple[tuple[str, frozenset[str]], ...]
    organizations: dict[str, tuple[str | None, str | None]]
    pronouns: frozenset[str]
    say_verbs: frozenset[str]
    weapons: frozenset[str]
    """Weapons and war machines: they name a side only through a country word."""
    sites: frozenset[str]
    """Places and buildings: attacked or taken, they are held by someone, not actors."""
    civilian_sites: frozenset[str]
    """Sites where civilians live, shop, study or are treated: their holders are civilians."""
    local_bodies: frozenset[str]
    """Bodies that govern or serve one place ('the city council'): that place's country."""
    sponsor_suffixes: frozenset[str]
    """ "Russian-backed", "Iranian-made": a country word that names no owner."""
    quantity_nouns: frozenset[str]
    """ "dozens of civilians": nouns of a figure, which stand for what they count."""
    civilian_nouns: frozenset[str]
    regain_triggers: frozenset[str]
    demand_auxiliaries: frozenset[str]
    title_nouns: frozenset[str]
    """ "commander", "correspondent": a trigger noun modifying one is a job, not an event
    (the offices and jobs of ``roles``)."""
    peacekeeping_words: frozenset[str]
    """A deployment told with these provides protection (PLOVER AID), not a build-up."""
    object_preps: frozenset[str]
    measure_nouns: frozenset[str]
    """'4 million items of equipment', 'tonnes of grain': nouns whose 'of' phrase is the object."""
    war_nouns: frozenset[str]
    """'the war has killed thousands': a toll whose agent is one of these sums the war to date."""
    topic_words: frozenset[str]
    """ "discuss", "debate": an event noun that is their object is a topic, not an event."""
    topic_preps: frozenset[str]
    definite_determiners: frozenset[str]
    """'the summit', 'these sanctions': a noun cue that refers back to an event told before."""
    novelty_modifiers: frozenset[str]
    """'a second round of talks', 'the new sanctions': a modifier that makes the event another."""
    antecedent_window: int
    same_place_km: float
    """Attacks of one sentence at places farther apart than this are two attacks."""
    """How far back (characters) a definite description looks for the event it refers to."""
    status: StatusWords
    roles: RoleWords

    def state_of(self, word: str) -> str | None:
        """The state a lower-cased demonym, country name or capital stands for ('russian',
        'russia', 'kyiv'), in that order of lookup."""
        return self.demonyms.get(word) or self.countries.get(word) or self.metonyms.get(word)

    def sector_of(self, words: list[str]) -> str | None:
        """The sector a head noun (or two-word name) names, if any."""
        for word in words:
            for sector, names in self.sectors:
                if word in names:
                    return sector
        return None


def _acled(value: Any) -> tuple[str, str | None] | None:
    if not value:
        return None
    return (str(value[0]), value[1])


def _read(name: str) -> dict[str, Any]:
    return data.read_json(f"events/{name}")


def _role_words(raw: dict[str, Any]) -> RoleWords:
    def words(key: str) -> frozenset[str]:
        return frozenset(raw[key])

    return RoleWords(
        offices=words("offices"),
        jobs=words("jobs"),
        office_preps=words("office_preps"),
        target_preps=words("target_preps"),
        partner_preps=words("partner_preps"),
        patient_preps=words("patient_preps"),
        noun_target_preps=words("noun_target_preps"),
        agent_preps=words("agent_preps"),
        place_openers=words("place_openers"),
        time_preps=words("time_preps"),
        relative_pronouns=words("relative_pronouns"),
        speaker_pronouns=words("speaker_pronouns"),
        person_pronouns=words("person_pronouns"),
        thing_pronouns=words("thing_pronouns"),
        plural_pronouns=words("plural_pronouns"),
        gathering_nouns=words("gathering_nouns"),
        light_verbs=words("light_verbs"),
        attendance_preps=words("attendance_preps"),
        topic_verbs=words("topic_verbs"),
        receiving_verbs=words("receiving_verbs"),
        object_control_verbs=words("object_control_verbs"),
        collection_nouns=words("collection_nouns"),
        object_gerund_preps=words("object_gerund_preps"),
        light_objects=words("light_objects"),
        addressee_preps=words("addressee_preps"),
        untargeted_modes=words("untargeted_modes"),
        organ_nouns=words("organ_nouns"),
        community_words=words("community_words"),
        inclusion_preps=words("inclusion_preps"),
    )


@cache
def load_event_lexicon() -> EventLexicon:
    """Read the shipped trigger and actor lexicons, with the country table's words."""
    raw = _read("triggers.json")
    actors = _read("actors.json")
    by_key: dict[str, list[TriggerEntry]] = {}
    for item in raw["triggers"]:
        entry = TriggerEntry(
            key=item["lemma"],
            pos=item["pos"],
            type=item["type"],
            mode=item["mode"],
            acled=_acled(item.get("acled")),
            family=item.get("family"),
            consequence=bool(item.get("consequence", False)),
            objects_only=frozenset(item.get("objects_only", ())),
            objects_not=frozenset(item.get("objects_not", ())),
            governors=frozenset(item.get("governors", ())),
            governors_not=frozenset(item.get("governors_not", ())),
            territory=bool(item.get("territory", False)),
            needs_xcomp=bool(item.get("needs_xcomp", False)),
            subjects_only=frozenset(item.get("subjects_only", ())),
        )
        by_key.setdefault(entry.key, []).append(entry)
    means = tuple(
        Means(frozenset(m["words"]), m["mode"], _acled(m["acled"]), frozenset(m.get("unless", ())))
        for m in raw["means"]
    )
    modes = {
        t: {mode: frozenset(words) for mode, words in table.items()}
        for t, table in raw["modes"].items()
    }
    role_words = _role_words(_read("roles.json"))
    table = countries()
    capitals: dict[str, str | None] = {}
    for name in actors["capitals"]:
        country = table.by_capital(name)
        if country is None:
            raise LookupError(f"events/actors.json: {name!r} is no capital in {COUNTRIES}")
        capitals[name.lower()] = country.alpha3
    return EventLexicon(
        triggers={k: tuple(v) for k, v in by_key.items()},
        means=means,
        modes=modes,
        agreement_nouns=frozenset(raw["agreement_nouns"]),
        demonyms={d.lower(): c.alpha3 for c in table for d in c.demonyms},
        countries={
            n.lower(): c.alpha3 for c in table for n in (*c.names, *c.official, *c.territories)
        },
        metonyms=capitals | actors["metonyms"],
        sectors=tuple((s, frozenset(w)) for s, w in actors["sectors"].items()),
        organizations={k: (v[0], v[1]) for k, v in actors["organizations"].items()},
        pronouns=frozenset(actors["pronouns"]),
        say_verbs=frozenset(actors["say_verbs"]),
        weapons=frozenset(actors["weapons"]),
        sites=frozenset(actors["sites"]) | frozenset(actors["civilian_sites"]),
        civilian_sites=frozenset(actors["civilian_sites"]),
        local_bodies=frozenset(actors["local_bodies"]),
        sponsor_suffixes=frozenset(actors["sponsor_suffixes"]),
        quantity_nouns=frozenset(actors["quantity_nouns"]),
        civilian_nouns=frozenset(raw["civilian_nouns"]),
        regain_triggers=frozenset(raw["regain_triggers"]),
        demand_auxiliaries=frozenset(raw["demand_auxiliaries"]),
        title_nouns=role_words.offices | role_words.jobs,
        peacekeeping_words=frozenset(raw["peacekeeping_words"]),
        object_preps=frozenset(raw["object_preps"]),
        measure_nouns=frozenset(raw["measure_nouns"]),
        war_nouns=frozenset(raw["war_nouns"]),
        topic_words=frozenset(raw["topic_words"]),
        topic_preps=frozenset(raw["topic_preps"]),
        definite_determiners=frozenset(raw["definite_determiners"]),
        novelty_modifiers=frozenset(raw["novelty_modifiers"]),
        antecedent_window=int(raw["antecedent_window"]),
        same_place_km=float(raw["same_place_km"]),
        status=load_status_words(),
        roles=role_words,
    )
