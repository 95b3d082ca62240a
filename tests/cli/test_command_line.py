"""The command line as a user meets it, through the real `sitrep` process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sitrep
from sitrep.cli.examples import EXAMPLES
from tests.cli.test_read_commands import sitrep_cli


def test_version(tmp_path: Path) -> None:
    done = sitrep_cli("--version", cwd=tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, f"sitrep {sitrep.__version__}")


@pytest.mark.parametrize("command", sorted(EXAMPLES))
def test_each_command_help_shows_an_example(command: str, tmp_path: Path) -> None:
    done = sitrep_cli(command, "--help", cwd=tmp_path)
    assert done.returncode == 0
    assert "example" in done.stdout
    assert EXAMPLES[command][0] in done.stdout


def test_extract_names_missing_inputs_and_fails_without_loading_the_model(
        tmp_path: Path) -> None:
    done = sitrep_cli("extract", "gone.txt", "typo.jsonl", cwd=tmp_path,
                      env={"SITREP_MODEL": "no_such_model"})  # loading it would fail otherwise
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["sitrep: gone.txt: no such file",
                                        "sitrep: typo.jsonl: no such file"]
    assert done.stdout == ""


RECORDS = [
    {"text": "KYIV (Reuters) - Russian drones struck Odesa overnight, killing three people, "
             "the regional governor said on Wednesday.",
     "published": "Wed, 13 Mar 2024 10:00:00 GMT"},
    {"text": "GENEVA (AP) - Ukraine rejected a Russian proposal for talks in Geneva on "
             "Thursday, the foreign ministry said.", "published": "Mar 14, 2024"},
]


@pytest.mark.slow
def test_extract_of_a_json_lines_file_writes_json_lines_without_a_progress_bar(
        tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    done = sitrep_cli("extract", str(feed), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(line)["article"]["published"] for line in lines] == [
        "2024-03-13", "2024-03-14"]
    assert [json.loads(line)["article"]["published_source"] for line in lines] == [
        "given", "given"]
    ingest = sitrep_cli("ingest", str(feed), "--db", str(tmp_path / "s.db"), cwd=tmp_path)
    assert ingest.returncode == 0, ingest.stderr
    assert "\r" not in ingest.stderr and "article/s" not in ingest.stderr  # not a terminal
    assert "ingest: 2 added" in ingest.stderr


def test_acled_export_says_what_it_left_out_and_show_takes_its_ids(tmp_path: Path) -> None:
    import csv

    from sitrep.settings import Settings
    from sitrep.store import open_store
    from tests.store.helpers import strike_report

    db = str(tmp_path / "s.db")
    with open_store(Settings(), db) as store:
        store.add(strike_report("A Russian missile strike on Kharkiv killed 12 on Wednesday."))
        store.add(strike_report("Moscow threatened new strikes on Kharkiv.", status="threatened",
                                event_type="THREATEN", killed=None))
    done = sitrep_cli("export", "--format", "acled", "out.csv", "--db", db, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "export: 1 events to out.csv (acled)" in done.stderr
    assert "1 of 2 events left out" in done.stderr
    with (tmp_path / "out.csv").open(encoding="utf-8") as f:
        [row] = list(csv.DictReader(f))
    shown = sitrep_cli("show", row["event_id_cnty"], "--format", "json", "--db", db, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["place"] == row["location"] == "Kharkiv"
    bad = sitrep_cli("show", "event-one", "--db", db, cwd=tmp_path)
    assert bad.returncode == 2 and "UKR42" in bad.stderr
