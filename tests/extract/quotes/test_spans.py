"""A quote's span is what was said: without its attribution and without the next sentence."""

from __future__ import annotations

from collections.abc import Callable

from sitrep.model import Report

Extract = Callable[..., Report]


def test_a_sentence_around_its_attribution_leaves_the_attribution_out(extract: Extract) -> None:
    text = ("Joe Biden spoke to reporters in Warsaw on Saturday. It was not, Biden said, the "
            "“position that the rest of Europe wishes to take”.")
    report = extract(text)
    said = report.article.text.index("Biden said")
    for q in report.quotes:
        assert not q.start <= said < q.end, q.text
    assert "It was not" in [q.text for q in report.quotes]


def test_a_reported_clause_ends_with_its_sentence(extract: Extract) -> None:
    text = ("The ministry said three depots were hit overnight. Rescuers searched the rubble "
            "for survivors on Friday.")
    report = extract(text)
    [q] = [q for q in report.quotes if q.cue == "said"]
    assert q.text == "three depots were hit overnight"
