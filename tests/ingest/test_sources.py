"""Inputs to raw documents: files, JSON Lines, stdin; every bad input a Failure, never a raise."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import read_inputs
from sitrep.ingest.decode import decode, looks_like_html
from sitrep.model import Failure, RawDocument
from sitrep.settings import Settings

SETTINGS = Settings()
STORY = "KYIV (Reuters) - Ukraine said on Monday it had shot down 20 drones overnight.\n"


def read(*names: str, settings: Settings = SETTINGS, **kw: object) -> list[RawDocument | Failure]:
    return list(read_inputs(names, settings, **kw))  # type: ignore[arg-type]


def failure(item: RawDocument | Failure) -> Failure:
    assert isinstance(item, Failure), item
    return item


def test_plain_text_and_html_are_told_apart_by_content(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"<html><body><p>{STORY}</p></body></html>", encoding="utf-8")
    text, html = read(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                      published=dt.date(2024, 3, 4))
    assert isinstance(text, RawDocument) and text.text == STORY and text.html is None
    assert isinstance(html, RawDocument) and html.html is not None and html.text is None
    assert text.published == html.published == dt.date(2024, 3, 4)
    assert not looks_like_html("Prices rose 3% < 5% expected, and 7 > 6.")


def test_bad_files_each_give_a_failure_naming_the_input(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    names = [str(tmp_path / n) for n in ("empty.txt", "blank.txt", "binary.txt", "missing.txt")]
    items = read(*names, str(tmp_path), str(tmp_path / "good.txt"))
    reasons = [failure(x).reason for x in items[:5]]
    assert [failure(x).origin for x in items[:5]] == [*names, str(tmp_path)]
    assert "empty" in reasons[0] and "empty" in reasons[1]
    assert "binary" in reasons[2]
    assert reasons[3] == "no such file"
    assert "is a directory" in reasons[4]
    assert isinstance(items[5], RawDocument)


def test_too_large_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    with page.open("wb") as out:
        out.truncate(50_000_000)  # a sparse 50 MB file: the size check must come before reading
    (reason,) = [failure(x).reason for x in read(str(page))]
    assert reason.startswith("too large (50.0 MB; the limit is 20.0 MB")


def test_invalid_utf8_uses_a_confident_detection_or_fails_clearly() -> None:
    latin = ("Le ministre a déclaré que les négociations reprendraient à Genève. " * 5).encode(
        "cp1252")
    assert "négociations" in decode(latin, "latin.txt")
    declared = b'<html><head><meta charset="iso-8859-1"></head><body>caf\xe9 d\xe9j\xe0</body>'
    assert "café déjà" in decode(declared, "page.html")
    garbage = bytes(range(0x80, 0x100)) * 40
    with pytest.raises(InputError, match=r"not valid UTF-8 \(byte 0x80 at offset 0\)"):
        decode(garbage, "garbage.txt")


def test_byte_order_marks_are_honoured() -> None:
    assert decode("\ufeffKyiv".encode(), "bom.txt") == "Kyiv"
    assert decode("Kyiv talks".encode("utf-16"), "utf16.txt") == "Kyiv talks"


def test_json_lines_one_broken_line_fails_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": "https://news.example.org/a", "title": "A", "text": STORY}),
        '{"url": "https://news.example.org/b", "text": "unterminated',
        "",
        json.dumps({"url": "https://news.example.org/c", "published": "2024-02-01",
                    "html": f"<p>{STORY}</p>"}),
        json.dumps({"title": "no body"}),
        json.dumps({"text": STORY, "published": "last Tuesday"}),
        json.dumps(["not", "an", "object"]),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(str(path), published=dt.date(2024, 3, 1))
    assert len(items) == 6  # the blank line is no record
    first, broken, third, no_body, bad_date, not_object = items
    assert isinstance(first, RawDocument) and first.url == "https://news.example.org/a"
    assert first.origin == f"{path}:1" and first.published == dt.date(2024, 3, 1)
    assert failure(broken).origin == f"{path}:2" and "not valid JSON" in broken.reason
    assert isinstance(third, RawDocument) and third.html and third.published == dt.date(2024, 2, 1)
    assert failure(no_body).origin == f"{path}:5" and "'text' or 'html'" in no_body.reason
    assert "published" in failure(bad_date).reason
    assert "expected a JSON object" in failure(not_object).reason


def test_json_lines_file_without_records_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "none.jsonl"
    path.write_text("\n  \n", encoding="utf-8")
    (item,) = read(str(path))
    assert failure(item).origin == str(path) and "no JSON Lines records" in item.reason


def test_stdin_text_and_stdin_json_lines() -> None:
    (doc,) = read("-", stdin=io.BytesIO(STORY.encode()))
    assert isinstance(doc, RawDocument) and doc.origin == "stdin" and doc.text == STORY
    records = b'{"text": "one story"}\n{"text": "two stories", "url": "https://x.example/2"}\n'
    one, two = read("-", stdin=io.BytesIO(records))
    assert isinstance(two, RawDocument) and two.url == "https://x.example/2"
    assert isinstance(one, RawDocument) and one.origin == "stdin:1"


def test_stdin_above_the_limit_is_refused() -> None:
    (item,) = read("-", settings=Settings(max_input_bytes=100), stdin=io.BytesIO(b"x" * 500))
    assert failure(item).origin == "stdin" and "too large" in item.reason


def test_special_files_are_refused_and_the_run_goes_on(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # nobody writes to it: opening it for reading must not wait for a writer
    good = tmp_path / "good.txt"
    good.write_text(STORY)
    items = read("/dev/zero", str(fifo), "x" * 5000, str(good))
    assert failure(items[0]).reason.startswith("is a character device, not a regular file")
    assert failure(items[1]).reason.startswith("is a FIFO (named pipe), not a regular file")
    assert failure(items[2]).reason == "cannot read (File name too long)"
    assert isinstance(items[3], RawDocument) and items[3].text == STORY


def test_a_deeply_nested_record_fails_alone(tmp_path: Path) -> None:
    records = tmp_path / "deep.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    records.write_text(f'{deep}\n{{"text": {json.dumps(deep)}, "x": {deep}}}\n'
                       f'{json.dumps({"text": STORY})}\n')
    items = read(str(records))
    assert [failure(x).reason for x in items[:2]] == [
        "JSON nested too deeply to read; a record is one flat object"] * 2
    assert isinstance(items[2], RawDocument) and items[2].text == STORY.strip()


def test_a_record_line_past_the_limit_is_skipped_without_holding_it(tmp_path: Path) -> None:
    records = tmp_path / "long.jsonl"
    records.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": STORY}))
    small = Settings(max_input_bytes=1000)
    items = read(str(records), settings=small)
    assert failure(items[0]).reason.startswith("record too large (5,013 bytes; the limit is 1,000")
    assert isinstance(items[1], RawDocument) and items[1].text == STORY.strip()


def test_a_closed_or_failing_stdin_is_one_failure() -> None:
    closed = io.BytesIO(b"text")
    closed.close()
    (item,) = read("-", stdin=closed)
    assert failure(item).origin == "stdin"
    assert failure(item).reason.startswith("cannot read (")
