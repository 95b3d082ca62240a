"""The frames scorer: gold strings found after cleaning, one-to-one matching, field checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitrep.errors import EvalError
from sitrep.evaluate.frames import ArticleMatch, extract_and_match, match_article, score
from sitrep.evaluate.frames_fields import checks, same_actor, same_date, same_figure, same_place
from sitrep.evaluate.frames_gold import (
    GoldActor,
    GoldEvent,
    GoldPlace,
    annotated_end,
    load_gold,
    locate,
    locate_all,
)
from sitrep.ingest.clean import to_article
from sitrep.model import (
    Article,
    Count,
    Event,
    EventActor,
    EventPlace,
    RawDocument,
    Report,
    Span,
)
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

URL = "https://example.org/2022/mar/07/kharkiv"
RAW = ("KHARKIV, Ukraine -  Russian missiles struck  a school in Kharkiv on Monday,\u200b\n"
       "killing three people, the regional governor said. Ukraine's foreign minister accused "
       "Moscow of war crimes.\n\nIn the south, Ukrainian troops retook the village of Posad-"
       "Pokrovske, officials said. Talks between the two sides will resume on Thursday.\n\n"
       "Read more about the war in our live blog.")
KHARKIV = {"lat": 49.98, "lon": 36.25, "km": 50}


def gold_line(anchor: str, type_: str = "ASSAULT", **fields: Any) -> dict[str, Any]:
    """A gold.jsonl record as the annotators write it, nulls where not given."""
    record: dict[str, Any] = {
        "url": URL, "anchor": anchor, "type": type_, "acled_sub_event_type": None,
        "actor1": None, "actor1_country": None, "actor2": None, "actor2_country": None,
        "place": None, "place_country": None, "place_point": None, "date": None,
        "killed": None, "injured": None, "missing": None, "arrested": None, "displaced": None,
        "status": "reported", "note": None,
    }
    record.update(fields)
    return record


def write_gold(tmp_path: Path, *records: dict[str, Any]) -> dict[str, list[GoldEvent]]:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return load_gold(path)


def article(text: str) -> Article:
    return Article(id="a", text=text, url=URL, title=None, source=None, published=None,
                   dateline=None, language="en")


def event(type_: str, *evidence: Span, n: int = 0, **fields: Any) -> Event:
    values: dict[str, Any] = {
        "id": f"a:{n}", "type": type_, "mode": None, "acled_event_type": None,
        "acled_sub_event_type": None, "actor1": None, "actor2": None, "date": None,
        "date_precision": None, "place": None, "counts": (), "status": "reported",
        "evidence": evidence, "confidence": 0.5,
    }
    values.update(fields)
    return Event(**values)


def sentence(text: str, start: str) -> Span:
    """The span of the sentence of ``text`` that opens with ``start``."""
    lo = text.index(start)
    return lo, text.index(".", lo) + 1


def test_gold_strings_are_found_in_the_cleaned_text(tmp_path: Path) -> None:
    text = to_article(RawDocument(origin="t", text=RAW, url=URL), Settings()).text
    assert "  " not in text and "\u200b" not in text  # cleaning moved every offset after them
    gold = write_gold(
        tmp_path,
        gold_line("Russian missiles struck  a school in Kharkiv on Monday,\u200b\nkilling three"),
        gold_line("Ukrainian troops retook the village of Posad-Pokrovske", "RETREAT"),
        gold_line("Talks between the two sides will resume", "CONSULT",
                  also=["talks in Minsk collapsed"]),
    )[URL]
    struck, retook, talks = locate_all(gold, text, RAW)
    found = text[slice(*struck.spans[0])]
    assert " ".join(found.split()) == "Russian missiles struck a school in Kharkiv on Monday, " \
        "killing three"
    assert text[slice(*retook.spans[0])] == gold[1].strings[0]
    assert retook.spans[0][0] < RAW.index("Ukrainian troops")
    assert talks.missing == ("talks in Minsk collapsed",) and len(talks.spans) == 1
    # The annotated part ends with the sentence of the last gold string, before the furniture.
    end = annotated_end(text, [struck, retook, talks])
    assert text[:end].endswith("resume on Thursday.")


def test_a_repeated_string_is_the_occurrence_nearest_its_place_in_the_input() -> None:
    # Cleaning drops the invisible character, so the cleaned text holds the string twice;
    # the input held it once, at the second place.
    raw = "The mayor\u200b said so. Shelling was heard in the west. The mayor said so."
    text = raw.replace("\u200b", "")
    second = text.rindex("The mayor said")
    assert locate("The mayor said", text, raw) == (second, second + 14)
    assert locate("The mayor said", text) == (0, 14)  # without the input: the first
    assert locate("The mayor\u200b said", text, raw) == (0, 14)
    assert locate("The governor said", text, raw) is None


def test_each_prediction_matches_one_gold_event_largest_overlap_first(tmp_path: Path) -> None:
    text = ("Russian forces shelled the centre of Kharkiv overnight, destroying a school. "
            "Drones hit Odesa. Moscow denied it. The Kremlin rejected the offer of talks.")
    gold = write_gold(
        tmp_path,
        gold_line("Drones hit Odesa"),
        gold_line("Russian forces shelled the centre of Kharkiv overnight"),
        gold_line("The Kremlin rejected the offer of talks", "REJECT"),
    )[URL]
    first, second = sentence(text, "Russian"), sentence(text, "Drones")
    both = (first[0], second[1])
    denied = sentence(text, "Moscow")
    predictions = (
        # Overlaps both strikes; the Kharkiv one more, so it takes that and leaves Odesa.
        event("ASSAULT", both, n=0),
        event("ASSAULT", second, n=1),
        # A third ASSAULT on Odesa finds it taken: a duplicate, not a match.
        event("ASSAULT", second, n=2),
        # The wrong type on the REJECT string: on a gold string, but not matched.
        event("ACCUSE", sentence(text, "The Kremlin"), n=3),
        event("REJECT", denied, n=4),
    )
    result = match_article(Report(article=article(text), events=predictions), gold, text)
    assert [(p.gold.strings[0][:6], p.event.id) for p in result.pairs] == [
        ("Russia", "a:0"), ("Drones", "a:1")]
    assert [g.type for g in result.unmatched_gold] == ["REJECT"]
    assert [e.id for e in result.unmatched_events] == ["a:2", "a:3", "a:4"]
    assert [e.id for e in result.on_gold] == ["a:0", "a:1", "a:2", "a:3"]
    metrics = {m.name: m.value for m in score([result]).metrics}
    assert metrics["typed_recall"] == pytest.approx(2 / 3)
    assert metrics["precision"] == pytest.approx(4 / 5)
    assert metrics["typed_precision"] == pytest.approx(2 / 5)


def test_events_after_the_annotated_part_are_not_counted_against_precision(
        tmp_path: Path) -> None:
    text = "Russian troops shelled Kharkiv on Monday. Later, protesters marched in Tbilisi."
    gold = write_gold(tmp_path, gold_line("Russian troops shelled Kharkiv"))[URL]
    report = Report(article=article(text), events=(
        event("ASSAULT", sentence(text, "Russian"), n=0),
        event("PROTEST", sentence(text, "Later"), n=1)))
    result = match_article(report, gold, text)
    assert result.limit == text.index(" Later")
    assert [e.id for e in result.inside] == ["a:0"]


def test_null_actors_are_right_and_names_match_by_words_surname_or_country() -> None:
    nobody = GoldActor(None, None)
    assert same_actor(nobody, None)
    assert not same_actor(nobody, EventActor("Russia", "RUS", "GOV"))
    assert not same_actor(GoldActor("Vladimir Putin", "RUS"), None)
    assert same_actor(GoldActor("Vladimir Putin", "RUS"), EventActor("Putin", None, None))
    assert same_actor(GoldActor("Vladimir Putin", "RUS"), EventActor("Mr Putin", None, "GOV"))
    assert same_actor(GoldActor("Volodymyr Zelenskiy", "UKR"),
                      EventActor("Ukraine", "UKR", "GOV"))
    assert same_actor(GoldActor("European Union", None), EventActor("the European Union's",
                                                                     None, "IGO"))
    # Words, not letters: "US" is not in "Russia"; a shared last word with countries that
    # disagree is not the same actor.
    assert not same_actor(GoldActor("US", None), EventActor("Russia", None, None))
    assert not same_actor(GoldActor("Ukrainian Armed Forces", "UKR"),
                          EventActor("Russian Armed Forces", "RUS", "MIL"))
    assert not same_actor(GoldActor("civilians", "UKR"), EventActor("building", None, None))


def test_place_within_the_gold_radius_or_in_the_gold_country() -> None:
    kharkiv = EventPlace("Kharkiv", 49.98081, 36.25272, "UA", "Kharkivska", 1)
    ukraine = EventPlace("Ukraine", 48.5, 31.5, "UA", None, 4)
    moscow = EventPlace("Moscow", 55.75222, 37.61556, "RU", "Moscow", 1)
    point = GoldPlace(KHARKIV["lat"], KHARKIV["lon"], KHARKIV["km"], None)
    assert same_place(point, kharkiv)
    assert not same_place(point, ukraine)  # the country's centre is ~350 km away
    assert not same_place(point, None)
    country = GoldPlace(None, None, None, "UA")
    assert same_place(country, kharkiv) and same_place(country, ukraine)
    assert not same_place(country, moscow)


def test_date_is_compared_at_the_gold_precision() -> None:
    assert same_date("2022-03-07", "2022-03-07")
    assert not same_date("2022-03-07", "2022-03-06")
    assert not same_date("2022-03-07", None)
    assert same_date("2022-03", "2022-03-07")
    assert not same_date("2022-03", "2022")  # coarser than the gold is not right
    assert same_date("2022", "2022-W10")
    assert not same_date("2022-03-07", "2022-W10")


def test_figures_are_exact_and_only_scored_where_the_gold_gives_one(tmp_path: Path) -> None:
    (gold,) = write_gold(tmp_path, gold_line("A strike", killed=12, status="reported",
                                             date="2022-03-07"))[URL]
    twelve = Count("killed", 12, None, "people")
    assert same_figure(12, event("ASSAULT", (0, 8), counts=(twelve, twelve)), "killed")
    assert not same_figure(12, event("ASSAULT", (0, 8), counts=(twelve, Count(
        "killed", 3, None, "people"))), "killed")
    assert same_figure(0, event("ASSAULT", (0, 8)), "killed")
    right = event("ASSAULT", (0, 8), counts=(twelve,), date="2022-03-07", status="reported")
    assert checks(gold, right) == {"actor1": True, "actor2": True, "date": True,
                                   "status": True, "killed": True}


def test_borderline_events_are_scored_apart_and_acled_where_the_gold_has_it(
        tmp_path: Path) -> None:
    text = "Russian forces shelled Kharkiv. Troops clashed near Izium."
    gold = write_gold(
        tmp_path,
        gold_line("Russian forces shelled Kharkiv", actor1="Russian forces",
                  actor1_country="RUS", acled_sub_event_type="Shelling/artillery/missile attack"),
        gold_line("Troops clashed near Izium", actor1="Ukrainian troops", actor1_country="UKR",
                  note="borderline: no side named"),
    )[URL]
    shelled = event("ASSAULT", sentence(text, "Russian"), n=0,
                    actor1=EventActor("Russia", "RUS", "MIL"),
                    acled_sub_event_type="Shelling/artillery/missile attack")
    clashed = event("ASSAULT", sentence(text, "Troops"), n=1)
    matched: ArticleMatch = match_article(
        Report(article=article(text), events=(shelled, clashed)), gold, text)
    metrics = {m.name: m.value for m in score([matched]).metrics}
    assert metrics["actor1_accuracy"] == 0.5
    assert metrics["actor1_accuracy_not_borderline"] == 1.0
    assert metrics["typed_recall_not_borderline"] == 1.0
    assert metrics["acled_sub_type_accuracy"] == 1.0


def test_score_refuses_an_empty_gold() -> None:
    with pytest.raises(EvalError, match="no gold frames"):
        score([], "frames-dev")


@pytest.mark.slow
def test_articles_go_through_the_pipeline_as_extract_reads_them(
        tmp_path: Path, pipeline: Pipeline) -> None:
    record = {"url": URL, "title": "Missiles hit Kharkiv", "published": "2022-03-07", "text": RAW}
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps(record) + "\n" + json.dumps({"url": "x", "text": ""}) + "\n",
                        encoding="utf-8")
    write_gold(tmp_path, gold_line(
        "Russian missiles struck  a school in Kharkiv on Monday", place_point=KHARKIV,
        date="2022-03-07"))
    matches, lost = extract_and_match(articles, tmp_path / "gold.jsonl", pipeline)
    (matched,) = matches
    assert lost == ()
    assert matched.report.article.published is not None
    assert matched.report.article.published.isoformat() == "2022-03-07"
    assert not matched.located[0].missing
    (pair,) = matched.pairs
    assert pair.event.type == "ASSAULT"
    assert checks(pair.gold, pair.event)["date"]


def test_the_error_listing_shows_each_wrong_place_with_its_source(tmp_path: Path) -> None:
    from sitrep.evaluate.frames_errors import listing

    text = "Drones hit Odesa. Russian forces shelled Kharkiv overnight."
    gold = write_gold(
        tmp_path,
        gold_line("Drones hit Odesa", place_point={"lat": 46.48, "lon": 30.72, "km": 50}),
        gold_line("Russian forces shelled Kharkiv", place_point=KHARKIV),
    )[URL]
    kyiv = EventPlace("Kyiv", 50.45, 30.52, "UA", None, 1, "article")
    kharkiv = EventPlace("Kharkiv", 49.98, 36.25, "UA", None, 1, "clause")
    report = Report(article=article(text), events=(
        event("ASSAULT", sentence(text, "Drones"), n=0, place=kyiv),
        event("ASSAULT", sentence(text, "Russian"), n=1, place=kharkiv),
    ))
    out = listing([match_article(report, gold, text)], ("place", "killed"))
    assert out.startswith("wrong on matched events: place 1, killed 0")
    assert "place right by source: clause 1/1, article 0/1" in out
    assert ("- ASSAULT a:0: Drones hit Odesa.\n    place: gold None (46.48, 30.72) within 50 km"
            in out)
    assert "'Kyiv' (50.45, 30.52) UA precision 1 from article" in out
    assert "Kharkiv overnight" not in out
