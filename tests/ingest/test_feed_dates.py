"""A JSON Lines record's `published` accepts the dates feeds carry."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sitrep.ingest.feed_dates import feed_date
from sitrep.ingest.records import read_records
from sitrep.model import Failure, RawDocument


@pytest.mark.parametrize(("written", "day"), [
    ("Wed, 23 Nov 2016 10:00:00 GMT", dt.date(2016, 11, 23)),
    ("Wed, 23 Nov 2016 23:30:00 -0500", dt.date(2016, 11, 23)),  # the outlet's own day
    ("2016-12-17T10:00:00Z", dt.date(2016, 12, 17)),
    ("2016-12-17T23:30:00-05:00", dt.date(2016, 12, 17)),
    ("2016-12-17", dt.date(2016, 12, 17)),
    ("Dec 17, 2016", dt.date(2016, 12, 17)),
    ("December 17, 2016", dt.date(2016, 12, 17)),
    ("17 December 2016", dt.date(2016, 12, 17)),
])
def test_feed_dates_are_read_to_their_day(written: str, day: dt.date) -> None:
    assert feed_date(written) == day
    [record] = read_records([json.dumps({"text": "x", "published": written}).encode()],
                            "feed.jsonl", 10_000, None)
    assert isinstance(record, RawDocument) and record.published == day


def test_a_date_that_is_none_of_these_fails_the_record_naming_the_forms() -> None:
    [record] = read_records([b'{"text": "x", "published": "last Tuesday"}'], "feed.jsonl",
                            10_000, None)
    assert isinstance(record, Failure)
    assert record.origin == "feed.jsonl:1"
    assert "'last Tuesday'" in record.reason and "RFC 2822" in record.reason
