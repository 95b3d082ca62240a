"""Counts: typed figures read from short wire sentences written for these tests."""

from __future__ import annotations

import pytest

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
