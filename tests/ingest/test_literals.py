"""The plain text every match of a pattern holds: a first test that never rules out a match."""

from __future__ import annotations

import re

import pytest

from sitrep.ingest.cleaner import default_rules
from sitrep.ingest.literals import may_match, required_text


@pytest.mark.parametrize(("pattern", "text"), [
    (r"[^\n]{0,40}?\bREUTERS/[A-Z]\w*\s+Purchase Licensing Rights", "Purchase Licensing Rights"),
    (r"(?:^|(?<=\s))Read more\b[ \t]*", "Read more"),
    (r"(?:a|b)cd(?:ef)?gh", "cd"),          # an alternative or an optional group cuts the run
    (r"x(?:yz)w", "xyzw"),                  # a plain group is passed through whole
    (r"ab(?i:cd)efg", "efg"),               # a group that sets a flag is no plain text
    (r"(?:ab)+c", "c"),                     # nor is a repeated one
    (r"(?i)read more", ""),                 # nor is anything case-blind
    (r"\d+:\d\d", ":"),
    (r"[A-Z]\w+", ""),
])
def test_the_text_every_match_holds(pattern: str, text: str) -> None:
    assert required_text(re.compile(pattern)) == text


def test_no_cleaner_match_is_ruled_out() -> None:
    rules = default_rules()
    lines = [
        "Troops advanced. Soldiers near Kyiv, March 3, 2024. REUTERS/Gleb Garanich Purchase "
        "Licensing Rights, opens new tab The offensive went on.",
        "The strike hit a depot. Ukraine war live Read more The talks resumed.",
        "Sign up to our newsletters – daily at 7am BST Officials said the talks would resume.",
        "Nothing here is furniture.",
    ]
    matched = 0
    for pattern in (*rules.inline_furniture, *rules.glued_captions, *rules.captions):
        for line in lines:
            if pattern.search(line):
                matched += 1
                assert may_match(pattern, line), pattern.pattern
    assert matched >= 3  # the lines do hold furniture the test reads
    assert not may_match(rules.glued_captions[0], lines[3])
