"""Whether a predicted event's fields agree with its gold frame (events/frames-dev).

actor1 and actor2: right when both are null, or the names match (one's words a run of the
other's, or the same capitalised surname where the countries do not disagree), or the ISO3
countries are equal. place (where the gold gives one): the predicted point within the gold km of
the gold point, or, for a gold country, a predicted place in that country. date (where the gold
gives one): the predicted period lies inside the gold period (so equal at the gold precision).
killed and injured (where the gold gives a figure): every figure of that kind the event carries
equals it (a gold 0 is right when the event has no figure above 0). status: equal.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from sitrep.evaluate.frames_gold import GoldActor, GoldEvent, GoldPlace
from sitrep.geo.distance import distance_km
from sitrep.model import CountKind, Event, EventActor, EventPlace

FIELDS = ("actor1", "actor2", "place", "date", "status", "killed", "injured")
"""The fields scored on matched events, in report order."""

_WORD = re.compile(r"\w+")
_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
# A possessive "'s" and a leading article say nothing about who the actor is.
_DROP = frozenset({"s", "the"})


def checks(gold: GoldEvent, event: Event) -> dict[str, bool]:
    """Each field the gold scores for this event, right or wrong."""
    out = {
        "actor1": same_actor(gold.actor1, event.actor1),
        "actor2": same_actor(gold.actor2, event.actor2),
    }
    if gold.place is not None:
        out["place"] = same_place(gold.place, event.place)
    if gold.date:
        out["date"] = same_date(gold.date, event.date)
    out["status"] = gold.status == event.status
    if gold.killed is not None:
        out["killed"] = same_figure(gold.killed, event, "killed")
    if gold.injured is not None:
        out["injured"] = same_figure(gold.injured, event, "injured")
    return out


def same_actor(gold: GoldActor, actor: EventActor | None) -> bool:
    """Both null, or the same name, or the same country (see the module docstring)."""
    if gold.absent or actor is None:
        return gold.absent and actor is None
    if gold.country and actor.country and gold.country.upper() == actor.country.upper():
        return True
    if not gold.name:
        return False
    mine, theirs = _words(actor.name), _words(gold.name)
    if mine and theirs and (_run_of(mine, theirs) or _run_of(theirs, mine)):
        return True
    disagree = bool(gold.country and actor.country)
    return not disagree and _same_surname(actor.name, gold.name)


def same_place(gold: GoldPlace, place: EventPlace | None) -> bool:
    """The predicted place within the gold radius, or in the gold country."""
    if place is None:
        return False
    if gold.lat is not None and gold.lon is not None:
        if place.lat is None or place.lon is None:
            return False
        return distance_km(gold.lat, gold.lon, place.lat, place.lon) <= (gold.km or 0.0)
    return bool(gold.country and place.country and gold.country == place.country.upper())


def same_date(gold: str, value: str | None) -> bool:
    """The predicted period lies inside the gold one (a day in the gold month is right)."""
    theirs, mine = period(gold), period(value or "")
    if theirs is None or mine is None:
        return False
    return theirs[0] <= mine[0] and mine[1] <= theirs[1]


def same_figure(gold: int, event: Event, kind: CountKind) -> bool:
    """Every figure of this kind on the event equals the gold one (see the module docstring)."""
    values = {c.value for c in event.counts if c.kind == kind}
    if gold == 0:
        return not values - {0}
    return values == {gold}


def period(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day an ISO 8601 date, month, year or week stands for."""
    day = _DAY.match(value)
    try:
        if day:
            year, month, mday = day.groups()
            if mday:
                one = dt.date(int(year), int(month), int(mday))
                return one, one
            if month:
                last = calendar.monthrange(int(year), int(month))[1]
                return dt.date(int(year), int(month), 1), dt.date(int(year), int(month), last)
            return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
        week = _WEEK.match(value)
        if week:
            monday = dt.date.fromisocalendar(int(week[1]), int(week[2]), 1)
            return monday, monday + dt.timedelta(days=6)
    except ValueError:
        return None
    return None


def _words(name: str) -> list[str]:
    return [w for w in _WORD.findall(name.lower()) if w not in _DROP]


def _run_of(short: list[str], long: list[str]) -> bool:
    """Whether ``short`` occurs in ``long`` as consecutive words."""
    n = len(short)
    return any(long[i:i + n] == short for i in range(len(long) - n + 1))


def _same_surname(a: str, b: str) -> bool:
    """The same last capitalised word of three letters or more ('Mr Putin', 'Vladimir Putin')."""
    last_a, last_b = _WORD.findall(a)[-1:], _WORD.findall(b)[-1:]
    if not last_a or not last_b:
        return False
    return (last_a[0] == last_b[0] and len(last_a[0]) >= 3 and last_a[0][0].isupper())
