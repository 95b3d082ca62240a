"""One scan for where any rule matches finds what each rule's own scan finds, in its order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.extract.times.rules import Candidate, Grammar, Lexicon

TEXTS = [
    "On Monday, March 3, 2024, shelling hit Kharkiv; by mid-March, and again last week, "
    "the city was hit. In the '90s and the 1990s, for years, about three weeks ago...",
    "The talks, due next Tuesday at 10 a.m., follow a year-ago quarter of losses; the "
    "following morning, early this year, for decades, this coming spring; 2024-03-14.",
    "$2024 and €3 May be may; May 2024 may not. Christmas 2023, the 21st century, noon.",
    "",
    "weeks weeks weeks ago ago 5 5 5 days days",
    # Letters a case-blind rule matches outside ASCII ("ſ" is "s"), words that only begin like
    # an opening word ("Mayor", "thence"), and openings that are no words ("'90s", "2024-").
    "Auguſt 5, 2024: the Mayor of Marseille met in the thence; İn the '90s, 2024-03-14T10, "
    "middle of May, mid-May, the end of the week, yesterdays, Christmastide, every weekday.",
]


@pytest.fixture(scope="module")
def grammar() -> Grammar:
    return Grammar(Lexicon.load())


def _each_rule(grammar: Grammar, text: str) -> list[Candidate]:
    """What the rules found before there was one scan: each rule's finditer, rule by rule."""
    found: list[Candidate] = []
    for rank, rule in enumerate(grammar.rules):
        for m in rule.regex.finditer(text):
            if m.end() > m.start():
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                found.append(Candidate(m.start(), m.end(), rule.kind, groups, rank))
    return found


@pytest.mark.parametrize("text", TEXTS)
def test_one_scan_finds_what_each_rule_finds(grammar: Grammar, text: str) -> None:
    assert grammar.candidates(text) == _each_rule(grammar, text)


def test_one_scan_on_the_dev_articles(grammar: Grammar, shared_data: Path) -> None:
    path = shared_data / "events" / "frames-dev" / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    found = 0
    for text in texts:
        candidates = grammar.candidates(text)
        assert candidates == _each_rule(grammar, text)
        found += len(candidates)
    assert found > 100


def test_no_rule_matches_an_empty_string(grammar: Grammar) -> None:
    # What the one scan assumes: a rule's scan resumes at the end of its match.
    for rule in grammar.rules:
        for text in ("", " ", "for ", "over "):
            assert not any(m.end() == m.start() for m in rule.regex.finditer(text)), rule.kind
