"""Cleaning: furniture out, headings kept as headings, datelines, dates and language."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.errors import InputError, LanguageError
from sitrep.ingest import to_article
from sitrep.ingest.dateline import caption_date, find_dateline
from sitrep.model import Article, RawDocument
from sitrep.settings import Settings
from tests import paths

FIXTURES = paths.FIXTURES / "ingest"
SETTINGS = Settings()


def article(name: str, **raw: object) -> Article:
    path = FIXTURES / name
    body = path.read_text(encoding="utf-8")
    kind = "html" if path.suffix == ".html" else "text"
    return to_article(RawDocument(origin=name, **{kind: body}, **raw), SETTINGS)  # type: ignore[arg-type]


def headings(a: Article) -> list[str]:
    return [a.text[s:e] for s, e in a.headings]


def test_scraped_text_loses_its_furniture_and_keeps_the_story() -> None:
    a = article("scraped-furniture.txt")
    for furniture in ("Share on X", "Share by email", "REUTERS/Piotr Nowak", "File photo",
                      "Also read", "Advertisement", "Reporting by", "Editing by", "By Maria"):
        assert furniture not in a.text
    assert "Air defence units shot down 18 of 21 drones" in a.text
    assert a.text.rstrip().endswith("did not comment on casualties.")
    assert "\n\nAir defence units" in a.text  # the caption left no paragraph glued together


def test_one_word_section_headings_stay_as_headings_not_sentences() -> None:
    a = article("scraped-furniture.txt")
    assert headings(a) == ["Drones hit fuel depot near Odesa port", "Damage", "Reaction"]
    assert "\n\nDamage\n\n" in a.text  # its own paragraph, so no sentence runs into it
    assert a.title == "Drones hit fuel depot near Odesa port"


def test_caption_date_is_the_publication_date_when_nothing_better_is_known() -> None:
    assert article("scraped-furniture.txt").published == dt.date(2024, 5, 7)
    assert caption_date(["Smoke rises over Kyiv, Ukraine, June 2, 2023. REUTERS/Jo Bloggs"]) == (
        dt.date(2023, 6, 2))
    assert caption_date(["Smoke over Kyiv, June 2, 2023. REUTERS/Jo Bloggs/File Photo"]) is None


def test_agency_dateline_with_region_is_recorded_and_kept_in_the_text() -> None:
    a = article("kharkiv-reuters.txt")
    assert (a.dateline, a.source) == ("Kharkiv", "Reuters")
    assert a.dateline_span is not None
    assert a.text[a.dateline_span[0]:a.dateline_span[1]] == "KHARKIV, Ukraine (Reuters) -"


def test_bare_dash_dateline() -> None:
    a = article("geneva-dash.txt")
    assert (a.dateline, a.source, a.published) == ("Geneva", None, None)
    assert a.dateline_span == (0, len("GENEVA —"))


def test_a_dateline_without_a_year_gives_no_date_and_the_article_says_so() -> None:
    # "WASHINGTON, March 3 (AP)": which year's March 3 is not in the text; guessing the clock's
    # year would date an archive's copy to the wrong year.
    a = article("washington-ap.txt")
    assert (a.dateline, a.source) == ("Washington", "AP")
    assert (a.published, a.published_source) == (None, None)
    found = find_dateline("KYIV, Dec. 30 (Reuters) - Text.", 0, ())
    assert found is not None and found.published is None
    given = article("washington-ap.txt", published=dt.date(2024, 3, 3))
    assert (given.published, given.published_source) == (dt.date(2024, 3, 3), "given")


def test_a_dateline_with_its_year_dates_the_article() -> None:
    found = find_dateline("KYIV, March 14, 2024 (Reuters) - Text.", 0, ())
    assert found is not None and found.published == dt.date(2024, 3, 14)


@pytest.mark.parametrize(("opening", "place"), [
    ("KHARKIV, Ukraine - Russian drones hit an energy facility.", "Kharkiv"),
    ("PORT-AU-PRINCE, Haiti - Gangs attacked a police station.", "Port-au-Prince"),
    ("WASHINGTON, D.C. - The Senate voted.", "Washington"),
])
def test_a_town_in_capitals_and_its_region_take_a_plain_hyphen(opening: str, place: str) -> None:
    found = find_dateline(opening, 0, ())
    assert found is not None and found.place == place
    assert opening[found.span[1]:].startswith(" ") and opening[found.span[1] - 1] == "-"


def _towns(name: str) -> int | None:
    """A gazetteer's answer, as the pipeline lends it: the largest town or region so named."""
    return {"odesa": 1_010_537, "nato": 5_583, "police": 34_350}.get(name.lower())


