"""The places scorer: gold loading, span matching, and metonyms counted against us."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import EvalError
from sitrep.evaluate.places import load, score
from sitrep.geo.distance import distance_km
from sitrep.pipeline import Pipeline

GOLD = """<?xml version="1.0" ?>
<articles>
  <article file="7">
    <title>t</title>
    <text>Moscow denied the report. Explosions were heard in Lviv overnight, officials said.</text>
    <toponyms>
      <toponym><extractedName>Moscow</extractedName><type>Metonymic</type>
        <start>0</start><end>6</end><geonamesID>524901</geonamesID>
        <latitude>55.75222</latitude><longitude>37.61556</longitude></toponym>
      <toponym><extractedName>Lviv</extractedName><type>Literal</type>
        <start>51</start><end>55</end><geonamesID>702550</geonamesID>
        <latitude>49.83826</latitude><longitude>24.02324</longitude></toponym>
      <toponym><extractedName>officials</extractedName><type>Non_Lit_Expression</type>
        <start>67</start><end>76</end></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_distance_km_is_great_circle() -> None:
    assert distance_km(50.45, 30.52, 50.45, 30.52) == 0.0
    # Kyiv to Kharkiv is about 410 km.
    assert 400 < distance_km(50.45466, 30.5238, 49.98177, 36.25475) < 420


def test_load_reads_spans_types_and_points(tmp_path: Path) -> None:
    path = tmp_path / "GWN.xml"
    path.write_text(GOLD, encoding="utf-8")
    (article,) = load(path)
    assert article.name == "GWN.xml#7"
    assert [(t.type, article.text[t.span[0] : t.span[1]]) for t in article.toponyms] == [
        ("Metonymic", "Moscow"), ("Literal", "Lviv"), ("Non_Lit_Expression", "officials"),
    ]  # fmt: skip
    assert article.toponyms[1].geonameid == 702550


def test_load_rejects_what_is_not_xml(tmp_path: Path) -> None:
    path = tmp_path / "GWN.xml"
    path.write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(EvalError, match=r"GWN\.xml"):
        list(load(path))


@pytest.mark.slow
def test_score_finds_the_literal_toponym(tmp_path: Path, pipeline: Pipeline) -> None:
    path = tmp_path / "GWN.xml"
    path.write_text(GOLD, encoding="utf-8")
    result = score(list(load(path)), pipeline, str(path))
    metrics = {m.name: m.value for m in result.metrics}
    assert result.items == 1
    assert metrics["span recall (literal)"] == 1.0
    assert metrics["acc@161km"] == 1.0
    assert metrics["country"] == 1.0
