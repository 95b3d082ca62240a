"""`sitrep extract` on good and bad inputs: one line per bad input, the rest still reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitrep import cli
from sitrep import report as report_json
from sitrep.pipeline import Pipeline
from tests import paths

FIXTURES = paths.FIXTURES / "ingest"
STORY = ("KYIV (Reuters) - Ukraine's air force said on Monday it had shot down 20 of 24 drones "
         "launched by Russia overnight, and debris damaged two houses near the capital.\n")

pytestmark = pytest.mark.slow


@pytest.fixture
def run(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Any:
    """cli.main on arguments -> (status, reports, error lines), reusing the session's model."""
    monkeypatch.setattr("sitrep.pipeline.Pipeline", lambda settings: pipeline)

    def call(*argv: str) -> tuple[int, list[dict[str, Any]], list[str]]:
        status = cli.main(["extract", *argv])
        out, err = capsys.readouterr()
        if out.startswith("{\n"):  # one input: one indented document
            reports = [json.loads(out)]
        else:
            reports = [json.loads(line) for line in out.splitlines() if line.strip()]
        for document in reports:
            report_json.validate(document)
        return status, reports, err.splitlines()

    return call


def test_one_input_prints_one_indented_report(run: Any) -> None:
    status, (document,), err = run(str(FIXTURES / "kharkiv-reuters.txt"))
    assert (status, err) == (0, [])
    assert document["article"]["url"] is None


@pytest.mark.parametrize(("make", "reason"), [
    (lambda p: p.write_bytes(b""), "empty input"),
    (lambda p: p.write_bytes(b"GIF89a\x00\x01\x00\x00" + bytes(200)), "binary file"),
    (lambda p: p.write_bytes(bytes(range(0x80, 0x100)) * 40), "not valid UTF-8"),
    (lambda p: p.with_name("missing.txt"), "no such file"),
    (lambda p: p.parent, "is a directory"),
    (lambda p: p.write_text((FIXTURES / "german.txt").read_text()), "looks like German (de)"),
    (lambda p: p.write_text("Share on Facebook Share on X"), "left after cleaning"),
])
def test_each_bad_input_is_one_line_naming_it_and_the_others_still_report(
    run: Any, tmp_path: Path, make: Any, reason: str
) -> None:
    bad = tmp_path / "bad.txt"
    made = make(bad)
    name = str(made) if isinstance(made, Path) else str(bad)
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    status, reports, err = run(name, str(good))
    assert status != 0
    (line,) = err
    assert line.startswith(f"sitrep: {name}: ") and reason in line
    assert [r["article"]["text"] for r in reports] == [STORY.strip()]


def test_fifty_megabyte_html_page_is_refused_quickly(run: Any, tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    page.write_bytes(b"<html><body>" + b"<p>" + b"x" * 50_000_000 + b"</p></body></html>")
    status, reports, err = run(str(page))
    assert status != 0 and reports == []
    assert err == [f"sitrep: {page}: too large (50.0 MB; the limit is 20.0 MB, "
                   "set SITREP_MAX_INPUT_BYTES to raise it)"]


def test_json_lines_reports_in_input_order_with_urls_and_the_broken_line_named(
    run: Any, tmp_path: Path
) -> None:
    records = tmp_path / "wire.jsonl"
    lines = [
        json.dumps({"url": "https://news.example.org/1", "text": STORY,
                    "published": "2024-03-04"}),
        "{broken",
        json.dumps({"url": "https://news.example.org/3",
                    "html": (FIXTURES / "page.html").read_text(encoding="utf-8")}),
    ]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plain = FIXTURES / "geneva-dash.txt"
    status, reports, err = run(str(records), str(plain), "--published", "2024-03-07")
    assert status != 0
    assert err == [f"sitrep: {records}:2: not valid JSON (Expecting property name enclosed in "
                   "double quotes at column 2)"]
    assert [r["article"]["url"] for r in reports] == [
        "https://news.example.org/1", "https://news.example.org/3", None]
    # A record's own date wins; --published dates the rest; HTML metadata comes after both.
    assert [r["article"]["published"] for r in reports] == ["2024-03-04", "2024-03-07",
                                                            "2024-03-07"]
    assert reports[1]["article"]["title"] == "Ceasefire talks stall over prisoner lists"
    assert reports[2]["article"]["dateline"] == "Geneva"


def test_dateline_is_recorded_in_the_report_and_not_taken_as_an_actor(run: Any) -> None:
    _, (document,), _ = run(str(FIXTURES / "kharkiv-reuters.txt"), "--format", "jsonl")
    article = document["article"]
    assert (article["dateline"], article["source"], article["published"]) == (
        "Kharkiv", "Reuters", "2024-03-14")
    assert article["text"].startswith("KHARKIV, Ukraine (Reuters) - Russian missiles")


def test_dash_reads_the_article_from_stdin(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(STORY.encode("utf-8"))))
    status, (document,), err = run("-", "--published", "2024-03-04")
    assert (status, err) == (0, [])
    assert document["article"]["text"] == STORY.strip()
    assert document["article"]["published"] == "2024-03-04"


def test_a_model_that_is_not_installed_is_one_usage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """SITREP_MODEL naming no installed package: exit 2 and one line naming the setting, no
    traceback and no per-article failure for each input."""
    monkeypatch.setenv("SITREP_MODEL", "sitrep_no_such_model")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(STORY, encoding="utf-8")
    second.write_text(STORY, encoding="utf-8")
    status = cli.main(["extract", str(first), str(second)])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err.splitlines() == [
        "sitrep: SITREP_MODEL: no installed spaCy model package named 'sitrep_no_such_model'; "
        "install the project (make install) or set SITREP_MODEL to an installed model"]