@pytest.mark.parametrize(("opening", "place"), [
    ("ODESA - Russian drones hit the port.", "Odesa"),
    ("Odesa — Russian drones hit the port.", "Odesa"),
])
def test_a_well_known_town_alone_before_a_dash_is_a_dateline(opening: str, place: str) -> None:
    found = find_dateline(opening, 0, (), _towns)
    assert found is not None and found.place == place
    assert opening[found.span[1]:].startswith(" Russian")
    assert find_dateline(opening, 0, ()) is None  # without a gazetteer, the form alone


@pytest.mark.parametrize("opening", ["NATO - allies agreed to send more air defence.",
                                     "Police - officers detained two men.",
                                     "Kyiv - the capital was quiet."])
def test_an_opener_the_gazetteer_does_not_know_as_a_large_town_is_no_dateline(
    opening: str,
) -> None:
    assert find_dateline(opening, 0, (), _towns) is None


@pytest.mark.parametrize("opening", ["WARNING: Text follows.", "NATO - allies met.",
                                     "The city (Kharkiv) — was hit.", "Officials said — quietly."])
def test_openings_that_are_not_datelines(opening: str) -> None:
    assert find_dateline(opening, 0, ()) is None


def test_leading_date_line_dates_the_article_and_is_removed() -> None:
    a = article("kharkiv-reuters.txt")
    assert (a.published, a.published_source) == (dt.date(2024, 3, 14), "text")
    assert a.text.startswith("KHARKIV")
    assert "2024-03-14" not in a.text


def test_published_setting_wins_over_the_text() -> None:
    a = article("kharkiv-reuters.txt", published=dt.date(2024, 3, 15))
    assert a.published == dt.date(2024, 3, 15)


def test_html_goes_through_trafilatura_with_title_date_and_headings() -> None:
    a = article("page.html", url="https://news.example.org/ceasefire")
    assert a.title == "Ceasefire talks stall over prisoner lists"
    assert (a.published, a.published_source) == (dt.date(2024, 4, 2), "metadata")
    assert (a.dateline, a.source) == ("Istanbul", "Reuters")
    assert headings(a) == ["Background"]
    page = (FIXTURES / "page.html").read_text(encoding="utf-8").replace("ISTANBUL (Reuters) - ", "")
    page = page.replace("<head>", '<head><meta property="og:site_name" content="Example News">')
    bare = to_article(RawDocument(origin="page", html=page), SETTINGS)
    assert (bare.dateline, bare.source) == (None, "Example News")  # no agency: the publisher
    assert a.url == "https://news.example.org/ceasefire"
    assert not a.text.startswith("Ceasefire talks stall")  # the headline is the title
    for furniture in ("Home", "Share on X", "All rights reserved"):
        assert furniture not in a.text
    assert "Dnipro river." in a.text


def test_id_is_the_sha256_of_the_clean_text_and_origin_is_kept() -> None:
    import hashlib

    a = article("geneva-dash.txt")
    assert a.id == hashlib.sha256(a.text.encode("utf-8")).hexdigest()
    assert a.origin == "geneva-dash.txt"


def test_hard_wrapped_plain_text_is_rejoined_into_paragraphs() -> None:
    text = ("KYIV (Reuters) - Ukraine said on Monday it had recaptured a village near the\n"
            "eastern town of Chasiv Yar after weeks of fighting, in a rare advance for its\n"
            "forces along that part of the front.\n\n"
            "Russia did not comment.\n")
    a = to_article(RawDocument(origin="wrapped", text=text), SETTINGS)
    assert a.text.split("\n\n")[0].endswith("along that part of the front.")
    assert "near the eastern town" in a.text


def test_german_article_is_rejected_with_the_language_named() -> None:
    with pytest.raises(LanguageError, match=r"looks like German \(de\), sitrep extracts English"):
        article("german.txt")


def test_a_short_text_is_not_judged_by_language() -> None:
    a = to_article(RawDocument(origin="short", text="Kyiv says talks will resume soon."), SETTINGS)
    assert a.language == "en"


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Share on Facebook Share on X Share by email",
                                  "Advertisement\n\nOK"])
def test_text_with_nothing_left_after_cleaning_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError, match="left after cleaning"):
        to_article(RawDocument(origin="thin.txt", text=text), SETTINGS)


