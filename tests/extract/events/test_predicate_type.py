"""The PLOVER type of a sentence's event comes from its predicate and the predicate's arguments:
an event named as what another event acts on is not the sentence's event, a noun that names
what is attacked is no attack, and what is signed decides whether signing is an agreement."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitrep.model import Event, Report


def top(report: Report) -> Event | None:
    """The event the extractor is most confident of (the first of equals)."""
    best: Event | None = None
    for event in report.events:
        if best is None or event.confidence > best.confidence:
            best = event
    return best


@pytest.mark.parametrize(("text", "expected"), [
    # The predicate acts on another event: the predicate's event is the sentence's.
    ("The foreign ministry condemned the shelling of a maternity hospital in Mariupol.", "ACCUSE"),
    ("Poland lifted its ban on grain imports from Ukraine on Friday.", "CONCEDE"),
    ("The opposition leader called for sanctions against the ruling generals.", "REQUEST"),
    # Nominal forms of diplomacy are recognised as what is done.
    ("The minister repeated his call for a ceasefire in the north.", "REQUEST"),
    ("The rejection of the peace plan by the rebels surprised the mediators.", "REJECT"),
    # What another must do, stated by any verb that names no event itself, is a demand.
    ("Berlin stressed that Minsk must free all political prisoners.", "REQUEST"),
    # Signing an agreement is agreeing (the convention of the frames-dev annotation).
    ("Ukraine and Poland signed a memorandum on arms exports on Tuesday.", "AGREE"),
    ("The two governments signed a defence pact in Vilnius.", "AGREE"),
    # Handing back captives or property (PLOVER 084 return, release).
    ("Moldova returned twelve detained sailors to Romania on Monday.", "RETREAT"),
    # Handing back a stolen statue; easing tariffs (PLOVER 0842, 085).
    ("Italy returned a stolen Byzantine statue to Greece at a ceremony in Athens.", "RETREAT"),
    ("Canada reduced tariffs on steel from Mexico on Monday.", "RETREAT"),
    # A unilateral halt to fighting (PLOVER 0871); permission and a reversal are concessions.
    ("The junta declared a cessation of hostilities in the eastern states.", "RETREAT"),
    ("Jordan gave the aid convoy permission to cross the border.", "CONCEDE"),
    ("The court reversed its decision to ban the opposition newspaper.", "CONCEDE"),
    # Aid counted in a measure ('tonnes of', 'kg of') or contributed to a fund.
    ("Norway contributed $20 million to the UN refugee agency in Chad.", "AID"),
    ("Volunteers handed over 900 kg of medicine to a hospital in Aleppo.", "AID"),
    # Letting aid or inspectors in is access granted (PLOVER 086), not a generic concession.
    ("Armenia allowed the delivery of fuel to the enclave on Sunday.", "RETREAT"),
    # Welcoming a visiting leader is a meeting; ordering patrols puts forces on the ground.
    ("The emir gave a warm welcome to the Somali president in Doha.", "CONSULT"),
    ("The governor ordered patrols by soldiers along the river after the attacks.",
     "MOBILIZE"),
    # "part of a programme" stands for the programme.
    ("Washington suspended part of its aid programme for Niger on Friday.", "SANCTION"),
    # Dismissing a proposal is a refusal, not the dismissal of an official.
    ("The rebels dismissed an appeal from the president to disarm.", "REJECT"),
    # Troops sent to keep the peace give protection (PLOVER AID, CAMEO 074).
    ("Ghana sent 300 soldiers to the peacekeeping mission in Mali.", "AID"),
    # A verbal attack is an accusation, not an assault.
    ("The senator launched a blistering attack on the finance minister.", "ACCUSE"),
])
def test_the_predicate_decides_the_type(extract: Callable[..., Report], text: str,
                                        expected: str) -> None:
    best = top(extract(text))
    assert best is not None and best.type == expected, [
        (e.type, round(e.confidence, 2)) for e in extract(text).events]


def test_signing_what_is_no_agreement_is_support(extract: Callable[..., Report]) -> None:
    types = [e.type for e in extract("Thousands of students signed a petition backing the "
                                     "ousted mayor.").events]
    assert "AGREE" not in types


@pytest.mark.parametrize("text", [
    # A list of sanctions targets names who is sanctioned, not who is attacked.
    "The EU's new targets include a state arms company and two banks.",
    # Tear gas fired at a crowd is crowd control, not an armed attack.
    "Riot police fired tear gas at students outside the university.",
    # A 'must have' is a conclusion, not a demand; protesters who return home hand nothing back.
    "Investigators believe the pilots must have seen the warning lights.",
    "The refugees returned to their villages after the floods.",
])
def test_no_attack_demand_or_handover_where_none_is_done(extract: Callable[..., Report],
                                                         text: str) -> None:
    types = [e.type for e in extract(text).events]
    assert not {"ASSAULT", "REQUEST", "RETREAT"} & set(types), types


def test_a_target_said_to_be_attacked_is_still_an_attack(extract: Callable[..., Report]) -> None:
    report = extract("Kharkiv is the main target of the Russian offensive, officials said.")
    assert "ASSAULT" in [e.type for e in report.events]
