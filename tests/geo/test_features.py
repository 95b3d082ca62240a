"""The hand table of seas, world regions, named areas and sites, as the gazetteer finds them."""

from __future__ import annotations

import pytest

from sitrep.geo.features import read_features
from sitrep.geo.gazetteer import FEATURE_KINDS, Gazetteer, normalize
from sitrep.pipeline import Pipeline


def test_table_rows_are_well_formed() -> None:
    features = read_features()
    assert len(features) > 50
    for feature in features:
        assert -90.0 <= feature.lat <= 90.0 and -180.0 <= feature.lon <= 180.0, feature.name
        assert feature.country is None or (len(feature.country) == 2 and feature.country.isupper())
        assert feature.geonameid is None or feature.geonameid > 0
    names = [normalize(n) for f in features for n in (f.name, *f.aliases)]
    assert len(names) == len(set(names)), "a name belongs to one feature only"


@pytest.fixture(scope="module")
def gazetteer(pipeline: Pipeline) -> Gazetteer:
    return pipeline.places.gazetteer


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "kind", "own"),
    [("Black Sea", "water", "Black Sea"), ("the sea of azov", "water", "Sea of Azov"),
     ("Donbass", "area", "Donbas"), ("Middle East", "area", "Middle East"),
     ("Zmiinyi Island", "site", "Snake Island")],
)  # fmt: skip
def test_features_are_found_under_their_names(
    gazetteer: Gazetteer, name: str, kind: str, own: str
) -> None:
    found = gazetteer.lookup(name.removeprefix("the "))
    found = [m for m in found if m.entry.kind in FEATURE_KINDS]
    assert [(m.entry.name, m.entry.kind, m.main) for m in found] == [(own, kind, True)]


@pytest.mark.slow
def test_a_feature_without_a_known_id_gets_no_real_one(gazetteer: Gazetteer) -> None:
    (azov,) = [m.entry for m in gazetteer.lookup("Sea of Azov")]
    (black,) = [m.entry for m in gazetteer.lookup("Black Sea")]
    assert azov.geonameid < 0 and black.geonameid == 630673
