"""The listing of wrong fields on matched frames (``sitrep eval frames --errors``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.evaluate.frames import match_article
from sitrep.evaluate.frames_errors import listing, parse_fields
from sitrep.model import EventActor, Report
from tests.evaluate.test_frames import URL, article, event, gold_line, sentence, write_gold


def test_only_matched_events_wrong_on_the_listed_fields_are_listed(tmp_path: Path) -> None:
    text = "Russian forces shelled Kharkiv overnight. Moscow denied it."
    gold = write_gold(
        tmp_path,
        gold_line("Russian forces shelled Kharkiv", actor1="Russian forces",
                  actor1_country="RUS", actor2="Ukraine", actor2_country="UKR"),
        gold_line("Moscow denied it", "REJECT", actor1="Russia", actor1_country="RUS"),
    )[URL]
    report = Report(article=article(text), events=(
        event("ASSAULT", sentence(text, "Russian"), n=0,
              actor1=EventActor("Russia", "RUS", "MIL"), actor2=None),
        event("REJECT", sentence(text, "Moscow"), n=1,
              actor1=EventActor("Russia", "RUS", "GOV")),
    ))
    out = listing([match_article(report, gold, text)], ("actor1", "actor2"))
    lines = out.splitlines()
    assert lines[0] == "wrong on matched events: actor1 0, actor2 1"
    assert lines[1].startswith("- ASSAULT a:0: Russian forces shelled Kharkiv overnight.")
    assert lines[2] == "    actor2: gold 'Ukraine' UKR | got null"
    assert len(lines) == 3


def test_fields_are_named_from_the_scored_ones() -> None:
    assert parse_fields("actor1, actor2") == ("actor1", "actor2")
    with pytest.raises(ValueError, match="actor3"):
        parse_fields("actor1,actor3")


@pytest.mark.parametrize("argv, message", [
    (["eval", "places", ".", "--errors", "actor1"], "frames only"),
    (["eval", "frames", ".", "--errors", "actor3"], "actor3"),
])
def test_the_command_refuses_a_listing_it_cannot_make(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitrep.cli.main import main

    assert main(argv) == 2
    assert message in capsys.readouterr().err
