"""The TimeML reader of the times evaluation: plain text with TIMEX3 offsets and the DCT."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.errors import EvalError
from sitrep.evaluate.times import load

TIMEML = (
    '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>TEST0001</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="TIME" value="2024-03-14T10:00" '
    'functionInDocument="CREATION_TIME">2024-03-14</TIMEX3></DCT>\n<TEXT>\n'
    "Rebels &amp; soldiers clashed "
    '<TIMEX3 tid="t1" type="DATE" value="2024-03-13">Wednesday</TIMEX3>, the\n'
    "army said, and talks are set for "
    '<TIMEX3 tid="t2" value="2024-W12" type="DATE">next week</TIMEX3>.\n'
    'The truce lasted <TIMEX3 tid="t3" type="DURATION" value="P2W">two weeks</TIMEX3>.\n'
    "</TEXT>\n</TimeML>\n"
)


def test_load_keeps_offsets_and_creation_time(tmp_path: Path) -> None:
    path = tmp_path / "doc.tml"
    path.write_text(TIMEML, encoding="utf-8")
    doc = load(path)
    assert doc.dct == dt.date(2024, 3, 14)
    assert "&amp;" not in doc.text and "Rebels & soldiers" in doc.text
    spans = [(doc.text[t.start : t.end], t.type, t.value) for t in doc.timexes]
    assert spans == [
        ("Wednesday", "DATE", "2024-03-13"),
        ("next week", "DATE", "2024-W12"),
        ("two weeks", "DURATION", "P2W"),
    ]


def test_load_rejects_a_file_without_a_creation_time(tmp_path: Path) -> None:
    path = tmp_path / "bad.tml"
    path.write_text("<TimeML><TEXT>Nothing here.</TEXT></TimeML>", encoding="utf-8")
    with pytest.raises(EvalError, match="DCT"):
        load(path)
