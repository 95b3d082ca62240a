"""Places: toponyms in wire copy resolve to the right GeoNames entry, precision and context."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitrep import report as report_json
from sitrep.model import Article, Place, Report
from sitrep.pipeline import Pipeline

pytestmark = pytest.mark.slow


def _places(report: Report) -> dict[str, Place]:
    """Places by the text of their first mention, after checking the report against the schema."""
    report_json.validate(report_json.to_json(report))
    text = report.article.text
    return {text[p.mentions[0][0] : p.mentions[0][1]]: p for p in report.places}


def _article(text: str) -> Article:
    return Article(
        id="test", text=text, url=None, title=None, source=None, published=None,
        dateline=None, language="en",
    )  # fmt: skip


def test_old_and_russian_spellings_resolve_to_todays_towns(extract: Callable[..., Report]) -> None:
    report = extract(
        "Russian forces shelled Kiev and Kharkov overnight, the Ukrainian military said. "
        "Fighting continued in Artemivsk, while air defences were active over Dnipropetrovsk "
        "and Mykolayiv, regional officials said.",
        published="2023-02-10",
    )
    places = _places(report)
    assert places["Kiev"].name == "Kyiv"
    assert places["Kharkov"].name == "Kharkiv"
    assert places["Artemivsk"].name == "Bakhmut"
    assert places["Dnipropetrovsk"].name == "Dnipro"
    assert places["Mykolayiv"].geonameid == places["Mykolayiv"].geonameid  # found at all
    assert places["Mykolayiv"].admin1 == "Mykolaiv Oblast"
    assert {p.country for p in places.values()} == {"UA"}
    assert "Russian" not in places and "Ukrainian" not in places  # demonyms are not places


def test_region_phrase_is_a_region_with_its_admin1(extract: Callable[..., Report]) -> None:
    report = extract(
        "Two civilians were killed by shelling in the Donetsk region on Tuesday, the regional "
        "governor said. Separately, a drone hit a warehouse in Zaporizhzhia Oblast.",
        published="2024-05-08",
    )
    places = _places(report)
    region = places["Donetsk region"]
    assert (region.precision, region.country, region.admin1) == (3, "UA", "Donetsk Oblast")
    assert region.lat is not None and 47.0 < region.lat < 49.5
    assert places["Zaporizhzhia Oblast"].precision == 3


def test_donetsk_is_the_ukrainian_city_in_a_ukraine_story(extract: Callable[..., Report]) -> None:
    report = extract(
        "Shelling hit central Donetsk on Sunday, killing three people at a market, officials "
        "installed by Russia said. Ukraine's military said it had struck targets near Horlivka.",
        published="2024-01-21",
    )
    donetsk = _places(report)["Donetsk"]
    assert (donetsk.country, donetsk.admin1, donetsk.precision) == ("UA", "Donetsk Oblast", 1)


def test_donetsk_is_the_russian_town_in_a_rostov_story(extract: Callable[..., Report]) -> None:
    report = extract(
        "A fuel depot caught fire in Donetsk, a small town in Russia's Rostov region, after a "
        "drone attack, the Rostov governor said. Firefighters from Kamensk-Shakhtinsky helped.",
        published="2024-01-21",
    )
    donetsk = _places(report)["Donetsk"]
    assert donetsk.country == "RU"
    assert donetsk.admin1 == "Rostov Oblast"


def test_paris_follows_the_story_not_the_population(extract: Callable[..., Report]) -> None:
    texan = _places(
        extract(
            "A tornado tore through Paris, Texas, on Tuesday night, damaging homes, Lamar County "
            "officials said. The storm later weakened as it moved toward Dallas.",
            published="2024-05-01",
        )
    )
    french = _places(
        extract(
            "Police in Paris detained two men on Tuesday, the French interior ministry said. "
            "Extra patrols were sent to Lyon and to Marseille, in the south of France.",
            published="2024-05-01",
        )
    )
    assert (texan["Paris"].country, texan["Paris"].admin1) == ("US", "Texas")
    assert french["Paris"].country == "FR"
    assert french["France"].precision == 4


def test_near_a_town_is_precision_two(extract: Callable[..., Report]) -> None:
    places = _places(
        extract(
            "Heavy fighting raged near Bakhmut on Friday, and Russian troops shelled Kramatorsk, "
            "officials in eastern Ukraine said.",
            published="2023-03-03",
        )
    )
    assert places["Bakhmut"].precision == 2
    assert places["Kramatorsk"].precision == 1
    assert places["Ukraine"].precision == 4
    assert places["Ukraine"].admin1 is None


def test_all_mentions_of_a_place_are_grouped_in_order(extract: Callable[..., Report]) -> None:
    report = extract(
        "Explosions were heard in Odesa overnight. Odesa's port was damaged, and Odesa "
        "residents spent hours in shelters, the city council said.",
        published="2024-03-02",
    )
    odesa = [p for p in report.places if p.name == "Odesa"]
    assert len(odesa) == 1
    mentions = odesa[0].mentions
    assert len(mentions) == 3 and list(mentions) == sorted(mentions)
    assert all(report.article.text[a:b] == "Odesa" for a, b in mentions)


def test_metonymic_spans_are_not_places(pipeline: Pipeline) -> None:
    text = "Kyiv rejected the proposal on Monday, while air raid sirens sounded in Lviv."
    doc = pipeline.nlp(text)
    article = _article(text)
    start = text.index("Kyiv")
    with_metonym = pipeline.places(doc, article, frozenset({(start, start + 4)}))
    names = [p.name for p in with_metonym]
    assert "Kyiv" not in names
    assert "Lviv" in names
    without = pipeline.places(doc, article, frozenset())
    assert "Kyiv" in [p.name for p in without]


def test_the_dateline_place_is_a_mention(pipeline: Pipeline) -> None:
    from sitrep.nlp import blank_nlp

    text = "KHARKIV, Ukraine (Reuters) - Missiles struck the city on Wednesday."
    article = Article(
        id="t", text=text, url=None, title=None, source="Reuters", published=None,
        dateline="Kharkiv", language="en", dateline_span=(0, 28),
    )  # fmt: skip
    places = pipeline.places(blank_nlp()(text), article, frozenset())
    assert [(p.name, p.mentions) for p in places] == [("Kharkiv", ((0, 7),))]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        '"Unbalanced quote in Kyiv, and — dashes — and ʼapostrophesʼ in Mykolaivʼs port.',
        "Ｋｙｉｖ ｚｏｏ 😀 " * 50,
        "In in in the the region region Oblast oblast of of near near.",
    ],
)
def test_odd_text_never_crashes(pipeline: Pipeline, text: str) -> None:
    places = pipeline.places(pipeline.nlp(text), _article(text), frozenset())
    for place in places:
        for start, end in place.mentions:
            assert 0 <= start < end <= len(text)


def test_names_the_model_cut_short_are_widened(extract: Callable[..., Report]) -> None:
    places = _places(
        extract(
            "The National Guard was deployed from New Jersey to New Mexico on Monday, "
            "state officials said.",
            published="2024-02-05",
        )
    )
    assert (places["New Jersey"].country, places["New Jersey"].precision) == ("US", 3)
    assert places["New Mexico"].admin1 == "New Mexico"


def test_a_capitalised_dateline_opens_the_story(extract: Callable[..., Report]) -> None:
    report = extract(
        "ATLANTA (AP) — A water main break flooded several streets downtown on Friday, "
        "city officials said.",
        published="2024-06-07",
    )
    atlanta = _places(report)["ATLANTA"]
    assert (atlanta.name, atlanta.country, atlanta.mentions[0][0]) == ("Atlanta", "US", 0)


def test_officials_of_a_country_do_not_make_it_a_place(extract: Callable[..., Report]) -> None:
    places = _places(
        extract(
            "US officials met their counterparts on Tuesday to discuss shipping in the "
            "Atlantic, where two tankers were attacked near Madeira.",
            published="2024-06-04",
        )
    )
    assert "US" not in places
    assert places["Atlantic"].name == "Atlantic Ocean"  # an ocean, not Atlantic, Iowa


def test_a_capital_standing_for_its_government_is_no_place(extract: Callable[..., Report]) -> None:
    report = extract(
        "Kyiv rejected the proposal on Monday, while air raid sirens sounded in Lviv and in "
        "Kyiv itself.",
        published="2024-04-01",
    )
    places = _places(report)
    text = report.article.text
    kyiv = next(p for p in report.places if p.name == "Kyiv")
    assert [text[a:b] for a, b in kyiv.mentions] == ["Kyiv"]
    assert kyiv.mentions[0][0] == text.rindex("Kyiv")  # only the literal one, not "Kyiv rejected"
    assert "Lviv" in places


def test_a_place_name_inside_a_persons_name_stays_a_name(pipeline: Pipeline) -> None:
    from spacy.tokens import Span as SpacySpan

    text = "Storms hit Paris overnight. Jordan Paris cancelled a show."
    doc = pipeline.nlp(text)
    # The city, then a person whose surname is the city's name, opening a sentence.
    doc.ents = [SpacySpan(doc, 2, 3, "GPE"), SpacySpan(doc, 5, 7, "PERSON")]
    places = pipeline.places(doc, _article(text), frozenset())
    assert [(p.name, p.mentions) for p in places] == [("Paris", ((11, 16),))]


def test_russian_regions_are_found_by_their_english_names(extract: Callable[..., Report]) -> None:
    report = extract(
        "Drones attacked an oil depot in Russia's Belgorod region and a power station in the "
        "Kursk region, the Russian defence ministry said. A ship was hit in the Red Sea.",
        published="2024-03-12",
    )
    places = _places(report)
    assert (places["Belgorod region"].name, places["Belgorod region"].precision) == (
        "Belgorod Oblast",
        3,
    )
    assert places["Kursk region"].admin1 == "Kursk Oblast"
    assert places["Russia"].precision == 4
    red_sea = places["Red Sea"]  # the sea, not Sudan's Red Sea state
    assert (red_sea.country, red_sea.precision) == (None, 4)


def _tagged(pipeline: Pipeline, text: str, ents: list[tuple[str, str]]) -> tuple[Place, ...]:
    """The places of a text whose entities are set by hand (first occurrence of each), so that
    the rule under test, not the model's tagging, decides."""
    from spacy.tokens import Span as SpacySpan

    doc = pipeline.nlp(text)
    spans = []
    for words, label in ents:
        start = text.index(words)
        found = doc.char_span(start, start + len(words), label=label)
        assert found is not None, words
        spans.append(found)
    doc.ents = [SpacySpan(doc, s.start, s.end, s.label_) for s in spans]
    return pipeline.places(doc, _article(text), frozenset())


