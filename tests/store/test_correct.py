"""Correcting the store: delete an article and what only it supports; replace its rows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sitrep.errors import NotFoundError
from sitrep.settings import Settings
from sitrep.store import Store, open_store
from sitrep.store.queries import EventFilter, find_events
from tests.store.helpers import CHUHUIV, KHARKIV_OBLAST, ODESA, strike_report
from tests.store.test_fusion_order import fused

pytest_plugins = ["tests.store.helpers"]

REPORTS = [
    strike_report("Russian missiles hit Kharkiv Oblast on Wednesday, killing 14.",
                  place=KHARKIV_OBLAST, killed=14, published="2024-03-15"),
    strike_report("A Russian missile strike on Kharkiv killed 12 on Wednesday.", killed=12,
                  url="https://wire.example/kharkiv"),
    strike_report("Russian shelling hit Chuhuiv on Wednesday, killing two.", place=CHUHUIV,
                  killed=2),
    strike_report("Russian drones struck the port of Odesa, killing three.", place=ODESA,
                  killed=3),
]


@pytest.mark.parametrize("gone", range(len(REPORTS)))
def test_deleting_an_article_leaves_the_store_as_if_it_had_never_come(
        gone: int, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'all.db'}"
    fused(REPORTS, url)
    with open_store(Settings(), url) as store:
        removed = store.delete(REPORTS[gone].article.id)
        assert removed.article_id == REPORTS[gone].article.id
        sizes = store.table_sizes()
    assert sizes["articles"] == len(REPORTS) - 1
    assert sizes["event_mentions"] == sizes["event_sources"] == len(REPORTS) - 1
    rest = [r for i, r in enumerate(REPORTS) if i != gone]
    with open_store(Settings(), url) as store:
        after = find_events(store, EventFilter())
    expected = fused(rest, f"sqlite:///{tmp_path / 'rest.db'}")
    assert sorted((e["place"], e["fatalities"], e["fatalities_latest"], e["sources"])
                  for e in after) == sorted((e[4], e[7], e[8], e[9]) for e in expected)


def test_an_article_is_named_by_id_prefix_or_url_and_an_unknown_one_is_an_error(
        store: Store) -> None:
    for report in REPORTS:
        store.add(report)
    assert store.delete("https://wire.example/kharkiv").article_id == REPORTS[1].article.id
    assert store.delete(REPORTS[3].article.id[:10]).events_removed == 1
    with pytest.raises(NotFoundError, match="no such article"):
        store.delete(REPORTS[3].article.id)
    with pytest.raises(NotFoundError, match="no such article"):
        store.delete("abc")  # too short to be a prefix
    assert store.table_sizes()["articles"] == 2


def test_replacing_an_article_keeps_one_copy_and_refuses_its_events(store: Store) -> None:
    for report in REPORTS:
        store.add(report)
    before = store.table_sizes()
    old = REPORTS[1]
    newer = replace(old, events=tuple(replace(e, counts=tuple(
        replace(c, value=13) for c in e.counts)) for e in old.events),
        versions={"counts": "sitrep.counts.vNext"})
    assert store.replace(old.article.id, newer).status == "added"
    assert store.table_sizes() == before
    [kharkiv] = [e for e in find_events(store, EventFilter()) if e["place"] == "Kharkiv"]
    assert (kharkiv["fatalities"], kharkiv["fatalities_latest"], kharkiv["sources"]) == (13, 14, 2)
    assert store.stale_articles({"counts": "sitrep.counts.vNext"})[0][0] != old.article.id



def test_where_a_date_came_from_is_stored_shown_and_kept_by_re_extraction(store: Store) -> None:
    from sitrep.store.queries import show_event
    from sitrep.store.render import event_detail

    first = strike_report("KHARKIV, March 14 2024 - Russian missiles killed 12 people.")
    first = replace(first, article=replace(first.article, published_source="dateline"))
    store.add(first)
    (event,) = find_events(store, EventFilter())
    shown = show_event(store, event["id"])
    assert [s["published_source"] for s in shown["sources"]] == ["dateline"]
    assert "2024-03-14 (date from the dateline)" in event_detail(shown)
    # Re-extraction hands the stored date in as given: it still came from the dateline.
    again = replace(first, article=replace(first.article, published_source="given"))
    store.replace(first.article.id, again)
    (event,) = find_events(store, EventFilter())
    assert [s["published_source"] for s in show_event(store, event["id"])["sources"]] \
        == ["dateline"]
