"""The extraction score's shingle scorer (its floor on ScrapingHub is in the eval gate)."""

from __future__ import annotations

from sitrep.evaluate import extraction


def test_shingle_scores() -> None:
    gold = "Russian missiles struck Kharkiv on Wednesday killing at least twelve people"
    assert extraction.score_page(gold, gold).f1 == 1.0
    half = extraction.score_page("Russian missiles struck Kharkiv on Wednesday", gold)
    assert half.precision == 1.0 and 0.2 < half.recall < 0.4
    noisy = extraction.score_page(gold + " Share on Facebook Share on X Share by email", gold)
    assert noisy.recall == 1.0 and noisy.precision < 0.6
    assert extraction.score_page("", gold).f1 == 0.0
    assert extraction.shingles("too short") == {("too", "short")}