def test_a_persons_name_is_no_town(pipeline: Pipeline) -> None:
    # "Truss" is an alias of Trussville, Alabama; "in" before it reads like a place.
    possessive = "In Truss's view the war would end soon, she told reporters in Kyiv."
    places = _tagged(pipeline, possessive, [("Truss", "PERSON"), ("Kyiv", "GPE")])
    assert [p.name for p in places] == ["Kyiv"]
    surname = "Liz Truss spoke in Kyiv. Aid would flow, said a letter signed in Truss hand."
    places = _tagged(pipeline, surname, [("Liz Truss", "PERSON"), ("Kyiv", "GPE"),
                                         ("Truss hand", "PERSON")])
    assert [p.name for p in places] == ["Kyiv"]


def test_an_institutions_abbreviation_is_no_place(pipeline: Pipeline) -> None:
    # "MoD" is an alias of Maud, Oklahoma; the model tags it GPE; Washington puts the US in play.
    text = "Washington and the MoD said Russian troops had moved near Izium."
    places = _tagged(pipeline, text, [("Washington", "GPE"), ("MoD", "GPE"), ("Izium", "GPE")])
    assert "Maud" not in {p.name for p in places}
    assert "Izyum" in {p.name for p in places}


def test_a_region_phrase_is_no_small_town(extract: Callable[..., Report]) -> None:
    report = extract("Ministers met in the Baltic region on Monday.", published="2024-06-04")
    places = _places(report)
    assert all(p.country != "US" for p in places.values())  # not Baltic, Connecticut


