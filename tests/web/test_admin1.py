"""The shipped first-level divisions: whole, compact, and where the gazetteer puts their towns."""

import json

from sitrep.geo.distance import distance_km
from tests.paths import ROOT

ADMIN1 = ROOT / "src" / "sitrep" / "web" / "static" / "admin1.json"


def test_every_country_s_divisions_are_shipped_with_label_points() -> None:
    doc = json.loads(ADMIN1.read_text(encoding="utf-8"))
    assert "Natural Earth" in doc["source"]
    assert len(doc["labels"]) > 3000  # Natural Earth has about 4,600 first-level divisions
    for flat in doc["lines"]:
        assert len(flat) >= 4 and len(flat) % 2 == 0
        assert all(-180.5 <= x <= 180.5 for x in flat[0::2])
        assert all(-90 <= y <= 90 for y in flat[1::2])


def test_a_division_s_label_lies_near_its_capital() -> None:
    labels = {name: (lat, lon) for name, lon, lat in
              json.loads(ADMIN1.read_text(encoding="utf-8"))["labels"]}
    for name, capital in [("Kharkiv", (49.99, 36.23)), ("Bayern", (48.14, 11.58)),
                          ("Texas", (30.27, -97.74))]:
        assert distance_km(*labels[name], *capital) < 300, name
