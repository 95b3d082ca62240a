"""ACLED event type and sub-event type of one event, as ACLED's codebook defines them.

The rules read a Scene: the event's PLOVER type and mode, the ACLED pair its trigger names, who
acted and who or what was acted on (as kinds: state forces, non-state armed groups, protesters,
a mob, civilians), the words of its clause and whether anyone was killed or hurt.
- Battles by who fought whom: an armed clash; government regains territory; a non-state actor,
  or a foreign state's forces, overtakes territory.
- Explosions/Remote violence by the weapon (the means words of the clause, chosen before).
- Violence against civilians only when the targets are civilians; an attack on armed men or with
  no civilian named is a clash.
- Protests and Riots by what happened: protesters who use violence riot (violent
  demonstration), a mob or crowd that attacks is mob violence; force against a demonstration is
  an intervention, or excessive force when it kills, shoots or seriously wounds.
- Strategic developments: agreements, arrests, changes to a group or its activity (deployments,
  recruitment, disbanding, defection), disrupted weapons use, a headquarters or base established,
  looting and destruction, a place handed over or left without a fight, curfews and coups.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sitrep import data

Acled = tuple[str, str]

CLASH: Acled = ("Battles", "Armed clash")
REGAINS: Acled = ("Battles", "Government regains territory")
OVERTAKES: Acled = ("Battles", "Non-state actor overtakes territory")
VAC_ATTACK: Acled = ("Violence against civilians", "Attack")
PEACEFUL: Acled = ("Protests", "Peaceful protest")
INTERVENTION: Acled = ("Protests", "Protest with intervention")
EXCESSIVE: Acled = ("Protests", "Excessive force against protesters")
VIOLENT_DEMO: Acled = ("Riots", "Violent demonstration")
MOB: Acled = ("Riots", "Mob violence")
AGREEMENT: Acled = ("Strategic developments", "Agreement")
ARRESTS: Acled = ("Strategic developments", "Arrests")
CHANGE: Acled = ("Strategic developments", "Change to group/activity")
DISRUPTED: Acled = ("Strategic developments", "Disrupted weapons use")
BASE: Acled = ("Strategic developments", "Headquarters or base established")
LOOTING: Acled = ("Strategic developments", "Looting/property destruction")
TRANSFER: Acled = ("Strategic developments", "Non-violent transfer of territory")
OTHER: Acled = ("Strategic developments", "Other")
_VAC = "Violence against civilians"
_REMOTE = "Explosions/Remote violence"
_ARMED = frozenset({"state", "nonstate"})


@dataclass(frozen=True, slots=True)
class AcledWords:
    """The word lists of data/events/acled.json."""

    state_sectors: frozenset[str]
    nonstate_sectors: frozenset[str]
    civilian_sectors: frozenset[str]
    state_words: frozenset[str]
    nonstate_words: frozenset[str]
    protester_words: frozenset[str]
    protest_preps: frozenset[str]
    mob_words: frozenset[str]
    civilian_words: frozenset[str]
    violent_protest_words: frozenset[str]
    intervention_words: frozenset[str]
    lethal_words: frozenset[str]
    nonlethal_words: frozenset[str]
    peaceful_words: frozenset[str]
    fight_nouns: frozenset[str]
    place_nouns: frozenset[str]
    base_nouns: frozenset[str]
    weapon_nouns: frozenset[str]
    other_modes: frozenset[str]
    destruction_keys: frozenset[str]
    group_change_types: frozenset[str]
    group_change_modes: frozenset[str]

    def kinds(self, sector: str | None, words: frozenset[str]) -> frozenset[str]:
        """What an actor is, from its sector and the words of its phrase; words win over the
        sector ('Taliban insurgents' are non-state, whatever the Taliban's sector)."""
        kinds: set[str] = set()
        if words & self.protester_words:
            kinds.add("protesters")
        if words & self.mob_words:
            kinds.add("mob")
        if words & self.nonstate_words or sector in self.nonstate_sectors:
            kinds.add("nonstate")
        elif words & self.state_words or sector in self.state_sectors:
            kinds.add("state")
        if not kinds & _ARMED and (
            words & self.civilian_words or sector in self.civilian_sectors
        ):
            kinds.add("civilians")
        return frozenset(kinds)


@cache
def load_acled_words() -> AcledWords:
    """Read data/events/acled.json once per process."""
    raw = data.read_json("events/acled.json")
    fields = AcledWords.__dataclass_fields__
    missing = [name for name in fields if name not in raw]
    if missing:
        raise KeyError(f"events/acled.json: missing {', '.join(missing)}")
    return AcledWords(**{name: frozenset(raw[name]) for name in fields})


@dataclass(frozen=True, slots=True)
class Scene:
    """What the ACLED rules read of one event."""

    type: str
    mode: str | None
    key: str
    """The trigger's lexicon key ('destroy', 'set fire')."""
    given: Acled | None
    """The ACLED pair the trigger or the means of attack names, if any."""
    territory: bool
    regain: bool
    """The trigger names taking a place back ('retake', 'recapture')."""
    agent: frozenset[str]
    target: frozenset[str]
    """Kinds of who acted and of who or what was acted on."""
    target_words: frozenset[str]
    patient: str | None
    """The lemma of the word heading who or what was acted on."""
    clause: frozenset[str]
    at_protest: bool
    """Done to protesters or at a demonstration ('fired on a march', 'arrested demonstrators')."""
    harmed: bool
    """Someone was killed or injured."""
    foreign: bool
    """The acting state's forces are in another country than the event's place."""


def acled_type(scene: Scene, words: AcledWords) -> Acled | None:
    """The ACLED (event type, sub-event type) of an event, or None for one ACLED does not code."""
    if scene.type == "ASSAULT":
        return _violence(scene, words)
    if scene.type == "PROTEST":
        return _protest(scene, words)
    if scene.type == "COERCE":
        return _coercion(scene, words)
    if scene.mode in words.group_change_modes:
        return CHANGE
    if scene.type == "RETREAT" and _left_place(scene, words):
        return TRANSFER
    if scene.type in words.group_change_types:
        return BASE if scene.given == BASE else CHANGE
    return scene.given


def _violence(scene: Scene, words: AcledWords) -> Acled:
    given = scene.given
    if given is not None and given[0] == "Strategic developments":
        return given
    if "protesters" in scene.agent and not scene.agent & _ARMED:
        return VIOLENT_DEMO
    if "mob" in scene.agent and not scene.agent & _ARMED:
        return MOB
    if scene.at_protest:
        return EXCESSIVE if _lethal(scene, words) else INTERVENTION
    if scene.territory:
        return _territory(scene, words)
    if given is not None and given[0] == _REMOTE:
        return given
    if given == CLASH:
        # "exchanged fire", "clashed": a fight both sides take part in, whoever died in it.
        return CLASH
    if not scene.harmed and _peaceful(scene, words):
        return TRANSFER
    if given is None and not scene.harmed and not scene.target and (
        scene.key in words.destruction_keys
    ):
        return LOOTING
    armed_target = bool(scene.target & _ARMED)
    if given is not None and given[0] == _VAC:
        # Violence against civilians only when the targets are civilians.
        return CLASH if armed_target and given == VAC_ATTACK else given
    if armed_target or (scene.agent & _ARMED and "civilians" not in scene.target):
        return CLASH
    return VAC_ATTACK if "civilians" in scene.target else CLASH


def _protest(scene: Scene, words: AcledWords) -> Acled:
    if scene.mode == "riot" or scene.clause & words.violent_protest_words:
        return MOB if "mob" in scene.agent and "protesters" not in scene.agent else VIOLENT_DEMO
    forced = scene.clause & words.intervention_words
    if _lethal(scene, words) and (forced or "state" in scene.agent):
        return EXCESSIVE
    if forced:
        return INTERVENTION
    return PEACEFUL


def _coercion(scene: Scene, words: AcledWords) -> Acled | None:
    if scene.given in (DISRUPTED, OTHER):
        return scene.given
    if scene.mode in words.other_modes:
        return OTHER
    if scene.territory:
        return _territory(scene, words)
    if scene.mode == "arrest":
        return INTERVENTION if scene.at_protest else ARRESTS
    if scene.given == INTERVENTION:
        return EXCESSIVE if _lethal(scene, words) else INTERVENTION
    if scene.mode == "destroy":
        if "protesters" in scene.agent:
            return VIOLENT_DEMO
        if "mob" in scene.agent and not scene.agent & _ARMED:
            return MOB
        # "burned a man alive": destruction done to a person is an attack on a civilian.
        if scene.patient in words.civilian_words:
            return VAC_ATTACK
        return LOOTING
    if scene.mode == "confiscate" and scene.target_words & words.weapon_nouns:
        return DISRUPTED
    return scene.given


def _territory(scene: Scene, words: AcledWords) -> Acled:
    """Who took a place: a non-state group or a foreign state's forces overtake it, the
    state's own forces regain it; taken without a fight, it is a transfer."""
    if scene.given == TRANSFER or _peaceful(scene, words):
        return TRANSFER
    if "nonstate" in scene.agent:
        return OVERTAKES
    if "state" in scene.agent:
        return OVERTAKES if scene.foreign and not scene.regain else REGAINS
    if scene.regain or "nonstate" in scene.target:
        return REGAINS
    if "state" in scene.target:
        return OVERTAKES
    return scene.given or CLASH


def _left_place(scene: Scene, words: AcledWords) -> bool:
    """'troops withdrew from the town', 'handed the base over': armed forces leaving a place."""
    if scene.given == TRANSFER:
        return True
    return (
        scene.mode == "withdraw"
        and bool(scene.agent & _ARMED)
        and bool(scene.clause & (words.place_nouns | {"gpe"}))
    )


def _peaceful(scene: Scene, words: AcledWords) -> bool:
    return bool(scene.clause & words.peaceful_words) or (
        "without" in scene.clause and bool(scene.clause & words.fight_nouns)
    )


def _lethal(scene: Scene, words: AcledWords) -> bool:
    """Lethal or serious force: someone killed or hurt, or shooting named without the
    dispersal weapons of an intervention (tear gas, water cannon, rubber bullets)."""
    if scene.harmed:
        return True
    shooting = scene.clause & words.lethal_words
    return bool(shooting) and not scene.clause & words.nonlethal_words