def test_a_small_town_needs_its_country_or_region_in_the_story(pipeline: Pipeline) -> None:
    abroad = "Drones were seen over Baltic on Monday, officials in Kyiv said."
    places = _tagged(pipeline, abroad, [("Baltic", "GPE"), ("Kyiv", "GPE")])
    assert [p.name for p in places] == ["Kyiv"]
    named = "A fire broke out in Baltic, Connecticut, on Monday."
    places = _tagged(pipeline, named, [("Baltic", "GPE"), ("Connecticut", "GPE")])
    assert ("Baltic", "US") in {(p.name, p.country) for p in places}


def test_a_capitals_province_does_not_pull_namesakes(pipeline: Pipeline) -> None:
    # Ottawa says Canada, not Ontario: London is still the capital of the UK, not London, Ontario.
    text = "The minister flew from Ottawa to London on Monday."
    places = _tagged(pipeline, text, [("Ottawa", "GPE"), ("London", "GPE")])
    assert ("London", "GB") in {(p.name, p.country) for p in places}


def test_a_county_is_a_district_of_the_state_named(extract: Callable[..., Report]) -> None:
    report = extract(
        "Bird flu was found in wild swans in Crawford County, Pennsylvania, officials said.",
        published="2024-06-04",
    )
    county = _places(report)["Crawford County"]
    assert (county.country, county.admin1, county.precision) == ("US", "Pennsylvania", 3)
    assert county.lat is not None and county.lon is not None
    assert 41.0 < county.lat < 42.2 and -81.0 < county.lon < -79.5


