"""Counts on events: each event gets its own figures, a figure told twice is one, a new toll
replaces the old one, and parts of one sentence are never added up (short wire stories)."""

from __future__ import annotations

from collections.abc import Callable

from sitrep.model import Event, Report


def figures(event: Event, kind: str = "killed") -> list[int]:
    return [c.value for c in event.counts if c.kind == kind]


def assaults(report: Report) -> list[Event]:
    return [e for e in report.events if e.type == "ASSAULT"]


def test_a_figure_told_again_is_one(extract: Callable[..., Report]) -> None:
    for text in (
        "Russian shells hit a market in Kherson on Monday, killing three people. The three "
        "victims were traders, the governor said.",
        "Three people were killed in a blast at a bus stop in Donetsk. Local officials "
        "reported three fatalities.",
    ):
        (strike,) = assaults(extract(text))
        assert [(c.kind, c.value) for c in strike.counts] == [("killed", 3)]


def test_a_new_toll_replaces_the_old(extract: Callable[..., Report]) -> None:
    report = extract("A missile hit a shopping centre in Kremenchuk on Monday, killing 12 "
                     "people. The death toll later rose to 19.")
    (strike,) = assaults(report)
    assert figures(strike) == [19]
    assert len(strike.evidence) == 2


def test_parts_of_one_sentence_are_never_added(extract: Callable[..., Report]) -> None:
    report = extract("Nine people were killed in Odesa, six in Brovary and four in Irpin, "
                     "officials said.")
    killed = sorted(v for e in report.events for v in figures(e))
    assert killed == [4, 6, 9]
    report = extract("Two soldiers were killed in Avdiivka and two soldiers in Marinka, the "
                     "army said.")
    assert sorted(v for e in report.events for v in figures(e)) == [2, 2]


def test_strikes_told_apart_in_one_sentence_are_events_of_their_own(
    extract: Callable[..., Report],
) -> None:
    text = ("The early hours of the invasion claimed dozens of lives. According to officials, 18 "
            "people were killed in a missile attack in the southern Odesa region, six people "
            "were killed in the town of Brovary, near Kyiv, and four people were killed and 10 "
            "injured after a shell hit a hospital in the city of Vuhledar.")
    report = extract(text, "2022-02-24")
    by_place = {e.place.name: e for e in assaults(report) if e.place is not None and e.counts}
    vuhledar = by_place["Vuhledar"]
    assert (figures(vuhledar), figures(vuhledar, "injured")) == ([4], [10])
    assert figures(by_place["Brovary"]) == [6]
    odesa = next(e for name, e in by_place.items() if name.startswith("Odesa"))
    assert figures(odesa) == [18]
    # Each has its own clause as evidence, not the whole sentence.
    spans = [text[lo:hi] for lo, hi in vuhledar.evidence]
    assert spans == ["four people were killed and 10 injured after a shell hit a hospital in "
                     "the city of Vuhledar"]


def test_a_list_of_strikes_gives_each_its_clause_and_figure(
    extract: Callable[..., Report],
) -> None:
    towns = ["Kharkiv", "Kupiansk", "Chuhuiv", "Lozova", "Sumy", "Okhtyrka", "Poltava", "Dnipro"]
    clauses = [f"{n + 3} people were killed in {town}" for n, town in enumerate(towns)]
    text = ", ".join(clauses[:-1]) + f", and {clauses[-1]}, officials said."
    report = extract(text, "2022-03-01")
    counted = [e for e in assaults(report) if e.counts]
    assert sorted(v for e in counted for v in figures(e)) == list(range(3, 3 + len(towns)))
    assert all(len(figures(e)) == 1 for e in counted)
    for event in counted:
        [span] = event.evidence
        assert text[span[0]:span[1]] == clauses[figures(event)[0] - 3]

def test_a_relative_clause_tells_the_same_strike(extract: Callable[..., Report]) -> None:
    report = extract("Russian forces launched rocket attacks on Kharkiv that killed dozens of "
                     "civilians in the city of Chuhuiv.", "2022-02-28")
    counted = [e for e in assaults(report) if e.counts]
    assert len(counted) == 1 and figures(counted[0]) == [12]
    assert all(len(e.evidence) == 1 for e in counted)

