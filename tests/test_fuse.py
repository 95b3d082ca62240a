"""Fusion rules: same real event or not, dates at their precision, candidate keys."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sitrep.fuse import (
    MemoryFuser,
    Mention,
    Who,
    date_range,
    index_keys,
    probe_keys,
    same_event,
)

D = dt.date
RUSSIA = Who("Russia", "RUS", "GOV")
RUSSIAN_FORCES = Who("Russian forces", "RUS", "MIL")
CIVILIANS = Who("civilians", "UKR", "CVL")
KHARKIV_STRIKE = Mention(
    type="ASSAULT", status="reported", actor1=RUSSIAN_FORCES, actor2=CIVILIANS,
    start=D(2024, 3, 13), end=D(2024, 3, 13), date_precision="day", place="Kharkiv",
    lat=49.98081, lon=36.25272, country="UA", admin1="Kharkiv Oblast", geo_precision=1,
)


def test_dates_cover_their_precision() -> None:
    assert date_range("2024-03-13", "day") == (D(2024, 3, 13), D(2024, 3, 13))
    assert date_range("2024-W11", "week") == (D(2024, 3, 11), D(2024, 3, 17))
    assert date_range("2024-02", "month") == (D(2024, 2, 1), D(2024, 2, 29))
    assert date_range("2024", "year") == (D(2024, 1, 1), D(2024, 12, 31))
    assert date_range("2024-03-13", "week") == (D(2024, 3, 11), D(2024, 3, 17))
    assert date_range("sometime", "day") is None
    assert date_range(None, None) is None


def test_the_same_strike_told_differently_is_one_event() -> None:
    vaguer = replace(KHARKIV_STRIKE, actor1=RUSSIA, start=D(2024, 3, 1), end=D(2024, 3, 31),
                     date_precision="month", actor2=None)
    next_day = replace(KHARKIV_STRIKE, start=D(2024, 3, 14), end=D(2024, 3, 14))
    region = replace(KHARKIV_STRIKE, place="Kharkiv Oblast", lat=49.5, lon=36.5,
                     geo_precision=3)
    nearby = replace(KHARKIV_STRIKE, lat=50.05, lon=36.35)  # ~10 km away
    for other in (vaguer, next_day, region, nearby):
        assert same_event(KHARKIV_STRIKE, other, km=25)
        assert same_event(other, KHARKIV_STRIKE, km=25)


def test_different_events_stay_apart() -> None:
    chuhuiv = replace(KHARKIV_STRIKE, place="Chuhuiv", lat=49.83559, lon=36.68641)
    later = replace(KHARKIV_STRIKE, start=D(2024, 3, 16), end=D(2024, 3, 16))
    protest = replace(KHARKIV_STRIKE, type="PROTEST")
    denied = replace(KHARKIV_STRIKE, status="negated")
    threatened = replace(KHARKIV_STRIKE, status="threatened")
    other_attacker = replace(KHARKIV_STRIKE, actor1=Who("Ukrainian forces", "UKR", "MIL"))
    other_region = replace(KHARKIV_STRIKE, place="Sumy Oblast", lat=51.0, lon=34.0,
                           admin1="Sumy Oblast", geo_precision=3)
    unplaced = replace(KHARKIV_STRIKE, place=None, lat=None, lon=None, country=None,
                       admin1=None, geo_precision=None)
    for other in (chuhuiv, later, protest, denied, threatened, other_attacker, other_region,
                  unplaced):
        assert not same_event(KHARKIV_STRIKE, other, km=25), other


def test_a_negated_event_is_never_indexed() -> None:
    assert index_keys(replace(KHARKIV_STRIKE, status="negated")) == set()
    assert probe_keys(replace(KHARKIV_STRIKE, status="hypothetical")) == set()


def test_every_joinable_event_is_found_through_the_keys() -> None:
    # Whatever same_event accepts must share a key, or fusion would miss it.
    variants = [
        replace(KHARKIV_STRIKE, lat=KHARKIV_STRIKE.lat + dlat, lon=KHARKIV_STRIKE.lon + dlon,
                start=KHARKIV_STRIKE.start + dt.timedelta(days=days),
                end=KHARKIV_STRIKE.end + dt.timedelta(days=days))
        for dlat in (-0.2, 0.0, 0.2) for dlon in (-0.3, 0.0, 0.3) for days in (-1, 0, 1)
    ]
    variants.append(replace(KHARKIV_STRIKE, place="Kharkiv Oblast", lat=None, lon=None,
                            geo_precision=3))
    for other in variants:
        if same_event(other, KHARKIV_STRIKE, km=25):
            assert probe_keys(other) & index_keys(KHARKIV_STRIKE), other


def test_memory_fusion_groups_reports_and_looks_at_few_candidates() -> None:
    fuser = MemoryFuser(km=25)
    first = fuser.add(KHARKIV_STRIKE)
    assert fuser.add(replace(KHARKIV_STRIKE, actor1=RUSSIA)) == first
    assert fuser.add(replace(KHARKIV_STRIKE, place="Odesa", lat=46.48, lon=30.73,
                             admin1="Odessa")) != first
    # A thousand strikes a week apart along the front do not slow each other down.
    for week in range(1, 1001):
        day = KHARKIV_STRIKE.start + dt.timedelta(weeks=week)
        fuser.add(replace(KHARKIV_STRIKE, start=day, end=day))
    assert len(fuser.events) == 1002
    assert max(fuser.sources) == 2
    # Each strike was compared with its week's neighbours only, never with all the others.
    assert fuser.compared <= 3 * 1003