def test_county_names_of_one_story_share_their_state(extract: Callable[..., Report]) -> None:
    report = extract(
        "The budget gives Daviess County schools $8,900, McLean County schools $5,900 and "
        "Muhlenberg County schools $129,800, while Ohio County schools get $128,800.",
        published="2024-06-04",
    )
    places = _places(report)
    assert {places[n].admin1 for n in ("McLean County", "Ohio County")} == {"Kentucky"}


def test_an_english_county_is_not_an_american_town(extract: Callable[..., Report]) -> None:
    report = extract(
        "Turkeys on a farm in Suffolk, England, have been culled after an outbreak of bird flu.",
        published="2024-06-04",
    )
    suffolk = _places(report)["Suffolk"]
    assert (suffolk.country, suffolk.precision) == ("GB", 3)


def test_a_county_that_names_an_office_is_no_place(extract: Callable[..., Report]) -> None:
    report = extract(
        "The Cuyahoga County Executive said cuts would be catastrophic for Cleveland, Ohio.",
        published="2024-06-04",
    )
    assert "Cuyahoga County" not in _places(report)


def test_a_facility_is_placed_at_the_town_the_text_puts_it_in(
    extract: Callable[..., Report],
) -> None:
    report = extract(
        "Tesco is selling its department store on Kamenné Square in Bratislava, the company "
        "said. Shoppers gathered on Kamenné Square on Monday.",
        published="2024-06-04",
    )
    places = _places(report)
    square, town = places["Kamenné Square"], places["Bratislava"]
    assert (square.precision, square.country, square.geonameid) == (2, "SK", None)
    assert (square.lat, square.lon) == (town.lat, town.lon)
    assert len(square.mentions) == 2


def test_a_facility_the_text_does_not_place_is_left_out(extract: Callable[..., Report]) -> None:
    report = extract(
        "Police were called to Royal Street on Monday night after a shooting.",
        published="2024-06-04",
    )
    assert "Royal Street" not in _places(report)


def test_a_region_after_a_town_is_the_region_that_holds_it(
    extract: Callable[..., Report],
) -> None:
    report = extract(
        "A baker from Tacoma, Washington shares tips for decorating cookies.",
        published="2024-06-04",
    )
    places = _places(report)
    assert (places["Washington"].precision, places["Washington"].admin1) == (3, "Washington")
    assert places["Tacoma"].admin1 == "Washington"


def test_a_list_of_towns_is_no_town_and_its_region(extract: Callable[..., Report]) -> None:
    report = extract(
        "Russian forces shelled Bakhmut, Donetsk and Avdiivka overnight, officials in Kyiv said.",
        published="2023-02-10",
    )
    assert _places(report)["Donetsk"].precision == 1


def test_a_list_of_towns_with_their_states_reads_each_pair(
    extract: Callable[..., Report],
) -> None:
    report = extract(
        "Wildfires forced evacuations near Spokane, Washington, and Boise, Idaho, on Monday.",
        published="2024-06-04",
    )
    places = _places(report)
    assert (places["Washington"].admin1, places["Washington"].precision) == ("Washington", 3)
    assert places["Boise"].admin1 == "Idaho"


def test_a_run_in_wire_dateline_is_a_place(extract: Callable[..., Report]) -> None:
    report = extract(
        "The lawmaker did not disclose the income. ALBUQUERQUE, N.M. (AP) - Documents show "
        "a state lawmaker voted on the bill.",
        published="2024-06-04",
    )
    place = _places(report)["ALBUQUERQUE"]
    assert (place.name, place.country) == ("Albuquerque", "US")


def test_a_countrys_adjective_before_its_land_is_the_country(
    extract: Callable[..., Report],
) -> None:
    report = extract(
        "Turkish troops shelled towns near the Syrian border on Tuesday, and Russian diplomats "
        "protested.",
        published="2024-06-04",
    )
    places = _places(report)
    assert (places["Syrian"].name, places["Syrian"].precision) == ("Syria", 4)
    assert "Russian" not in places and "Turkish" not in places


