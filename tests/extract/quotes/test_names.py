"""Speakers are whole names: hyphenated, with particles, one person one name; role nouns
resolve to the person the article introduced with that title."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitrep.extract.quotes.names import same_person, whole
from sitrep.model import Report

Extract = Callable[..., Report]
PARTICLES = frozenset({"bin", "von", "der"})
GENERATIONS = frozenset({"jr"})


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Linda Thomas-Greenfield said", "Linda", "Linda Thomas-Greenfield"),
        ("Minister Jean-Noël Barrot said", "Noël Barrot", "Jean-Noël Barrot"),
        ("Prince Mohammed bin Salman met", "Prince Mohammed", "Prince Mohammed bin Salman"),
        ("Ursula von der Leyen said", "Ursula", "Ursula von der Leyen"),
        ("Linda Thomas said", "Linda Thomas", "Linda Thomas"),
        ("Linda Thomas-Greenfield said", "Linda Thomas-Greenfield", "Linda Thomas-Greenfield"),
        ("Smith von said", "Smith", "Smith"),
        ("Pro-Kremlin Smith said", "Smith", "Smith"),
    ],
)
def test_whole_widens_a_name_over_hyphens_and_particles(
    text: str, name: str, expected: str
) -> None:
    start = text.index(name)
    lo, hi = whole(text, (start, start + len(name)), PARTICLES)
    assert text[lo:hi] == expected


def test_same_person_joins_short_and_long_forms_but_not_generations() -> None:
    assert same_person("Prince Faisal", "Prince Faisal bin Farhan", GENERATIONS)
    assert same_person("Von der Leyen", "Ursula von der Leyen", GENERATIONS)
    assert same_person("Lopez", "Maria Lopez", GENERATIONS)
    assert not same_person("Donald Trump", "Donald Trump Jr.", GENERATIONS)
    assert not same_person("Maria Lopez", "Maria Lopez", GENERATIONS)
    assert not same_person("Faisal Farhan", "Prince Faisal bin Farhan", GENERATIONS)


def speakers(extract: Extract, text: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in extract(text).quotes]


def test_a_hyphenated_name_speaks_whole(extract: Extract) -> None:
    found = speakers(extract, "Linda Thomas-Greenfield, the US ambassador to the United "
                              "Nations, said the council would meet again on Friday.")
    assert ("Linda Thomas-Greenfield", "the council would meet again on Friday") in found


def test_short_and_long_forms_are_one_speaker(extract: Extract) -> None:
    found = speakers(extract, "Prince Faisal bin Farhan, the foreign minister, said the talks "
                              "were useful. Prince Faisal later told reporters that a deal was "
                              "close.")
    assert {s for s, _ in found} == {"Prince Faisal bin Farhan"}


def test_a_role_noun_is_the_person_introduced_with_that_title(extract: Extract) -> None:
    found = speakers(extract, "Former Secretary of State Hillary Clinton met the envoy on "
                              "Tuesday. The former secretary of state said the deal was a "
                              "mistake.")
    assert ("Hillary Clinton", "the deal was a mistake") in found


def test_a_role_noun_with_another_modifier_is_someone_else(extract: Extract) -> None:
    lead = "Russian President Vladimir Putin met Joko Widodo in Moscow on Tuesday. "
    other = speakers(extract, lead + "The Indonesian president said the visit went well.")
    assert ("Vladimir Putin", "the visit went well") not in other
    same = speakers(extract, lead + "The Russian president said the talks went well.")
    assert ("Vladimir Putin", "the talks went well") in same


def test_the_object_after_an_infinitive_cue_is_not_its_speaker(extract: Extract) -> None:
    found = speakers(extract, "The US is likely to announce new sanctions against Russia on "
                              "Monday, officials said.")
    assert [s for s, _ in found if s is not None and "sanctions" in s] == [], found


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Boris Johnson spoke to reporters in London on Tuesday about the war. He said "
            "Vladimir Putin had miscalculated.\n“He has much larger ambitions than Ukraine,” "
            "he said.",
            "Boris Johnson",
        ),
        (
            "Zelensky spoke on Monday. Putin had ordered new strikes overnight. “He cannot be "
            "trusted,” he said.",
            "Volodymyr Zelensky",
        ),
    ],
)
def test_he_who_speaks_is_not_the_he_the_quote_is_about(
    extract: Extract, text: str, speaker: str
) -> None:
    found = dict((q, s) for s, q in speakers(extract, text))
    said = [s for q, s in found.items() if q.startswith("He ")]
    assert said == [speaker], found
