"""The extraction score: the shingle scorer itself, and a gate on the ScrapingHub pages."""

from __future__ import annotations

import pytest

from sitrep.evaluate import extraction
from sitrep.settings import Settings
from tests.paths import SHARED_DATA

DATA = SHARED_DATA / "extraction" / "scrapinghub-dev"
# Recorded when the cleaning path landed; a change that loses more than this fails.
FLOOR_F1 = 0.965


def test_shingle_scores() -> None:
    gold = "Russian missiles struck Kharkiv on Wednesday killing at least twelve people"
    assert extraction.score_page(gold, gold).f1 == 1.0
    half = extraction.score_page("Russian missiles struck Kharkiv on Wednesday", gold)
    assert half.precision == 1.0 and 0.2 < half.recall < 0.4
    noisy = extraction.score_page(gold + " Share on Facebook Share on X Share by email", gold)
    assert noisy.recall == 1.0 and noisy.precision < 0.6
    assert extraction.score_page("", gold).f1 == 0.0
    assert extraction.shingles("too short") == {("too", "short")}


@pytest.mark.skipif(not DATA.is_dir(), reason="the shared evaluation data is not beside the repo")
def test_cleaning_path_beats_plain_trafilatura_on_scrapinghub() -> None:
    result = extraction.run(DATA, Settings())
    scores = {m.name: m.value for m in result.metrics}
    assert result.items == 91
    assert scores["F1"] >= FLOOR_F1
    assert scores["F1"] >= scores["trafilatura F1"]
