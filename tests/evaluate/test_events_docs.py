"""The WikiEvents Place check: the gold Place is the event's town or the site its clause names."""

from __future__ import annotations

from sitrep.evaluate.events_docs import _aligner, _same_place
from sitrep.model import Event, EventPlace


def strike(place: EventPlace | None) -> Event:
    return Event(id="a:0", type="ASSAULT", mode=None, acled_event_type=None,
                 acled_sub_event_type=None, actor1=None, actor2=None, date=None,
                 date_precision=None, place=place, counts=(), status="reported",
                 evidence=((0, 10),), confidence=0.5)


def test_the_gold_place_matches_the_town_or_the_site() -> None:
    belfast = EventPlace("Belfast", 54.6, -5.93, "GB", None, 1, "clause")
    at_station = EventPlace("Belfast", 54.6, -5.93, "GB", None, 1, "clause",
                            "Oxford Street bus station")
    assert _same_place(strike(belfast), "Belfast")
    assert not _same_place(strike(belfast), "station")
    assert _same_place(strike(at_station), "station")
    assert _same_place(strike(at_station), "Oxford Street")
    assert not _same_place(strike(at_station), "Cavehill Road")
    assert not _same_place(strike(None), "Belfast")


def test_accents_aside_the_gazetteer_s_name_is_the_text_s() -> None:
    bagram = EventPlace("Bagrām", 34.97, 69.26, "AF", None, 3, "clause")
    assert _same_place(strike(bagram), "Bagram")
    assert not _same_place(strike(bagram), "Kabul")


def test_gold_offsets_are_carried_over_to_the_cleaned_text() -> None:
    source = "A bomb exploded.\nTwo  people died."
    cleaned = "A bomb exploded.\n\nTwo people died."
    carry = _aligner(source, cleaned)
    assert cleaned[carry(source.index("died")):].startswith("died")
    assert cleaned[carry(source.index("Two")):].startswith("Two")
    assert carry(-1) == -1