def test_seas_world_regions_and_sites_are_places(extract: Callable[..., Report]) -> None:
    report = extract(
        "Russian warships in the Black Sea fired missiles at Odesa, while the Black Sea Fleet "
        "said it had retaken Snake Island. Shelling near Ukraine's Zaporizhzhia nuclear plant "
        "worried officials across the Middle East and in the Atlantic alliance's capitals, and "
        "fighting went on across Donbas.",
        published="2022-07-01",
    )
    places = _places(report)
    assert places["Black Sea"].precision == 4 and places["Black Sea"].country is None
    assert places["Snake Island"].country == "UA" and places["Snake Island"].precision == 1
    plant = places["Zaporizhzhia nuclear plant"]
    assert plant.name == "Zaporizhzhia nuclear power plant" and plant.geonameid is None
    assert abs(plant.lat - 47.5) < 0.1  # the plant at Enerhodar, not the city 50 km away
    assert places["Middle East"].name == "Middle East" and places["Middle East"].country is None
    assert places["Donbas"].precision == 3 and places["Donbas"].country == "UA"
    # the fleet is an organisation: its sea is named in its own name only
    assert len(places["Black Sea"].mentions) == 1


def test_a_town_named_with_city_is_the_town_whoever_it_modifies(
    extract: Callable[..., Report],
) -> None:
    report = extract(
        "Officials in Ukraine's Kherson region said they had detained Kherson city mayor "
        "Ihor Kolykhayev on Tuesday.",
        published="2022-06-28",
    )
    text = report.article.text
    start = text.index("Kherson city")
    kherson = [p for p in report.places if (start, start + 7) in p.mentions]
    assert [p.name for p in kherson] == ["Kherson"]


def test_a_states_abbreviation_is_the_state(pipeline: Pipeline) -> None:
    # The model tags "NSW" an organisation; after "in" it is New South Wales, not an acronym.
    text = "Cases were confirmed in Parkes and in NSW on Monday, officials in Sydney said."
    ents = [("Parkes", "GPE"), ("NSW", "ORG"), ("Sydney", "GPE")]
    assert ("New South Wales", 3) in {(p.name, p.precision) for p in _tagged(pipeline, text, ents)}
    canada = "A barn burned in Estey's Bridge, N.B. on Tuesday."
    places = _tagged(pipeline, canada, [("N.B.", "GPE")])
    assert [(p.name, p.country) for p in places] == [("New Brunswick", "CA")]


def test_a_short_region_name_in_capitals_stays_an_acronym(pipeline: Pipeline) -> None:
    # Ica is a Peruvian region, Edo a Nigerian state: as ORG acronyms they name institutions.
    text = "The report was published in ICA and cited by EDO staff in London."
    places = _tagged(pipeline, text, [("ICA", "ORG"), ("EDO", "ORG"), ("London", "GPE")])
    assert [p.name for p in places] == ["London"]


def test_a_name_in_a_list_of_states_is_the_state(pipeline: Pipeline) -> None:
    # Alone, "Washington" is the capital; among states it is the state, as after "the state of".
    text = "Cases were found in Utah, Washington and Wisconsin. The minister flew to Washington."
    ents = [("Utah", "GPE"), ("Washington", "GPE"), ("Wisconsin", "GPE")]
    places = _tagged(pipeline, text, ents)
    assert [(p.name, p.precision) for p in places] == [
        ("Utah", 3), ("Washington", 3), ("Wisconsin", 3), ("Washington", 1)]  # fmt: skip
    capital = "The minister flew from Washington to London and Paris on Monday."
    ents = [("Washington", "GPE"), ("London", "GPE"), ("Paris", "GPE")]
    assert _tagged(pipeline, capital, ents)[0].precision == 1
    phrase = "The first case was found in the state of Washington."
    [place] = _tagged(pipeline, phrase, [("Washington", "GPE")])
    assert (place.name, place.precision) == ("Washington", 3)


def test_a_town_and_its_region_in_a_list_of_states_stay_the_town(pipeline: Pipeline) -> None:
    text = "Trips to Alaska, Hawaii, Florida and Washington, D.C., were planned."
    names = ["Alaska", "Hawaii", "Florida", "Washington", "D.C."]
    places = _tagged(pipeline, text, [(n, "GPE") for n in names])
    washington = next(p for p in places if p.name == "Washington")
    assert (washington.precision, washington.admin1) == (1, "District of Columbia")
