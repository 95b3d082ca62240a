"""The ACLED sub-type dev set and its scorer (sitrep eval events FILE.jsonl)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from sitrep.errors import EvalError
from sitrep.evaluate import events_acled

FOLDER = Path(__file__).resolve().parent.parent / "fixtures" / "acled"
FILES = ("dev.jsonl", "heldout.jsonl")


def test_each_half_has_every_sub_type_and_no_text_twice() -> None:
    texts: list[str] = []
    for name in FILES:
        items = events_acled.load_items(FOLDER / name)
        per_type = Counter(item["sub_event_type"] for item in items)
        assert len(per_type) == 25, name
        assert min(per_type.values()) >= 5, name
        texts.extend(item["text"] for item in items)
    assert len(texts) == len(set(texts))
    assert len(texts) >= 250


@pytest.mark.parametrize(("name", "least"), [("dev2.jsonl", 4), ("dev3.jsonl", 2)])
def test_the_later_dev_parts_have_every_sub_type_and_repeat_no_text(name: str,
                                                                      least: int) -> None:
    items = events_acled.load_items(FOLDER / name)
    per_type = Counter(item["sub_event_type"] for item in items)
    assert len(per_type) == 25
    assert min(per_type.values()) >= least
    others = [n for n in (*FILES, "dev2.jsonl", "dev3.jsonl") if n != name]
    earlier = {item["text"] for n in others for item in events_acled.load_items(FOLDER / n)}
    texts = [item["text"] for item in items]
    assert len(texts) == len(set(texts))
    assert not earlier & set(texts)


def test_the_names_are_acled_names(shared_data: Path) -> None:
    with (shared_data / "events" / "acled_event_categories.csv").open(encoding="utf-8") as f:
        names = {(r["event_type"], r["sub_event_type"]) for r in csv.DictReader(f)}
    for name in (*FILES, "dev2.jsonl", "dev3.jsonl"):
        for item in events_acled.load_items(FOLDER / name):
            assert (item["event_type"], item["sub_event_type"]) in names, item


def test_only_a_json_lines_file_with_sub_types_is_an_acled_set(tmp_path: Path) -> None:
    assert events_acled.is_acled_set(FOLDER / "dev.jsonl")
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"text": "x", "events": []}) + "\n", encoding="utf-8")
    assert not events_acled.is_acled_set(other)
    assert not events_acled.is_acled_set(FOLDER)


def test_a_bad_line_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a", "event_type": "Battles", "sub_event_type": "Armed clash"}\n'
                   '{"text": "b"}\n', encoding="utf-8")
    with pytest.raises(EvalError, match=r"bad.jsonl:2: expected string fields"):
        events_acled.load_items(bad)


def test_weighted_f1_and_the_confusion_table() -> None:
    pairs = [("Attack", "Attack"), ("Attack", "Armed clash"), ("Armed clash", "Armed clash"),
             ("Grenade", "none")]
    # Attack: p 1, r 0.5 -> 2/3 (weight 2); Armed clash: p 0.5, r 1 -> 2/3; Grenade: 0.
    assert events_acled.weighted_f1(pairs) == pytest.approx((2 * 2 / 3 + 2 / 3) / 4)
    assert events_acled.confusion(pairs) == (
        "Armed clash: 1/1", "Attack: 1/2 (else Armed clash x1)", "Grenade: 0/1 (else none x1)")
