"""The terminal digest of a report: one line per quote says its kind and its cue class."""

from __future__ import annotations

from sitrep.model import Article, Quote, Report
from sitrep.summary import summarise


def test_quote_lines_show_the_cue_class() -> None:
    text = "Kyiv said the bridge was hit. Officials believe the strike was planned."
    article = Article(id="a1", text=text, url=None, title="Bridge", source=None,
                      published=None, dateline=None, language="en")
    said = Quote("the bridge was hit", 10, 28, "indirect", "Kyiv", (0, 4), "said", "speech")
    believed = Quote("the strike was planned", 48, 70, "indirect", "Officials", (30, 39),
                     "believe", "belief")
    lines = summarise(Report(article, quotes=(said, believed))).splitlines()
    assert lines[1:] == [
        "  quote  Kyiv: 'the bridge was hit' (indirect, speech)",
        "  quote  Officials: 'the strike was planned' (indirect, belief)",
    ]