def test_text_longer_than_the_limit_is_an_input_error() -> None:
    settings = Settings(max_text_chars=500)
    with pytest.raises(InputError, match="too long after cleaning"):
        to_article(RawDocument(origin="long.txt", text="The talks went on. " * 30), settings)
    with pytest.raises(InputError, match=r"too long \(19,000 characters"):  # refused unread
        to_article(RawDocument(origin="long.txt", text="The talks went on. " * 1000), settings)


@pytest.mark.parametrize("text", [
    "“Unbalanced quote marks \" everywhere « here and ‘ there. " * 10,
    "\u200bZero\u200b-width\u00ad and \x07control\x0b characters in a sentence about Kyiv. " * 5,
    "عربي and English mixed in one line about the talks in Geneva today. " * 2,
    "(Reporting by Nobody)",
    "A lone surrogate \ud800 from a JSON record in a report on the talks in Geneva. " * 3,
])
def test_odd_text_gives_an_article_or_a_typed_error_never_a_crash(text: str) -> None:
    try:
        a = to_article(RawDocument(origin="odd", text=text), SETTINGS)
    except (InputError, LanguageError):
        return
    assert "\u200b" not in a.text and "\x07" not in a.text
    a.text.encode("utf-8")  # the id is a hash of these bytes


def test_wire_and_website_furniture_of_other_outlets() -> None:
    text = "\n".join([
        "Image source, Getty Images",
        "Image caption, Residents clear debris in Dnipro after the strike",
        "DNIPRO, Ukraine (AP) — A Russian missile hit a five-storey apartment building in the "
        "central Ukrainian city of Dnipro on Friday, killing at least four people, officials said.",
        "___",
        "Sign up for our daily newsletter",
        "Story continues below gallery",
        "Most read in world news",
        "Get weekly news and analysis on the war with our newsletter. Sign up here.",
        "Rescue teams were still searching the rubble on Saturday morning.",
        "Follow AP’s coverage of the war in Ukraine at https://apnews.com/hub/russia-ukraine",
        "Source: News agencies",
    ])
    a = to_article(RawDocument(origin="mixed", text=text), SETTINGS)
    assert a.text.split("\n\n") == [
        "DNIPRO, Ukraine (AP) — A Russian missile hit a five-storey apartment building in the "
        "central Ukrainian city of Dnipro on Friday, killing at least four people, officials said.",
        "Rescue teams were still searching the rubble on Saturday morning.",
    ]
    assert (a.dateline, a.source) == ("Dnipro", "AP")


def test_prose_that_looks_a_little_like_furniture_is_kept() -> None:
    text = ("KYIV (Reuters) - Officials urged residents to share on Facebook and Telegram any "
            "sightings of drones, and to sign up for the city's shelter programme by email.\n"
            "Updated casualty figures were expected on Tuesday.\n"
            "Access to Facebook, Twitter, WhatsApp, Telegram and YouTube was restricted.\n"
            "Facebook Twitter LinkedIn Email Print")
    expected = text.rsplit("\n", 1)[0].replace("\n", "\n\n")
    a = to_article(RawDocument(origin="prose", text=text), SETTINGS)
    assert a.text == expected


@pytest.mark.parametrize(("line", "day"), [
    ("Published: March 14, 2024 10:05 GMT", dt.date(2024, 3, 14)),
    ("Thursday, 14 March 2024", dt.date(2024, 3, 14)),
    ("Updated Mar. 15, 2024 5:05 PM GMT+1", dt.date(2024, 3, 15)),
])
def test_a_date_only_line_near_the_top_dates_the_article_and_leaves_the_text(
    line: str, day: dt.date
) -> None:
    story = ("Drones hit Odesa port\n" + line + "\nODESA, Ukraine (Reuters) - Russian drones hit "
             "the port of Odesa overnight, damaging grain silos, the governor said.")
    a = to_article(RawDocument(origin="stamped", text=story), SETTINGS)
    assert a.published == day
    assert line not in a.text and a.dateline == "Odesa"


def test_caption_scraped_onto_the_front_of_a_paragraph_is_cut_off() -> None:
    text = ("Smoke rises after a drone strike in Odesa, Ukraine May 7, 2024. REUTERS/Piotr Nowak "
            "Purchase Licensing Rights, opens new tab ODESA, Ukraine (Reuters) - Russian drones "
            "struck a fuel depot near the port of Odesa overnight, the governor said.\n"
            "[2/4] A firefighter at the depot. REUTERS/Piotr Nowak\n"
            "Turnout was low, according to a survey by AP/NORC.")
    a = to_article(RawDocument(origin="glued", text=text), SETTINGS)
    assert a.text.split("\n\n") == [
        "ODESA, Ukraine (Reuters) - Russian drones struck a fuel depot near the port of Odesa "
        "overnight, the governor said.",
        "Turnout was low, according to a survey by AP/NORC.",
    ]
    assert (a.dateline, a.published) == ("Odesa", dt.date(2024, 5, 7))