def test_a_later_strike_with_a_toll_of_its_own_is_another_event(
    extract: Callable[..., Report],
) -> None:
    # "electronic warfare commander" is a job: were "warfare" an attack of its own, the two
    # sentences' strikes joined into one event carrying both figures.
    text = ("Ukrainian officials said they had killed about 12 Russian generals on the "
            "battlefield. The most recent fatality apparently occurred at the weekend with the "
            "reported death of Maj Gen Andrei Simonov, a Russian electronic warfare commander, "
            "who Ukraine said it killed near the city of Izyum in the Kharkiv region.")
    report = extract(text, "2022-05-05")
    latest = next(e for e in assaults(report) if any("Simonov" in text[lo:hi]
                                                      for lo, hi in e.evidence))
    assert figures(latest) == [1]
    assert latest.place is not None and latest.place.name == "Izyum"
    assert latest.actor1 is not None and latest.actor1.country == "UKR"

def test_a_dated_back_reference_joins_the_strike_of_its_day(
    extract: Callable[..., Report],
) -> None:
    text = ("A Russian missile hit a residential building in Mykolaiv on Wednesday, killing "
            "three people. Russia claimed to have destroyed a training base near Mykolaiv. "
            "Zelenskiy called for the United Nations to visit the site of a missile strike on a "
            "shopping mall in the city of Kremenchuk. He said Monday's attack, which killed at "
            "least 18 people, was an act of terror.")
    report = extract(text, "2022-06-29")
    (mall,) = [e for e in assaults(report) if 18 in figures(e)]
    assert mall.place is not None and mall.place.name == "Kremenchuk"
    assert mall.date == "2022-06-27"
    assert any("shopping mall" in text[lo:hi] for lo, hi in mall.evidence)
    assert all(18 not in figures(e) for e in assaults(report)
               if e.place is not None and e.place.name != "Kremenchuk")


def test_killed_and_gapped_wounded_are_one_event(extract: Callable[..., Report]) -> None:
    report = extract("At least two people were killed and seven wounded by a Russian rocket "
                     "strike on an apartment block in Kramatorsk on Friday, officials said.")
    counted = [e for e in assaults(report) if e.counts]
    assert len(counted) == 1
    assert (figures(counted[0]), figures(counted[0], "injured")) == ([2], [7])


def test_a_count_belongs_to_its_own_event(extract: Callable[..., Report]) -> None:
    report = extract("Russian forces shelled Kharkiv overnight, killing four people, and Ukraine "
                     "accused Moscow of war crimes.")
    counted = {e.type: figures(e) for e in report.events}
    assert counted.get("ASSAULT") == [4]
    assert not counted.get("ACCUSE")


def test_the_dead_of_another_deed_are_not_this_events(extract: Callable[..., Report]) -> None:
    report = extract("Police arrested a man accused of killing three people in Lviv last year.")
    assert all(not figures(e) for e in report.events if e.type != "ASSAULT")
    report = extract("He was convicted for the murder of the journalist Daniel Pearl.")
    assert all(not figures(e) for e in report.events if e.type != "ASSAULT")


def test_one_victim_named_in_the_singular(extract: Callable[..., Report]) -> None:
    for text in (
        "A man was shot dead by soldiers in Bucha on Monday.",
        "An American journalist was killed near Irpin on Sunday, police said.",
        "Soldiers shot him in the head in a courtyard in Bucha and he died.",
    ):
        (attack,) = assaults(extract(text))
        assert figures(attack) == [1], text


def test_bodies_recovered_after_shelling(extract: Callable[..., Report]) -> None:
    report = extract("The bodies of five people, including two children, were recovered from "
                     "a building destroyed by shelling in Chernihiv.")
    assert [5] in [figures(e) for e in assaults(report)]


def test_people_at_the_scene_are_no_count(extract: Callable[..., Report]) -> None:
    report = extract("Russian shells hit a kindergarten in Vorzel where 40 children were "
                     "sheltering.")
    assert all(not e.counts for e in report.events)


def test_the_size_of_a_crowd_is_kept(extract: Callable[..., Report]) -> None:
    report = extract("Thousands of protesters marched through Tbilisi on Sunday.")
    assert [(c.kind, c.value, c.noun) for e in report.events for c in e.counts] == [
        ("other", 1000, "protesters")]


def test_the_attackers_are_not_the_dead(extract: Callable[..., Report]) -> None:
    (attack,) = assaults(extract("Two gunmen killed five villagers near the border."))
    assert figures(attack) == [5]
