"""ACLED event and sub-event types: the rules on hand-made scenes, then every sub-type reached
from a news sentence through the whole pipeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from sitrep.extract.events import acled
from sitrep.extract.events.acled import Scene, acled_type, load_acled_words
from sitrep.model import Report

WORDS = load_acled_words()
BASE_SCENE = Scene(type="ASSAULT", mode=None, key="attack", given=None, territory=False,
                   regain=False, agent=frozenset(), target=frozenset(),
                   target_words=frozenset(), patient=None, clause=frozenset(),
                   at_protest=False, harmed=False, foreign=False)


def scene(**changes: object) -> Scene:
    return replace(BASE_SCENE, **changes)  # type: ignore[arg-type]


def test_violence_against_civilians_only_when_the_targets_are_civilians() -> None:
    on_civilians = scene(agent=frozenset({"nonstate"}), target=frozenset({"civilians"}))
    assert acled_type(on_civilians, WORDS) == acled.VAC_ATTACK
    on_soldiers = scene(agent=frozenset({"nonstate"}), target=frozenset({"state"}))
    assert acled_type(on_soldiers, WORDS) == acled.CLASH
    # An attack word that names civilian victims is still a clash when soldiers are the target.
    stabbing = scene(given=acled.VAC_ATTACK, target=frozenset({"state"}))
    assert acled_type(stabbing, WORDS) == acled.CLASH
    # Armed men attacking with no civilian named: a clash, not a default 'Attack'.
    assert acled_type(scene(agent=frozenset({"state"})), WORDS) == acled.CLASH


def test_the_weapon_decides_remote_violence_before_the_target() -> None:
    shelling = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    on_town = scene(given=shelling, target=frozenset({"civilians"}))
    assert acled_type(on_town, WORDS) == shelling


def test_crowds_and_protesters_who_use_violence_riot() -> None:
    mob = scene(agent=frozenset({"mob"}), target=frozenset({"civilians"}))
    assert acled_type(mob, WORDS) == acled.MOB
    protesters = scene(type="COERCE", mode="destroy", agent=frozenset({"protesters"}))
    assert acled_type(protesters, WORDS) == acled.VIOLENT_DEMO
    stones = scene(type="PROTEST", mode="demo", clause=frozenset({"throw", "stone"}))
    assert acled_type(stones, WORDS) == acled.VIOLENT_DEMO


def test_force_at_a_demonstration_is_an_intervention_or_excessive_force() -> None:
    tear_gas = scene(at_protest=True, agent=frozenset({"state"}),
                     clause=frozenset({"fire", "tear", "gas"}))
    assert acled_type(tear_gas, WORDS) == acled.INTERVENTION
    live_fire = scene(at_protest=True, agent=frozenset({"state"}), harmed=True)
    assert acled_type(live_fire, WORDS) == acled.EXCESSIVE
    arrests = scene(type="COERCE", mode="arrest", at_protest=True)
    assert acled_type(arrests, WORDS) == acled.INTERVENTION
    assert acled_type(scene(type="COERCE", mode="arrest"), WORDS) == acled.ARRESTS
    peaceful = scene(type="PROTEST", mode="demo", clause=frozenset({"march"}))
    assert acled_type(peaceful, WORDS) == acled.PEACEFUL


def test_who_takes_a_place_decides_the_battle_sub_type() -> None:
    taken = scene(type="COERCE", mode="seize", territory=True, given=acled.CLASH)
    assert acled_type(replace(taken, agent=frozenset({"nonstate"})), WORDS) == acled.OVERTAKES
    home = replace(taken, agent=frozenset({"state"}))
    assert acled_type(home, WORDS) == acled.REGAINS
    # A foreign state's forces taking a place are coded as ACLED codes non-state actors.
    assert acled_type(replace(home, foreign=True), WORDS) == acled.OVERTAKES
    peaceful = replace(home, clause=frozenset({"without", "fight"}))
    assert acled_type(peaceful, WORDS) == acled.TRANSFER


def test_strategic_developments() -> None:
    assert acled_type(scene(type="MOBILIZE", mode="troops"), WORDS) == acled.CHANGE
    base = scene(type="MOBILIZE", mode="troops", given=acled.BASE)
    assert acled_type(base, WORDS) == acled.BASE
    curfew = scene(type="COERCE", mode="curfew")
    assert acled_type(curfew, WORDS) == acled.OTHER
    cache = scene(type="COERCE", mode="confiscate", target_words=frozenset({"cache", "weapon"}))
    assert acled_type(cache, WORDS) == acled.DISRUPTED
    houses = scene(type="COERCE", mode="destroy", patient="house")
    assert acled_type(houses, WORDS) == acled.LOOTING
    withdrawal = scene(type="RETREAT", mode="withdraw", agent=frozenset({"state"}),
                       clause=frozenset({"withdraw", "town"}))
    assert acled_type(withdrawal, WORDS) == acled.TRANSFER
    talks = scene(type="CONSULT", mode=None)
    assert acled_type(talks, WORDS) is None


def test_kinds_read_words_before_sectors() -> None:
    assert WORDS.kinds("GOV", frozenset({"taliban", "insurgent"})) == {"nonstate"}
    assert WORDS.kinds("CVL", frozenset({"protester"})) == {"protesters", "civilians"}
    assert WORDS.kinds("MIL", frozenset()) == {"state"}


# One sentence a sub-type, written for these tests (not from the dev set).
SENTENCES = [
    ("Government soldiers and rebels fought a gun battle outside Bangassou.", "Armed clash"),
    ("The army recaptured the town of Kidal from separatist rebels.",
     "Government regains territory"),
    ("Jihadist militants seized the town of Djibo.", "Non-state actor overtakes territory"),
    ("Warplanes bombed a village in Darfur on Monday.", "Air/drone strike"),
    ("A suicide bomber blew himself up at a checkpoint in Mogadishu.", "Suicide bomb"),
    ("Rebel artillery shelled the centre of Goma.", "Shelling/artillery/missile attack"),
    ("A roadside bomb killed three soldiers near Gao.", "Remote explosive/landmine/IED"),
    ("An attacker threw a grenade into a market in Bujumbura.", "Grenade"),
    ("Witnesses said chlorine gas was used in the attack on the town.", "Chemical weapon"),
    ("Soldiers raped two women in a village near Bunia.", "Sexual violence"),
    ("Gunmen shot dead four farmers in their fields near Jos.", "Attack"),
    ("Bandits kidnapped a pastor and two worshippers in Kogi.",
     "Abduction/forced disappearance"),
    ("Hundreds of nurses marched in Nairobi to demand unpaid wages.", "Peaceful protest"),
    ("Police fired tear gas to disperse students protesting in Dakar.",
     "Protest with intervention"),
    ("Soldiers shot dead two protesters at a rally in Conakry.",
     "Excessive force against protesters"),
    ("Protesters set fire to the town hall in Kenema.", "Violent demonstration"),
    ("A mob lynched a suspected thief in Kumasi.", "Mob violence"),
    ("The government and the rebels signed a ceasefire agreement.", "Agreement"),
    ("Police arrested the opposition leader in Harare.", "Arrests"),
    ("Two armed groups merged in northern Burkina Faso.", "Change to group/activity"),
    ("Police defused a bomb found near the stadium in Kirkuk.", "Disrupted weapons use"),
    ("The rebels established a base in the hills near Beni.",
     "Headquarters or base established"),
    ("Militiamen looted shops in the market of Bangui.", "Looting/property destruction"),
    ("The peacekeepers handed over their camp in Kidal to the army.",
     "Non-violent transfer of territory"),
    ("Authorities imposed a curfew in the city of Jos.", "Other"),
]


def test_every_acled_sub_type_has_a_sentence() -> None:
    subs = {getattr(acled, name)[1] for name in dir(acled)
            if isinstance(getattr(acled, name), tuple) and len(getattr(acled, name)) == 2}
    written = {sub for _, sub in SENTENCES}
    assert len(written) == 25
    assert subs <= written


@pytest.mark.parametrize(("text", "sub_type"), SENTENCES)
def test_every_acled_sub_type_is_reached(extract: Callable[..., Report], text: str,
                                         sub_type: str) -> None:
    coded = [e for e in extract(text).events if e.acled_sub_event_type]
    best = max(coded, key=lambda e: e.confidence, default=None)
    assert best is not None and best.acled_sub_event_type == sub_type, [
        (e.type, e.acled_sub_event_type) for e in coded]


# Behaviours of the coding step, each on a sentence written for this test.
CODING_CASES = [
    # A fight told together with the taking of a place: who took it decides.
    ("Islamist rebels attacked and captured an army outpost near Tillaberi.",
     "Non-state actor overtakes territory"),
    # Regaining a town, told with "recovered".
    ("Government troops recovered the town of Mora from the insurgents.",
     "Government regains territory"),
    # The means is named by the verb a toll hangs on; "anti-tank" names no tank.
    ("A minibus struck an anti-tank mine near Kidal, killing six passengers.",
     "Remote explosive/landmine/IED"),
    # An explosive vest is a suicide bombing.
    ("A teenager wearing an explosive vest blew it up outside a mosque in Konduga.",
     "Suicide bomb"),
    # A bomb made safe is disrupted weapons use, not an explosion.
    ("Army sappers defused an unexploded shell found beside a school in Sievierodonetsk.",
     "Disrupted weapons use"),
    # "riot police" names the police, not a riot.
    ("Riot police used water cannon against students marching towards the parliament.",
     "Protest with intervention"),
    # Force by the state in a sentence telling of a demonstration.
    ("Three demonstrators died after soldiers beat them during a sit-in in Omdurman.",
     "Excessive force against protesters"),
    # An arrest is no intervention because the arrested man once wrote about protests.
    ("Police arrested a blogger who had written about the protests in Minsk.", "Arrests"),
    # Armed men killing a village elder and his relatives: violence against civilians.
    ("Gunmen killed a village elder and his two brothers near Bandiagara.", "Attack"),
    # A day in March is no march; a grenade thrown at a shop is a grenade attack.
    ("On 14 March 2024, a man threw a grenade into a bar in Garissa, injuring three drinkers.",
     "Grenade"),
    # Two armed sides exchanging fire is a clash, whoever the dead are called.
    ("Two rival gangs exchanged fire in Port-au-Prince. Five people were killed.",
     "Armed clash"),
    # Verbs joined by "and" share the later object: drones intercepted are disrupted weapons.
    ("Air defence units intercepted and destroyed nine drones over Odesa.",
     "Disrupted weapons use"),
    # A gas pipeline damaged by shelling is no chemical weapon.
    ("Artillery shelled Kupiansk, damaging homes and a gas pipeline.",
     "Shelling/artillery/missile attack"),
    ("Arsonists burned down a health centre in Bafut overnight.", "Looting/property destruction"),
    ("The army and the rebels signed a cessation of hostilities agreement in Nairobi.",
     "Agreement"),
    ("The militia announced that it was joining an alliance of armed groups in the east.",
     "Change to group/activity"),
    # Weapons "used" against a place or people are an attack, coded by the weapon.
    ("Government forces used chlorine against the town of Kafr Batna.", "Chemical weapon"),
    # Bans and shutdowns are strategic developments ACLED files under Other.
    ("The junta banned all activities of political parties in Niamey.", "Other"),
]


@pytest.mark.parametrize(("text", "sub_type"), CODING_CASES)
def test_coding_reads_the_event_and_its_sentence(extract: Callable[..., Report], text: str,
                                                  sub_type: str) -> None:
    coded = [e for e in extract(text).events if e.acled_sub_event_type]
    best = max(coded, key=lambda e: e.confidence, default=None)
    assert best is not None and best.acled_sub_event_type == sub_type, [
        (e.type, e.mode, e.acled_sub_event_type, e.confidence) for e in coded]
