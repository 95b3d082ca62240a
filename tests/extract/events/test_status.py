"""Event status: the rules of extract/events/status*.py on sentences written for them.

Each case states one rule about English news syntax or about how events are coded; the
sentence checks that the event's own clause decides its status and that words of another
clause do not leak into it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.model import Article, Event
from sitrep.pipeline import Pipeline


def _events(pipeline: Pipeline, text: str) -> tuple[Event, ...]:
    article = Article(id="t", text=text, url=None, title=None, source=None,
                      published=dt.date(2024, 3, 14), dateline=None, language="en",
                      dateline_span=None)
    return pipeline.events(pipeline.nlp(text), article, (), (), (), ())


def _status(pipeline: Pipeline, text: str, type_: str) -> str:
    found = [e for e in _events(pipeline, text) if e.type == type_]
    assert len(found) == 1, [(e.type, e.status) for e in _events(pipeline, text)]
    return found[0].status


CASES = [
    # Planned: a future or arranged act, marked on an auxiliary, an adjective, a governing
    # verb or noun, a modifier of the event noun, or a time after publication.
    ("Moldova is to expel three Russian diplomats, the foreign ministry said.",
     "SANCTION", "planned"),
    ("A new package of sanctions due to be announced on Friday is aimed at Russian banks.",
     "SANCTION", "planned"),
    ("Villagers in the east are bracing for a new offensive.", "ASSAULT", "planned"),
    ("The Czech government is considering sanctions on Russian oligarchs.",
     "SANCTION", "planned"),
    ("Foreign ministers are meeting in Vienna later on Friday.", "CONSULT", "planned"),
    ("There will be talks between the two delegations on Monday.", "CONSULT", "planned"),
    ("The chancellor will tell allies at the summit in Madrid that more weapons are needed.",
     "CONSULT", "planned"),
    ("The president will take part in an emergency summit of Nordic leaders.",
     "CONSULT", "planned"),
    ("The minister was due to speak to his Turkish counterpart by phone on Sunday.",
     "CONSULT", "planned"),
    ("Lithuania wanted the strongest possible sanctions against Moscow.",
     "SANCTION", "planned"),
    # A promise names the promised act, planned; an agreement is an act of its own.
    ("The government pledged new military aid to Kyiv.", "AID", "planned"),
    ("Russia agreed to allow civilians to leave the city.", "AGREE", "reported"),
    ("The mediator offered to host talks between the two sides.", "AGREE", "planned"),
    # Announced decisions are what happened; an act only said to come is planned.
    ("The prime minister announced that Britain will send 500 more troops to Estonia.",
     "MOBILIZE", "reported"),
    ("The minister said Britain would send 500 more troops to Estonia.",
     "MOBILIZE", "planned"),
    ("The EU decided to impose sanctions on three Russian banks.", "SANCTION", "reported"),
    ("The party has decided to hold an emergency meeting in the capital on Sunday.",
     "CONSULT", "planned"),
    # Negated: a verb, phrase or adjective that denies the act.
    ("The prime minister ruled out a general mobilisation.", "MOBILIZE", "negated"),
    ("Separatist forces have yet to capture the airport.", "COERCE", "negated"),
    ("Government troops were unable to attack the rebel supply lines.", "ASSAULT", "negated"),
    ("The army abandoned its failed attempt to take the port.", "COERCE", "negated"),
    ("\u201cWe do not intend to occupy the region,\u201d the defence minister said.",
     "COERCE", "negated"),
    ("EU leaders held back from imposing an oil embargo on Russia.", "SANCTION", "negated"),
    ("The council cancelled a meeting planned for Thursday with the rebels.",
     "CONSULT", "negated"),
    # ... but a negation does not reach an event in a prepositional adjunct.
    ("The minister did not comment on the attack on the depot.", "ASSAULT", "reported"),
    ("Moscow dismissed the reports in a phone call with the French president.",
     "CONSULT", "reported"),
    ("The union has yet to decide despite supporting the call for a strike.",
     "SUPPORT", "reported"),
    # Reported: an attempt is the act under way; 'could' with a perception is a report; a
    # habit named in a clause on another noun is not the event's.
    ("Russian forces are trying to encircle the city.", "ASSAULT", "reported"),
    ("Gunfire could be heard near the parliament building.", "ASSAULT", "reported"),
    ("A bomb of the kind usually used against bunkers was dropped on the school.",
     "ASSAULT", "reported"),
    ("The shelling of the town continues constantly, the mayor said.", "ASSAULT", "reported"),
    ("Russian troops have already captured the city, the governor said.",
     "COERCE", "reported"),
    # Background: a habit, a time a month or more back, the start of a period, a war-to-date
    # total, an 'already' event in a clause that modifies something else.
    ("Russian artillery regularly shells the border villages.", "ASSAULT", "background"),
    ("The United States sent 20,000 troops to Europe earlier this year.",
     "MOBILIZE", "background"),
    ("Two years ago the president called for a ceasefire.", "REQUEST", "background"),
    ("Aid groups say two million people have left the country since the invasion began.",
     "ASSAULT", "background"),
    ("The drones destroyed anti-tank missiles, of which Britain has already provided more "
     "than 2,000.", "AID", "background"),
    # Hypothetical: a possibility, on the noun, the clause or an adverb.
    ("Officials think that possibly there will be airstrikes on the capital.",
     "ASSAULT", "hypothetical"),
    ("It is possible that the troops will have to retreat.", "RETREAT", "hypothetical"),
    ("Concern about a possible chemical attack dominated the summit.",
     "ASSAULT", "hypothetical"),
    # Threatened: the threat itself is the event; a modal on the threat makes it a possibility.
    ("Moscow warned Helsinki of retaliation if Finland joined the alliance.",
     "THREATEN", "threatened"),
    ("Neighbouring states could issue similar threats, the minister said.",
     "THREATEN", "hypothetical"),
]


@pytest.mark.parametrize(("text", "type_", "status"), CASES)
def test_status_from_the_events_own_clause(pipeline: Pipeline, text: str, type_: str,
                                           status: str) -> None:
    assert _status(pipeline, text, type_) == status


def test_a_refusal_is_reported(pipeline: Pipeline) -> None:
    """'would not commit': the refusal happened; its 'would' is not a plan."""
    assert _status(pipeline, "The chancellor would not commit to sending tanks.",
                   "REJECT") == "reported"


def test_a_possibility_announced_stays_a_possibility(pipeline: Pipeline) -> None:
    """Only a plan is turned into a decision by 'announced'; 'could' keeps its doubt."""
    text = "The fund announced that it could approve emergency aid to Kyiv next week."
    statuses = {e.status for e in _events(pipeline, text) if e.type in ("AGREE", "AID")}
    assert statuses == {"hypothetical"}


def test_whether_or_not_is_no_negation(pipeline: Pipeline) -> None:
    """'whether or not it was ready': the 'not' is an alternative, not a denial."""
    text = "The court asked the government whether or not it was ready to pay compensation."
    assert "negated" not in {e.status for e in _events(pipeline, text)}


def test_a_demanded_act_and_a_war_total_are_no_reported_event(pipeline: Pipeline) -> None:
    # The convention, kept by the event drafting: what is demanded is the content of the
    # REQUEST, not a second event; a toll of the war to date is no day's attack.
    demand = _events(pipeline, "The protesters demanded a ban on the party and the arrest of "
                               "its leaders.")
    assert [(e.type, e.status) for e in demand] == [("REQUEST", "reported")]
    total = _events(pipeline, "The war has killed tens of thousands of people, the UN said.")
    assert not [e for e in total if e.type == "ASSAULT" and e.status == "reported"]