def test_a_dateline_left_alone_on_its_line_is_joined_to_its_paragraph() -> None:
    text = ("Strike on Kharkiv\nKHARKIV, Ukraine (AP) —\nA Russian glide bomb hit a shopping "
            "centre in Kharkiv on Saturday, officials said.\nRescuers searched the site.")
    a = to_article(RawDocument(origin="split", text=text), SETTINGS)
    assert headings(a) == ["Strike on Kharkiv"]
    assert "KHARKIV, Ukraine (AP) — A Russian glide bomb" in a.text
    assert (a.dateline, a.source) == ("Kharkiv", "AP")


def test_a_follow_us_line_is_furniture_but_a_sentence_about_following_is_not() -> None:
    body = (
        "Kyiv came under drone attack overnight, the city administration said.\n\n"
        "Scouts follow the convoy on X as it advances on the city.\n\n"
        '"Follow Anna Kovalenko on Twitter @akovalenko."\n\n'
        "Follow us on Facebook"
    )
    a = to_article(RawDocument(origin="follow.txt", text=body), SETTINGS)
    assert "Scouts follow the convoy on X" in a.text
    assert "Follow Anna Kovalenko" not in a.text
    assert "Follow us" not in a.text


def test_furniture_glued_into_plain_text_sentences_is_cut() -> None:
    text = (
        "Drones struck a power station near Sumy overnight, the governor said. Why the grid keeps "
        "failing this winter?Read more Repair crews reached the site by noon. 02:15Smoke rises "
        "over Sumy after the strike – video Residents were told to boil water. Sign up to Morning "
        "Brief, our free daily newsletter – every weekday at 6am GMT Schools stayed shut on "
        "Tuesday. A crane lifts debris at the plant on Monday. Photograph: Ivan Petrenko/AFP/Getty "
        "Images Officials said two workers were hurt. Guardian graphic The regional council met "
        "in the afternoon. Sumy region map The governor asked for generators."
    )
    a = to_article(RawDocument(origin="glued-furniture", text=text), SETTINGS)
    assert a.text == (
        "Drones struck a power station near Sumy overnight, the governor said. Repair crews "
        "reached the site by noon. Residents were told to boil water. Schools stayed shut on "
        "Tuesday. Officials said two workers were hurt. The regional council met in the afternoon. "
        "The governor asked for generators."
    )


def test_a_read_more_link_on_its_own_or_a_colon_in_prose_is_not_a_glued_headline() -> None:
    text = ("The minister said talks would resume: read more about the plan on Friday. Officials "
            "gave no time for the photo opportunity. Photographs: the ministry released three.")
    a = to_article(RawDocument(origin="prose", text=text), SETTINGS)
    assert a.text == text


def test_a_page_past_the_tag_budget_is_refused_before_parsing() -> None:
    paragraph = "<p><span>Shelling hit Kharkiv overnight, officials said.</span></p>\n"
    page = f"<html><body><article>{paragraph * 400}</article></body></html>"
    raw = RawDocument(origin="tags.html", html=page)
    with pytest.raises(InputError) as refused:
        to_article(raw, Settings(max_html_tags=1000))
    assert refused.value.reason == ("too many HTML tags (more than 1,000; set "
                                    "SITREP_MAX_HTML_TAGS to raise the limit)")
    assert "Shelling hit Kharkiv" in to_article(raw, Settings(max_html_tags=2000)).text


def test_utf8_once_misread_as_windows_1252_is_put_right() -> None:
    proper = ("KYIV — Ukraine’s president said on Monday that “the front holds” near "
              "Kupiansk, and Zelensky’s aides named Łódź as the venue. 🔥")
    # What a Windows-1252 reader shows, its five undefined bytes passed through as themselves.
    mangled = proper.encode("utf-8").decode("latin-1").translate(
        {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0)
         if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)})
    assert "â€™" in mangled
    article = to_article(RawDocument(origin="mangled.txt", text=mangled), Settings())
    assert article.text == proper
    untouched = "Résumé of the talks in Kraków: naïve hopes » none, £5 a loaf."
    assert to_article(RawDocument(origin="fine.txt", text=untouched), Settings()).text == untouched
