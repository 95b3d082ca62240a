"""The report contract: every report validates against the shipped schema, and the schema bites."""

from __future__ import annotations

import copy
from collections.abc import Callable
from importlib import resources
from typing import Any

import jsonschema
import pytest

from sitrep import report as report_json
from sitrep.model import Report

EXAMPLES = sorted(
    p for p in resources.files("sitrep").joinpath("examples").iterdir() if p.name.endswith(".txt")
)


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_bundled_example_yields_a_valid_report(
    example: Any, extract: Callable[..., Report]
) -> None:
    document = report_json.to_json(extract(example.read_text(encoding="utf-8")))
    report_json.validate(document)
    text = document["article"]["text"]
    # Every offset must point into the article text, and at the text it claims to.
    for actor in document["actors"]:
        for start, end in actor["mentions"]:
            assert 0 <= start < end <= len(text)
    for place in document["places"]:
        for start, end in place["mentions"]:
            assert 0 <= start < end <= len(text)
    for t in document["times"]:
        assert text[t["start"]:t["end"]] == t["text"]
    for q in document["quotes"]:
        assert 0 <= q["start"] < q["end"] <= len(text)


@pytest.mark.slow
def test_report_id_is_the_hash_of_the_clean_text(extract: Callable[..., Report]) -> None:
    import hashlib

    document = report_json.to_json(extract("Talks between the two delegations ended on Friday."))
    text = document["article"]["text"]
    assert document["article"]["id"] == hashlib.sha256(text.encode("utf-8")).hexdigest()


def _minimal() -> dict[str, Any]:
    return {
        "schema": "sitrep.report/1",
        "article": {"id": "0" * 64, "url": None, "title": None, "source": None,
                    "published": "2024-03-14", "dateline": None, "language": "en", "text": "x"},
        "actors": [], "places": [], "times": [], "quotes": [],
        "events": [{
            "id": "0" * 64 + ":0", "type": "ASSAULT", "mode": "aerial",
            "acled": {"event_type": "Explosions/Remote violence",
                      "sub_event_type": "Air/drone strike"},
            "actor1": {"name": "Russia", "country": "RUS", "sector": "MIL"}, "actor2": None,
            "date": "2024-03-13", "date_precision": "day", "place": None,
            "counts": [{"kind": "killed", "value": 12, "qualifier": "at least", "noun": "people"}],
            "status": "reported", "evidence": [{"start": 0, "end": 1}], "confidence": 0.8,
        }],
    }


def test_schema_accepts_the_contract_example() -> None:
    report_json.validate(_minimal())


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        (("schema",), "sitrep.report/2"),
        (("article", "published"), "14 March 2024"),
        (("events", 0, "type"), "FIGHT"),
        (("events", 0, "status"), "rumoured"),
        (("events", 0, "counts", 0, "kind"), "dead"),
        (("events", 0, "counts", 0, "value"), -1),
        (("events", 0, "actor1", "country"), "Russia"),
        (("events", 0, "date"), "last week"),
        (("events", 0, "confidence"), 1.5),
    ],
)
def test_schema_rejects_a_broken_field(path: tuple[Any, ...], bad: Any) -> None:
    document = _minimal()
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad
    with pytest.raises(jsonschema.ValidationError):
        report_json.validate(document)


def test_schema_rejects_unknown_fields() -> None:
    document = copy.deepcopy(_minimal())
    document["article"]["author"] = "someone"
    with pytest.raises(jsonschema.ValidationError):
        report_json.validate(document)


@pytest.mark.slow
def test_from_json_inverts_to_json_on_a_full_report(extract: Callable[..., Report]) -> None:
    text = EXAMPLES[0].read_text(encoding="utf-8")
    document = report_json.to_json(extract(text))
    assert document["events"] and document["places"] and document["quotes"]
    assert report_json.to_json(report_json.from_json(document)) == document


def test_from_json_refuses_a_document_that_breaks_the_contract() -> None:
    document = _minimal()
    document["events"][0]["type"] = "FIGHT"
    with pytest.raises(jsonschema.ValidationError):
        report_json.from_json(document)
