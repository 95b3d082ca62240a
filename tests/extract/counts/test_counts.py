"""Counts: typed figures read from short wire sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.extract.counts.extractor import CountReader
from sitrep.extract.counts.numbers import load_lexicon, parse_number
from sitrep.model import Count
from sitrep.pipeline import Pipeline


@pytest.fixture(scope="module")
def read(pipeline: Pipeline) -> object:
    reader = CountReader()

    def run(text: str) -> list[Count]:
        doc = pipeline.nlp(text)
        return [m.count for sent in doc.sents for m in reader(sent)]

    return run


def kinds(counts: list[Count]) -> dict[str, tuple[int, str | None]]:
    return {c.kind: (c.value, c.qualifier) for c in counts}


@pytest.mark.parametrize(("words", "value"), [
    (["12"], 12), (["250,000"], 250000), (["twelve"], 12), (["two", "dozen"], 24),
    (["1.5", "million"], 1500000), (["twenty-five"], 25), (["a", "hundred"], 100),
    (["three", "hundred", "and", "twenty"], 320),
])
def test_number_words_and_digits(words: list[str], value: int) -> None:
    assert parse_number(words, load_lexicon()) == value


def test_not_a_number() -> None:
    assert parse_number(["several"], load_lexicon()) is None


def test_killed_and_injured_with_qualifier(read) -> None:
    counts = read("Russian missiles struck the city centre on Wednesday, killing at least 12 "
                  "people and wounding 27 others, the governor said.")
    assert kinds(counts) == {"killed": (12, "at least"), "injured": (27, None)}
    assert all(c.noun == "people" for c in counts)


def test_counts_split_over_a_sentence(read) -> None:
    assert kinds(read("Five were missing and 12 dead.")) == {
        "missing": (5, None), "killed": (12, None)}


def test_subset_is_not_added(read) -> None:
    counts = read("The shelling killed 12 people including three children, officials said.")
    assert [(c.kind, c.value) for c in counts] == [("killed", 12)]


def test_death_toll_rose(read) -> None:
    assert kinds(read("The death toll from the attack rose to 19 on Thursday.")) == {
        "killed": (19, None)}


def test_vague_plurals_follow_acled(read) -> None:
    counts = read("Dozens of people were killed and hundreds were injured in the fighting.")
    assert kinds(counts) == {"killed": (12, None), "injured": (100, None)}


def test_range_keeps_the_lower_figure(read) -> None:
    assert kinds(read("Between 10 and 15 soldiers were wounded in the raid.")) == {
        "injured": (10, None)}
    assert kinds(read("The blast killed 20 to 25 people.")) == {"killed": (20, None)}


@pytest.mark.parametrize(("text", "qualifier", "value"), [
    ("More than 40 civilians were killed in the strikes.", "more than", 40),
    ("About 300 people were injured, according to the ministry.", "about", 300),
    ("Up to 16 aid workers were abducted near the border.", "up to", 16),
])
def test_qualifiers(read, text: str, qualifier: str, value: int) -> None:
    counts = read(text)
    assert [(c.value, c.qualifier) for c in counts] == [(value, qualifier)]


def test_remains_in_an_exchange_are_not_deaths(read) -> None:
    counts = read("Ukraine received the bodies of 500 soldiers on Friday.")
    assert [(c.kind, c.value, c.noun) for c in counts] == [("other", 500, "bodies")]


def test_affected_homes(read) -> None:
    counts = read("The strikes left about 250,000 homes without heating.")
    assert [(c.kind, c.value, c.qualifier, c.noun) for c in counts] == [
        ("affected", 250000, "about", "homes")]


def test_counted_noun_for_the_rest(read) -> None:
    counts = read("Kyiv said it had hit three ammunition depots in Crimea.")
    assert [(c.kind, c.value, c.noun) for c in counts] == [("other", 3, "depots")]


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("Police detained 14 protesters outside the parliament.", "arrested", 14),
    ("Gunmen kidnapped 16 aid workers from a convoy.", "abducted", 16),
    ("More than 3,000 residents fled their homes as the fighting spread.", "displaced", 3000),
    ("Twelve people were killed when the bus hit a mine.", "killed", 12),
])
def test_kinds(read, text: str, kind: str, value: int) -> None:
    assert (kind, value) in [(c.kind, c.value) for c in read(text)]


def test_one_named_victim_is_one(read) -> None:
    assert kinds(read("A local journalist was killed by a sniper on Sunday.")) == {
        "killed": (1, None)}


def test_years_distances_and_totals_are_not_counts(read) -> None:
    assert read("The town, about 30 km from the border, has been shelled since 2022.") == []
    counts = read("Air defences shot down 14 of 22 drones overnight.")
    assert [c.value for c in counts] == [14]


@pytest.mark.parametrize("text", [
    "A man was shot dead outside a bakery in Kherson on Monday.",
    "An elderly farmer was killed when a shell hit his tractor.",
    "Gunmen stabbed a priest to death outside the church.",
    "Soldiers shot him in the chest and he died on the way to hospital.",
    "The body of a volunteer was found near the river on Sunday.",
    "Her body was pulled from the rubble on Tuesday.",
    "Neighbours described the murder of a retired teacher by the occupiers.",
])
def test_one_victim_without_a_figure_is_one(read, text: str) -> None:
    assert [(c.kind, c.value) for c in read(text)] == [("killed", 1)]


@pytest.mark.parametrize("text", [
    "Ukraine received the body of a pilot in an exchange on Friday.",
    "The minister said the body of evidence was growing.",
    "Soldiers shot at the car but missed.",
    "They killed time at the station.",
    "They have tried to assassinate me today, the president said.",
    "The minister announced the execution of the project in April.",
    "Putin ordered 10,000 troops to kill the rebels.",
    "The group claimed the responsibility for the blast.",
])
def test_no_victim_no_count_of_one(read, text: str) -> None:
    assert not [c for c in read(text) if c.kind == "killed"]


@pytest.mark.parametrize("text", [
    "Russian forces captured the town on Monday.",
    "The two leaders held a meeting in Ankara.",
])
def test_a_thing_taken_is_no_arrest(read, text: str) -> None:
    assert not [c for c in read(text) if c.kind == "arrested"]


def test_the_arrest_of_one_person(read) -> None:
    assert kinds(read("Police announced the arrest of a journalist in Minsk.")) == {
        "arrested": (1, None)}


def test_bodies_found_are_the_dead(read) -> None:
    counts = read("The bodies of seven people, including two children, were recovered from the "
                  "rubble of a school on Thursday.")
    assert [(c.kind, c.value, c.noun) for c in counts] == [("killed", 7, "people")]
    assert kinds(read("Rescuers found 40 bodies in the forest.")) == {"killed": (40, None)}


def test_the_subject_of_a_deed_is_not_its_victim(read) -> None:
    counts = read("Two gunmen killed five villagers near the border.")
    assert [(c.kind, c.value) for c in counts if c.kind == "killed"] == [("killed", 5)]


@pytest.mark.parametrize(("text", "value"), [
    ("Officials raised the death toll from the strike on the station to 31.", 31),
    ("The regional governor put the death toll at 31.", 31),
    ("The toll rose from 12 to 31 overnight.", 31),
])
def test_the_latest_toll(read, text: str, value: int) -> None:
    assert [(c.kind, c.value) for c in read(text)] == [("killed", value)]


def test_a_new_toll_says_so(read, pipeline: Pipeline) -> None:
    doc = pipeline.nlp("The death toll from the strike rose to 31. The toll stands at 31.")
    rise, stand = (m for sent in doc.sents for m in CountReader()(sent))
    assert rise.revises and not stand.revises


def test_a_figure_after_to_in_a_date_is_a_figure(read) -> None:
    counts = read("Officials in Mykolaiv raised the death toll from a rocket attack on apartment "
                  "blocks on Friday to 38.")
    assert kinds(counts) == {"killed": (38, None)}
    assert read("The curfew runs from Friday to 21 March.") == []


def test_a_gapped_figure_keeps_its_kind(read) -> None:
    counts = read("Two people were killed and nine wounded by a rocket strike on a market.")
    assert kinds(counts) == {"killed": (2, None), "injured": (9, None)}


def test_gapped_parts_stay_apart(read) -> None:
    counts = read("Nine people were killed in Odesa, six in Brovary and four in Irpin.")
    assert [(c.kind, c.value) for c in counts] == [("killed", 9), ("killed", 6), ("killed", 4)]


def test_gapped_things_are_no_people(read) -> None:
    counts = read("Ukrainian forces said they had killed 40 Russian troops and four tanks.")
    assert [(c.kind, c.value) for c in counts] == [("killed", 40), ("other", 4)]
    counts = read("Twelve soldiers were killed in Izium, and four tanks in Lyman, the army said.")
    assert [(c.kind, c.value) for c in counts] == [("killed", 12), ("other", 4)]


@pytest.mark.parametrize("text", [
    "The attack left 46 injured, 12 of them seriously.",
    "Forty-six people were wounded, 12 of whom were taken to hospital in Kyiv.",
])
def test_a_part_of_a_count_is_no_count(read, text: str) -> None:
    assert [(c.kind, c.value) for c in read(text)] == [("injured", 46)]


def test_a_part_with_its_own_verb_is_a_count(read) -> None:
    counts = read("Forty people were injured. Three of them died later in hospital.")
    assert kinds(counts) == {"injured": (40, None), "killed": (3, None)}
    assert kinds(read("Guards killed one of them at the gate.")) == {"killed": (1, None)}


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("Police shot dead five protesters in the square.", "killed", 5),
    ("Fifty-eight passengers were charred to death in the fire.", "killed", 58),
    ("Militants threatened to kill 10 hostages.", "killed", None),
    ("Hundreds of people have lost their lives in the violence.", "killed", 100),
    ("Three soldiers suffered injuries in the blast.", "injured", 3),
])
def test_what_a_deed_left_its_victims(read, text: str, kind: str, value: int | None) -> None:
    assert kinds(read(text)).get(kind, (None,))[0] == value


def test_people_are_no_other_count(read, pipeline: Pipeline) -> None:
    doc = pipeline.nlp("Thousands of Kurds demonstrated in Kirkuk while 3 depots burned.")
    mentions = [m for sent in doc.sents for m in CountReader()(sent)]
    assert [(m.count.value, m.people) for m in mentions] == [(1000, True), (3, False)]


@pytest.mark.parametrize(("words", "value"), [
    (["2.3", "million"], 2300000), (["0.5", "million"], 500000), (["1e5"], None),
    (["inf"], None), (["9" * 300], None), (["12", "billion"], None), (["1_000"], None),
])
def test_numbers_of_any_size(words: list[str], value: int | None) -> None:
    assert parse_number(words, load_lexicon()) == value


def test_figures_side_by_side_are_not_added(read) -> None:
    counts = read("Kharkiv 12 15 Odesa 3 4 Kyiv 7 9 people were killed.")
    assert max(c.value for c in counts) <= 15


def test_a_huge_number_is_no_count(read) -> None:
    assert read(f"Officials said {'9' * 300} people were killed and {'4' * 5000} injured.") == []


def test_thirty_numbers_in_one_sentence(read) -> None:
    figures = ", ".join(f"{n} in village {n + 100}" for n in range(1, 31))
    counts = read(f"Officials said people were killed: {figures}.")
    assert all(c.value <= 130 for c in counts)


_WORDS = ("people", "soldiers", "civilians", "were", "was", "killed", "wounded", "injured",
          "dead", "died", "and", ",", "in", "Kharkiv", "the", "strike", "left", "of", "them",
          "to", "from", "at least", "more than", "death toll", "rose", "bodies", "found", "a",
          "man", "between", "shelling", "killing", "wounding", "on", "Monday", "2022", "km")
@settings(max_examples=120, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.integers(0, 10**9).map(str),
                          st.integers(1000, 10**9).map(lambda n: f"{n:,}")),
                min_size=3, max_size=40))
def test_no_count_larger_than_the_largest_number(read, words: list[str]) -> None:
    text = " ".join(words).capitalize() + "."
    figures = [int(w.replace(",", "")) for w in words if w.replace(",", "").isdigit()]
    largest = max([*figures, 1])
    assert all(0 <= c.value <= largest for c in read(text))


@pytest.mark.parametrize(("words", "value"), [
    (["8.2", "billion"], 8_200_000_000), (["8.3", "billion"], None),
    (["2,500,000,000"], 2_500_000_000), (["9,000,000,000"], None),
])
def test_the_largest_figure_is_the_worlds_population(words: list[str], value: int | None) -> None:
    assert parse_number(words, load_lexicon()) == value


def test_a_figure_beyond_any_count_is_dropped_with_a_note_and_the_rest_kept(
    read, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="sitrep.extract.counts.numbers"):
        counts = read("The floods displaced 9,000,000,000 people and killed 12 others on Monday, "
                      "officials said.")
    assert [(c.kind, c.value) for c in counts] == [("killed", 12)]
    assert "'9,000,000,000' dropped: larger than any count can be" in caplog.text
