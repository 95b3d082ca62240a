"""The store on SQLite and PostgreSQL: migrations, idempotent ingest, failures, queries, history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest
import sqlalchemy as sa

from sitrep import report as report_json
from sitrep.errors import InputError, StoreError
from sitrep.model import Failure, Report
from sitrep.settings import Settings
from sitrep.store import Store, open_store, render, schema
from sitrep.store.migrations import LATEST, MIGRATIONS, current_version, migrate
from sitrep.store.queries import (
    EventFilter,
    cue_class_choice,
    find_events,
    find_quotes,
    show_event,
)
from tests.store.helpers import CHUHUIV, KHARKIV, KHARKIV_OBLAST, ODESA, strike_report

pytest_plugins = ["tests.store.helpers"]  # the db_url and store fixtures

STRIKE = ("KHARKIV, Ukraine (Reuters) - A Russian missile strike on Kharkiv killed at least "
          "12 people on Wednesday, regional governor Oleh Syniehubov said.")
FOLLOW_UP = ("The death toll from Wednesday's Russian missile strike on Kharkiv has risen to 19, "
             "officials said on Friday as rescuers cleared the rubble.")
ODESA_STRIKE = "Russian drones struck the port of Odesa overnight, killing three dock workers."


def test_a_new_database_is_migrated_to_the_latest_version_once(store: Store) -> None:
    with store.engine.connect() as conn:
        assert current_version(conn) == LATEST
    assert migrate(store.engine) == []


def _versions_by_text(store: Store) -> dict[str, object]:
    a = schema.articles.c
    with store.engine.connect() as conn:
        return {r.text: r.versions for r in conn.execute(sa.select(a.text, a.versions))}


def test_an_article_row_records_the_stage_versions_that_made_it(store: Store) -> None:
    made = {"ingest": "sitrep.ingest.v1", "events": "sitrep.events.v7"}
    store.add(replace(strike_report(STRIKE), versions=made))
    store.add(strike_report(ODESA_STRIKE, place=ODESA, killed=3))  # made by versions unknown
    assert _versions_by_text(store) == {STRIKE: made, ODESA_STRIKE: None}
    kharkiv = find_events(store, EventFilter(near=(KHARKIV.lat or 0, KHARKIV.lon or 0), km=30))
    assert [s["versions"] for s in show_event(store, kharkiv[0]["id"])["sources"]] == [made]


def test_an_older_database_gains_the_versions_column_and_keeps_its_rows(store: Store) -> None:
    store.add(strike_report(STRIKE))
    with store.engine.begin() as conn:  # what a database of release 3 looks like
        conn.execute(sa.text("ALTER TABLE articles DROP COLUMN versions"))
        conn.execute(sa.text("DROP TABLE feed_retries"))
        conn.execute(sa.text("ALTER TABLE quotes DROP COLUMN cue_class"))
        conn.execute(sa.text("ALTER TABLE articles DROP COLUMN relevant"))
        conn.execute(sa.text("ALTER TABLE articles DROP COLUMN published_source"))
        conn.execute(sa.delete(schema.schema_version).where(schema.schema_version.c.version >= 4))
    assert migrate(store.engine) == [step for step in MIGRATIONS if step.version >= 4]
    made = {"events": "sitrep.events.v1"}
    assert store.add(replace(strike_report(ODESA_STRIKE, place=ODESA), versions=made)).status \
        == "added"
    with store.engine.connect() as conn:
        assert current_version(conn) == LATEST
    assert _versions_by_text(store) == {STRIKE: None, ODESA_STRIKE: made}
    assert store.table_sizes()["events"] == 2


_DROP_OTHERS = sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.mark.parametrize("when", ["between reports", "while a report is stored"])
def test_an_ingest_run_goes_on_when_the_server_drops_its_connection(
        store: Store, when: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("only PostgreSQL's ingest keeps one connection for the run")
    from sitrep.store import database

    def drop() -> None:
        with store.engine.connect() as other:
            other.execute(_DROP_OTHERS)

    with store.adding() as add:
        assert add(strike_report(STRIKE)).status == "added"
        if when == "between reports":
            drop()
        else:  # the server goes away while the next report is stored, before its first reads
            plan, dropped = database.plan, []

            def plan_then_drop(*args: object, **kwargs: object) -> object:
                if not dropped:
                    dropped.append(True)
                    drop()
                return plan(*args, **kwargs)  # type: ignore[arg-type]

            monkeypatch.setattr(database, "plan", plan_then_drop)
        assert add(strike_report(ODESA_STRIKE, place=ODESA)).status == "added"
        assert add(strike_report(FOLLOW_UP)).status == "added"
    assert store.table_sizes()["articles"] == 3


def test_a_step_missing_below_the_highest_one_is_applied(store: Store) -> None:
    store.add(strike_report(STRIKE))
    with store.engine.begin() as conn:  # a branch's database: step 14 never ran, 15 and 16 did
        for column in ("place_site", "place_source"):
            conn.execute(sa.text(f"ALTER TABLE events DROP COLUMN {column}"))
        conn.execute(sa.delete(schema.schema_version).where(schema.schema_version.c.version == 14))
    assert [step.version for step in migrate(store.engine)] == [14]
    columns = {c["name"] for c in sa.inspect(store.engine).get_columns("events")}
    assert {"place_site", "place_source"} <= columns
    assert migrate(store.engine) == []
    assert len(find_events(store, EventFilter())) == 1


def test_relevance_is_stored_and_filters_events_and_quotes(store: Store) -> None:
    store.add(strike_report(ODESA_STRIKE, place=ODESA))
    with store.engine.begin() as conn:  # stored before relevance was recorded: null
        conn.execute(sa.update(schema.articles).values(relevant=None))
    assert len(find_events(store, EventFilter(relevant=True))) == 1
    assert find_events(store, EventFilter(relevant=False)) == []
    store.add(replace(strike_report(STRIKE), relevant=False))
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(schema.articles.c.text, schema.articles.c.relevant))
        stored = {text: relevant for text, relevant in rows}
    assert stored == {ODESA_STRIKE: None, STRIKE: False}
    assert len(find_events(store, EventFilter(relevant=False))) == 1
    assert len(find_events(store, EventFilter(relevant=True))) == 1
    assert find_quotes(store)
    assert [q["text"] for q in find_quotes(store, relevant=False)] == [
        q["text"] for q in find_quotes(store)]
    assert find_quotes(store, relevant=True) == []


def test_a_report_is_stored_with_its_mentions_and_an_event(store: Store) -> None:
    outcome = store.add(strike_report(STRIKE))
    assert (outcome.status, outcome.mentions, outcome.joined) == ("added", 1, 0)
    sizes = store.table_sizes()
    assert sizes["articles"] == 1
    assert sizes["quotes"] == 1
    assert sizes["events"] == 1
    assert sizes["event_sources"] == 1
    assert sizes["count_history"] == 1


def test_the_same_article_again_changes_nothing_and_says_so(store: Store) -> None:
    store.add(strike_report(STRIKE))
    before = store.table_sizes()
    again = store.add(strike_report(STRIKE))
    assert again.status == "duplicate"
    assert "same text" in again.reason
    assert store.table_sizes() == before


def test_the_same_url_with_edited_text_is_a_duplicate(store: Store) -> None:
    url = "https://news.example.org/2024/03/14/kharkiv-strike"
    store.add(strike_report(STRIKE, url=url))
    edited = store.add(strike_report(STRIKE + " Updated at 14:05.", url=url))
    assert edited.status == "duplicate"
    assert "same URL" in edited.reason
    assert store.table_sizes()["articles"] == 1


def test_failures_are_recorded_counted_and_cleared_by_a_later_success(store: Store) -> None:
    store.record_failure(Failure("test:1234abcd", "no text left after cleaning"))
    store.record_failure(Failure("test:1234abcd", "no text left after cleaning"))
    store.record_failure(Failure("feeds/broken.html", "not in English (detected: de)"))
    failures = {f.origin: f for f in store.failures()}
    assert failures["test:1234abcd"].attempts == 2
    assert failures["feeds/broken.html"].reason == "not in English (detected: de)"
    report = strike_report(STRIKE)
    store.record_failure(Failure(report.article.origin, "fetch timed out after 20 s"))
    store.add(report)
    assert report.article.origin not in {f.origin for f in store.failures()}


def test_reports_of_one_strike_fuse_and_keep_the_count_history(store: Store) -> None:
    store.add(strike_report(STRIKE, published="2024-03-14", killed=12))
    later = store.add(strike_report(FOLLOW_UP, published="2024-03-15", killed=19,
                                    place=KHARKIV_OBLAST))
    store.add(strike_report(ODESA_STRIKE, place=ODESA, killed=3))
    assert later.joined == 1
    events = find_events(store, EventFilter(near=(KHARKIV.lat or 0, KHARKIV.lon or 0), km=30))
    assert len(events) == 1
    kharkiv = events[0]
    assert kharkiv["sources"] == 2
    assert kharkiv["place"] == "Kharkiv"  # the finer place of the two reports
    assert (kharkiv["fatalities"], kharkiv["fatalities_latest"]) == (12, 19)
    detail = show_event(store, kharkiv["id"])
    assert detail["counts"]["killed"] == {"latest": 19, "conservative": 12}
    assert [h["value"] for h in detail["count_history"]] == [12, 19]
    # An analyst reads who said each figure and when, not a mention id.
    assert [(h["reported_on"], h["source"], h["title"]) for h in detail["count_history"]] == [
        ("2024-03-14", "Wire", STRIKE[:40]), ("2024-03-15", "Wire", FOLLOW_UP[:40])]
    text = render.event_detail(detail)
    assert "killed: latest 19, most conservative 12" in text
    assert f"2024-03-15: at least 19 killed (Wire “{FOLLOW_UP[:40].strip()}”)" in text
    sentences = [span["text"] for s in detail["sources"] for span in s["evidence"]]
    assert sentences == [STRIKE, FOLLOW_UP]


def test_strikes_on_two_towns_stay_two_events(store: Store) -> None:
    store.add(strike_report(STRIKE))
    store.add(strike_report("Russian shelling hit Chuhuiv on Wednesday, killing two.",
                            place=CHUHUIV, killed=2))
    assert store.table_sizes()["events"] == 2


def test_event_filters(store: Store) -> None:
    store.add(strike_report(STRIKE))
    store.add(strike_report(ODESA_STRIKE, place=ODESA, date="2024-02-20", killed=3,
                            published="2024-02-21"))
    store.add(strike_report("Protesters rallied in Odesa against the mobilisation law.",
                            place=ODESA, event_type="PROTEST", killed=None, actor1=None,
                            date="2024-03-01"))
    store.add(strike_report("Moscow threatened to strike Kharkiv again next week.",
                            event_type="THREATEN", status="threatened", killed=None))

    def ids(**kw: object) -> set[str]:
        return {e["place"] + ":" + e["type"] for e in find_events(store, EventFilter(**kw))}

    assert ids(type="protest") == {"Odesa:PROTEST"}
    assert ids(country="Ukraine", status="reported", type="ASSAULT") == {
        "Kharkiv:ASSAULT", "Odesa:ASSAULT"}
    assert ids(country="UKR", since=dt.date(2024, 3, 1), status="reported") == {
        "Kharkiv:ASSAULT", "Odesa:PROTEST"}
    assert ids(until=dt.date(2024, 2, 29)) == {"Odesa:ASSAULT"}
    assert ids(near=(46.48, 30.73), km=10) == {"Odesa:ASSAULT", "Odesa:PROTEST"}
    assert ids(actor="russ", near=(46.48, 30.73), km=10) == {"Odesa:ASSAULT"}
    assert ids(status="threatened") == {"Kharkiv:THREATEN"}
    assert ids(country="PL") == set()
    with pytest.raises(InputError, match="unknown country"):
        find_events(store, EventFilter(country="Narnia"))


def test_quotes_by_speaker_text_and_date(store: Store) -> None:
    store.add(strike_report(STRIKE, published="2024-03-14"))
    store.add(strike_report("Governor Syniehubov said power had been restored in Kharkiv.",
                            published="2024-01-02", killed=None))
    assert len(find_quotes(store, speaker="syniehubov")) == 2
    recent = find_quotes(store, speaker="Syniehubov", since=dt.date(2024, 3, 1))
    assert [q["published"] for q in recent] == ["2024-03-14"]
    assert recent[0]["text"].startswith("The city was hit")
    assert find_quotes(store, text="hit twice", until=dt.date(2024, 2, 1))[0][
        "published"] == "2024-01-02"
    assert find_quotes(store, speaker="Zelensky") == []


def test_quotes_are_speech_unless_every_attribution_is_asked_for(store: Store) -> None:
    said = strike_report(STRIKE)
    believed = strike_report("Governor Syniehubov believes power will be restored in Kharkiv.",
                             killed=None)
    store.add(said)
    store.add(replace(believed, quotes=tuple(
        replace(q, kind="indirect", cue="believes", cue_class="belief") for q in believed.quotes)))
    assert [q["cue_class"] for q in find_quotes(store)] == ["speech"]
    assert sorted(q["cue_class"] for q in find_quotes(store, cue_class=None)) == [
        "belief", "speech"]
    assert [q["cue"] for q in find_quotes(store, cue_class="belief")] == ["believes"]
    assert cue_class_choice("all") is None
    assert cue_class_choice("stance") == "stance"
    with pytest.raises(InputError, match="not a cue class"):
        cue_class_choice("rumour")


def test_quotes_stored_before_cue_classes_show_as_speech(store: Store) -> None:
    store.add(strike_report(STRIKE))
    with store.engine.begin() as conn:  # a row of a release without the column
        conn.execute(sa.update(schema.quotes).values(cue_class=None))
    assert [q["cue_class"] for q in find_quotes(store)] == [None]
    assert find_quotes(store, cue_class="belief") == []


def test_show_of_an_unknown_event_is_a_typed_error(store: Store) -> None:
    with pytest.raises(InputError, match="no such event"):
        show_event(store, 4242)


def test_a_url_that_is_no_database_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="unsupported database"):
        open_store(Settings(), "mysql://root@localhost/sitrep")
    with pytest.raises(StoreError, match="cannot open the database"):
        open_store(Settings(), "postgresql://postgres@127.0.0.1:1/nowhere?connect_timeout=2")


@pytest.mark.slow
def test_a_pipeline_report_round_trips_through_the_store(
    store: Store, extract: Callable[..., Report]
) -> None:
    text = ("KYIV, Ukraine (AP) - Ukraine's foreign minister Dmytro Kuleba met his Polish "
            "counterpart in Warsaw on Tuesday to discuss grain exports, the ministry said. "
            "\"We agreed to keep the border open,\" Kuleba told reporters.")
    report = extract(text, published="2024-03-12")
    report_json.validate(report_json.to_json(report))
    assert store.add(report).status == "added"
    assert store.add(report).status == "duplicate"
    sizes = store.table_sizes()
    assert sizes["articles"] == 1
    assert sizes["event_mentions"] == len(report.events)
    assert sizes["quotes"] == len(report.quotes)


def test_near_takes_coordinates_or_an_old_place_name() -> None:
    from sitrep.store.geo import resolve_point

    point = resolve_point(" 49.99, 36.23 ")
    assert (point.lat, point.lon) == (49.99, 36.23)
    kharkiv = resolve_point("Kharkov")
    assert kharkiv.label == "Kharkiv"
    assert abs(kharkiv.lat - 49.98) < 0.1 and abs(kharkiv.lon - 36.25) < 0.1
    with pytest.raises(InputError, match="out of range"):
        resolve_point("95.0,36.2")
    with pytest.raises(InputError, match="no such place"):
        resolve_point("Qwxzvillebergstadt")


def test_ingest_records_what_it_cannot_store_and_goes_on(store: Store, db_url: str) -> None:
    from sitrep.store.ingest import ingest

    odd = strike_report("Shelling hit Kharkiv\x00 overnight, officials said on Monday.")
    items: list[Report | Failure] = [
        Failure("feeds/empty.html", "no text left after cleaning"), odd, strike_report(STRIKE)]
    summary = ingest(store, items)
    reasons = {f.origin: f.reason for f in store.failures()}
    assert reasons["feeds/empty.html"] == "no text left after cleaning"
    if db_url.startswith("postgresql"):
        # PostgreSQL refuses NUL characters in text: that one article fails, the run goes on.
        assert (summary.added, summary.failed) == (1, 2)
        assert "NUL" in reasons[odd.article.origin]
    else:
        assert (summary.added, summary.failed) == (2, 1)
    assert store.table_sizes()["articles"] == summary.added


def test_two_mentions_in_one_article_are_one_source(store: Store) -> None:
    from dataclasses import replace

    report = strike_report(STRIKE)
    lead = report.events[0]
    recap = replace(lead, id=f"{report.article.id}:1", status="background", counts=(),
                    evidence=((0, 40),))
    store.add(replace(report, events=(replace(lead, status="background"), recap)))
    store.add(strike_report(FOLLOW_UP, published="2024-03-15", killed=19))
    [event] = find_events(store, EventFilter())
    assert event["sources"] == 2  # two articles, three mentions
    assert event["status"] == "reported"  # background in one, news in the other
    assert store.table_sizes()["event_sources"] == 3
