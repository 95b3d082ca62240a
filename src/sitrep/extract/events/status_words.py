"""The words that give an event its status, read from data/events/status.json."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from sitrep import data
from sitrep.model import EventStatus

_STATUSES = frozenset({"planned", "threatened", "hypothetical", "background", "negated"})


@dataclass(frozen=True, slots=True)
class StatusWords:
    """The words that give an event its status (data/events/status.json)."""

    negators: frozenset[str]
    refusals: frozenset[str]
    phrasal_negators: frozenset[str]
    """'rule out', 'hold back': a verb and its particle that deny their complement."""
    object_negators: frozenset[str]
    """'prevented an attack': verbs whose object event did not happen."""
    pending_adverbs: frozenset[str]
    """'has yet to take': on 'have' or 'be', the complement has not happened."""
    failure_modifiers: frozenset[str]
    """'a failed attempt to take': on a noun, its infinitive did not happen."""
    threats: frozenset[str]
    decisions: frozenset[str]
    """'announced that', 'decided to': the act has the announcement's status."""
    decided_types: frozenset[str]
    """The PLOVER types of measures that a decision accomplishes (sanctions, deployments)."""
    plans: frozenset[str]
    plan_adjectives: frozenset[str]
    """'open to talks', 'likely to be targets': adjectives that plan only as adjectives."""
    plan_nouns: frozenset[str]
    intentions: frozenset[str]
    """'pledged new cash', 'is willing to send': a trigger that is itself a promise is planned."""
    offers: frozenset[str]
    """'offered to mediate': with an infinitive only (not 'offered prayers')."""
    plan_objects: frozenset[str]
    """'plans an offensive', 'is considering sanctions': the verb's object is planned."""
    requests: frozenset[str]
    modifiers: dict[str, EventStatus]
    """'a possible attack', 'sanctions due to be announced': a modifier of the event noun."""
    containers: frozenset[str]
    """'a round of talks', 'a package of sanctions': the event noun inside takes their status."""
    venue_preps: frozenset[str]
    adjunct_preps: frozenset[str]
    """'following the invasion', 'in a call': the event is not the complement of the verb."""
    gerund_adjuncts: frozenset[str]
    """'despite supporting', 'after seizing': a gerund there is no complement of the verb."""
    participation: frozenset[str]
    hypothetical_auxiliaries: frozenset[str]
    hypothetical_adverbs: frozenset[str]
    conditional_auxiliaries: frozenset[str]
    """ "would": hypothetical with a condition in the clause, else planned."""
    future_auxiliaries: frozenset[str]
    perception_verbs: frozenset[str]
    ability_auxiliaries: frozenset[str]
    prospective_verbs: frozenset[str]
    future_times: re.Pattern[str]
    future_adverbs: frozenset[str]
    conditions: frozenset[str]
    threat_conditions: frozenset[str]
    negative_subjects: frozenset[str]
    negative_determiners: frozenset[str]
    habitual: frozenset[str]
    habitual_phrases: tuple[str, ...]
    perfect_auxiliaries: frozenset[str]
    duration: re.Pattern[str]
    """A long stretch of time ("for months", "since 2014"): with a perfect, background."""
    distant_past: re.Pattern[str]
    """'six months ago', 'earlier this year': a month or more before the news."""
    period_starts: frozenset[str]
    cumulative_agents: frozenset[str]
    """'the war has killed thousands': an agent whose events are a total to date."""
    prior_adverbs: frozenset[str]


@cache
def load_status_words() -> StatusWords:
    """Read the shipped status words once per process."""
    return status_words(data.read_json("events/status.json"))


def status_words(raw: dict[str, Any]) -> StatusWords:
    """The status words of a status.json document."""

    def words(key: str) -> frozenset[str]:
        return frozenset(raw[key])

    modifiers: dict[str, EventStatus] = {}
    for status, names in raw["modifiers"].items():
        if status not in _STATUSES:
            raise ValueError(f"events/status.json: modifiers: unknown status {status!r}")
        modifiers.update(dict.fromkeys(names, cast(EventStatus, status)))
    durations = _alternatives(raw["durations"])
    years = _alternatives(raw["duration_year_preps"])
    ago = _alternatives(raw["distant_units"])
    return StatusWords(
        negators=words("negators"),
        refusals=words("refusals"),
        phrasal_negators=words("phrasal_negators"),
        object_negators=words("object_negators"),
        pending_adverbs=words("pending_adverbs"),
        failure_modifiers=words("failure_modifiers"),
        threats=words("threats"),
        decisions=words("decisions"),
        decided_types=words("decided_types"),
        plans=words("plans"),
        plan_adjectives=words("plan_adjectives"),
        plan_nouns=words("plan_nouns"),
        intentions=words("intentions"),
        offers=words("offers"),
        plan_objects=words("plan_objects"),
        requests=words("requests"),
        modifiers=modifiers,
        containers=words("containers"),
        venue_preps=words("venue_preps"),
        adjunct_preps=words("adjunct_preps"),
        gerund_adjuncts=words("gerund_adjuncts"),
        participation=words("participation"),
        hypothetical_auxiliaries=words("hypothetical_auxiliaries"),
        hypothetical_adverbs=words("hypothetical_adverbs"),
        conditional_auxiliaries=words("conditional_auxiliaries"),
        future_auxiliaries=words("future_auxiliaries"),
        perception_verbs=words("perception_verbs"),
        ability_auxiliaries=words("ability_auxiliaries"),
        prospective_verbs=words("prospective_verbs"),
        future_times=re.compile(rf"\b(?:{_alternatives(raw['future_times'])})\b"),
        future_adverbs=words("future_adverbs"),
        conditions=words("conditions"),
        threat_conditions=words("threat_conditions"),
        negative_subjects=words("negative_subjects"),
        negative_determiners=words("negative_determiners"),
        habitual=words("habitual"),
        habitual_phrases=tuple(raw["habitual_phrases"]),
        perfect_auxiliaries=words("perfect_auxiliaries"),
        duration=re.compile(rf"\b(?:{durations}|(?:{years}) (?:19|20)\d\d)\b", re.IGNORECASE),
        distant_past=re.compile(
            rf"\b(?:{_alternatives(raw['distant_phrases'])}|"
            rf"(?:a|an|\d+|{_alternatives(raw['number_words'])}) (?:{ago}) ago)\b"
        ),
        period_starts=words("period_starts"),
        cumulative_agents=words("cumulative_agents"),
        prior_adverbs=words("prior_adverbs"),
    )


def _alternatives(phrases: list[str]) -> str:
    """A regex alternation of literal phrases, longest first."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
