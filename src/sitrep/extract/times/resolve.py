"""Turning a matched temporal expression into a TimeML value, given the anchor and the tense.

What relative words mean ("last", "this coming", "ago") is in the lexicon; a single word compared
here ("last", "the", "nineteen") is one alternative of a rule's group in data/times/rules.json,
so the rule and its resolver change together.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sitrep.extract.times.calendar import add_months, day, holiday_date, month, shift_value, week
from sitrep.extract.times.rules import Candidate, Lexicon

Direction = Literal["past", "future", "present", "unknown"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]

MONTH_SLACK = 1
"""Months ahead (or behind) a date may lie against the tense of its clause."""
DAY_SLACK = 45
"""The same, in days, for a month and day."""
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@dataclass(frozen=True, slots=True)
class Context:
    """What a relative expression is resolved against."""

    anchor: dt.date | None
    """The publication date (TimeML's DCT)."""
    direction: Direction
    """The tense of the clause the expression sits in."""
    reference: dt.date | None
    """The last day mentioned before it, for "the day before", "the next day"."""
    reference_value: str | None = None
    """The last date mentioned before it, at its own precision (2014, 1989-Q3): "a year later"."""


@dataclass(frozen=True, slots=True)
class Resolved:
    """A TimeML type and value; value None when it cannot be known (no anchor)."""

    type: TimexType
    value: str | None


Resolver = Callable[[Candidate, Context, Lexicon], Resolved | None]


def _backwards(direction: Direction) -> bool:
    # News mostly reports what happened: without a tense cue, a date lies behind the article.
    return direction in ("past", "unknown")


def weekday_date(anchor: dt.date, weekday: int, shift: int | None, direction: Direction) -> dt.date:
    """The date of a weekday named in an article of that anchor date; ``shift`` is what its
    relative word says (-1 "last", 1 "next", 0 "this"), None for none."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if shift == -1:
        return anchor - dt.timedelta(days=back or 7)
    if shift == 1:
        return anchor + dt.timedelta(days=ahead or 7)
    if shift == 0:
        return anchor - dt.timedelta(days=anchor.weekday() - weekday)
    if back == 0:
        return anchor
    if _backwards(direction):
        return anchor - dt.timedelta(days=back)
    return anchor + dt.timedelta(days=ahead)


def year_for_month(anchor: dt.date, m: int, shift: int | None, direction: Direction) -> int:
    """Which year a month named without one falls in (``shift`` as for weekday_date)."""
    if shift == -1:
        return anchor.year if m < anchor.month else anchor.year - 1
    if shift == 1:
        return anchor.year if m > anchor.month else anchor.year + 1
    if shift == 0:
        return anchor.year
    here = anchor.year * 12 + anchor.month - 1
    options = [(y, y * 12 + m - 1 - here) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    return _pick(options, direction, MONTH_SLACK)


def year_for_day(anchor: dt.date, m: int, d: int, direction: Direction) -> int | None:
    """Which year a month and day named without one fall in."""
    options: list[tuple[int, int]] = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append((y, (dt.date(y, m, d) - anchor).days))
        except ValueError:
            continue
    return _pick(options, direction, DAY_SLACK) if options else None


def _pick(options: list[tuple[int, int]], direction: Direction, slack: int) -> int:
    """The year whose date lies on the side the tense points to, unless the other side is close.

    A past-tense verb does not always govern the date ("extended the offer to Nov. 20"), so a
    date a few weeks ahead is still taken as ahead; far off, the tense decides.
    """
    nearest = min(options, key=lambda o: (abs(o[1]), o[1] > 0))
    if direction in ("past", "unknown") and nearest[1] > slack:
        return max((o for o in options if o[1] <= 0), key=lambda o: o[1])[0]
    if direction == "future" and nearest[1] < -slack:
        return min((o for o in options if o[1] >= 0), key=lambda o: o[1])[0]
    return nearest[0]


def _date(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A month and day, perhaps a year: "March 14", "14 March 2024", "2024-03-14"."""
    g = c.groups
    m = int(g["month"]) if g["month"].isdigit() else lex.month(g["month"])
    d = int(re.sub(r"\D", "", g["day"]))
    if m is None:
        return None
    if "year" in g:
        year: int | None = int(g["year"])
    elif ctx.anchor is not None:
        year = year_for_day(ctx.anchor, m, d, ctx.direction)
    else:
        return Resolved("DATE", None)
    if year is None:
        return None
    try:
        return Resolved("DATE", day(dt.date(year, m, d)))
    except ValueError:
        return None


def _month(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A month name: "in June", "June 2023", "July last year"."""
    g = c.groups
    m = lex.month(g["month"])
    if m is None:
        return None
    if "year" in g:
        return Resolved("DATE", month(int(g["year"]), m))
    if "yrel" in g and ctx.anchor is not None:
        shift = lex.relatives.get(g["yrel"].lower(), 0)
        return Resolved("DATE", month(ctx.anchor.year + shift, m))
    if ctx.anchor is None:
        return Resolved("DATE", None)
    relative = lex.relatives.get(g.get("rel", ""))
    return Resolved("DATE", month(year_for_month(ctx.anchor, m, relative, ctx.direction), m))


def _with_part(value: str, part: str | None, lex: Lexicon) -> Resolved:
    if part is None:
        return Resolved("DATE", value)
    return Resolved("TIME", f"{value}T{lex.parts_of_day[part.lower()]}")


def _weekday(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A weekday, its direction from the tense: "on Monday", "last Friday night"."""
    g = c.groups
    wd = lex.weekday(g["weekday"])
    if wd is None:
        return None
    rel = " ".join(g.get("rel", "").lower().split())
    # "the previous Friday", "the following Monday" count from the day the text is on
    base = ctx.reference if rel in lex.reference_relatives and ctx.reference else ctx.anchor
    if base is None:
        return Resolved("DATE", None)
    when = weekday_date(base, wd, lex.relatives.get(rel), ctx.direction)
    return _with_part(day(when), g.get("part"), lex)


def _deictic(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """ "today", "yesterday", "tomorrow", "tonight", "overnight"."""
    word = " ".join(c.groups["word"].lower().split())
    if ctx.anchor is None:
        return Resolved("DATE", None)
    when = ctx.anchor + dt.timedelta(days=lex.deictic_days[word])
    part = c.groups.get("part") or lex.deictic_parts.get(word)
    if part in lex.deictic_parts.values():
        return Resolved("TIME", f"{day(when)}T{part}")
    return _with_part(day(when), part, lex)


def _part_of_day(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """ "this morning", "last night", "yesterday afternoon"."""
    if ctx.anchor is None:
        return Resolved("TIME", None)
    rel = c.groups["rel"].lower()
    shift = lex.deictic_days.get(rel, lex.relatives.get(rel, 0))
    part = lex.parts_of_day[c.groups["part"].lower()]
    return Resolved("TIME", f"{day(ctx.anchor + dt.timedelta(days=shift))}T{part}")


def _clock(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A clock time: "10:35 a.m.", "noon", "9 a.m. Tuesday"."""
    g = c.groups
    if "word" in g:
        hour, minute = lex.clock_words[g["word"].lower()], 0
    else:
        hour, minute = int(g["hour"]) % 12, int(g.get("minute", "0"))
        if g["ampm"].lower().startswith("p"):
            hour += 12
    if ctx.anchor is None:
        return Resolved("TIME", None)
    when = ctx.reference or ctx.anchor  # a bare clock time belongs to the day last mentioned
    if "weekday" in g:
        word = g["weekday"].lower()
        if word in lex.deictic_days:
            when = ctx.anchor + dt.timedelta(days=lex.deictic_days[word])
        else:
            wd = lex.weekday(word)
            if wd is not None:
                when = weekday_date(ctx.anchor, wd, None, ctx.direction)
    return Resolved("TIME", f"{day(when)}T{hour:02d}:{minute:02d}")


def _year(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A year in figures or spoken words: "2016", "nineteen ninety-six"."""
    g = c.groups
    if "year" in g:
        return Resolved("DATE", g["year"])
    # years spoken in words, as broadcast transcripts write them: "nineteen ninety-six"
    words = g.get("words") or g.get("words2", "")
    base, rest = (1900, words[9:]) if words.lower().startswith("nineteen") else (2000, words[13:])
    rest = rest.strip(" -").removeprefix("and ")
    n = lex.number(rest) if rest else 0.0
    if n is None or not 0 <= n < 100 or n != int(n):
        return None
    return Resolved("DATE", str(base + int(n)))


def _decade(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A decade, TimeML value of three digits: "the 1990s" -> 199."""
    g = c.groups
    if "decade" in g:
        return Resolved("DATE", g["decade"][:3])
    digit = g["short"][0] if "short" in g else lex.decade_words[g["word"].lower()]
    return Resolved("DATE", f"19{digit}")


def _century(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A century, TimeML value of two digits: "the 20th century" -> 19."""
    return Resolved("DATE", f"{int(c.groups['ord']) - 1:02d}")


def _quarter(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A quarter of a year: "the third quarter", "the latest quarter"."""
    g = c.groups
    rel = " ".join(g.get("rel", "").lower().split())
    explicit = g.get("year") or g.get("year1")
    number = lex.ordinals.get(g["ord"].lower()) if "ord" in g else None
    if explicit and number:
        return Resolved("DATE", f"{explicit}-Q{number}")
    if ctx.anchor is None:
        return Resolved("DATE", None)
    current = (ctx.anchor.month - 1) // 3 + 1
    year = ctx.anchor.year
    shift = lex.quarter_relatives.get(rel, -1)
    if number is None:
        # "the latest quarter" in a results story is the one that just closed.
        number = current + shift
    elif shift == 1 or (number > current and ctx.direction == "future"):
        pass
    elif number > current or (rel == "last" and number >= current):
        year -= 1
    if any(word in rel for word in lex.year_ago_words):
        year -= 1
    year, number = year + (number - 1) // 4, (number - 1) % 4 + 1
    return Resolved("DATE", f"{year}-Q{number}")


def _half(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A half of a year: "the first half of 2023"."""
    half = lex.ordinals[c.groups["ord"].lower()]  # "first" or "second"
    if "year" in c.groups:
        return Resolved("DATE", f"{c.groups['year']}-H{half}")
    return Resolved("DATE", None if ctx.anchor is None else f"{ctx.anchor.year}-H{half}")


def _season(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A season: "last summer", "the winter of 2022"."""
    g = c.groups
    code = lex.seasons[g["season"].lower()]
    if "year" in g:
        return Resolved("DATE", f"{g['year']}-{code}")
    if ctx.anchor is None:
        return Resolved("DATE", None)
    rel = " ".join(g.get("rel", "").lower().split())
    start = SEASON_START[code]
    now = ctx.anchor.month
    current = start <= now < start + 3 or (code == "WI" and now <= 2)
    year = ctx.anchor.year - (1 if code == "WI" and now <= 2 else 0)
    shift = lex.relatives.get(rel)
    if shift == -1 or (not rel and _backwards(ctx.direction)):
        if (not current and start > now) or (current and rel == "last"):
            year -= 1
    elif shift == 1 and (current or start < now):
        year += 1
    return Resolved("DATE", f"{year}-{code}")


def _unit_value(anchor: dt.date, unit: str, shift: int) -> str | None:
    if unit in ("week", "W"):
        return week(anchor + dt.timedelta(weeks=shift))
    if unit in ("month", "M"):
        return month(*add_months(anchor.year, anchor.month, shift))
    if unit in ("year", "Y"):
        return f"{anchor.year + shift}"
    if unit in ("day", "D"):
        return day(anchor + dt.timedelta(days=shift))
    if unit == "decade":
        return f"{(anchor.year + 10 * shift) // 10}"
    if unit == "century":
        return f"{(anchor.year + 100 * shift) // 100:02d}"
    return None


def _relunit(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A unit relative to now: "last month", "next week", "this year", "the weekend"."""
    g = c.groups
    rel = " ".join(g["rel"].lower().split())
    unit = g["unit"].lower()
    if rel == "the" and unit != "weekend" and "mod" not in g:
        # "the week", "the year" point at a time the text set up, not at the article's
        return None
    if ctx.anchor is None:
        return Resolved("DATE", None)
    if unit == "quarter":
        return _quarter(Candidate(c.start, c.end, c.kind, {"rel": rel}, c.rank), ctx, lex)
    shift = lex.unit_relatives.get(rel, 0)
    if unit == "weekend":
        saturday = ctx.anchor + dt.timedelta(days=5 - ctx.anchor.weekday())
        if shift == 0 and rel == "the" and _backwards(ctx.direction) and ctx.anchor.weekday() < 5:
            shift = -1
        return Resolved("DATE", f"{week(saturday + dt.timedelta(weeks=shift))}-WE")
    return Resolved("DATE", _unit_value(ctx.anchor, unit, shift))


def _unit_code(lex: Lexicon, unit: str) -> tuple[str, str]:
    """The singular unit word and its ISO 8601 duration code ("decades" -> decade, 10Y)."""
    word = unit.lower()
    word = lex.unit_plurals.get(word, word.rstrip("s") if word.endswith("s") else word)
    return word, lex.units.get(word, "")


def _offset(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A distance from now or from the last date: "two weeks ago", "a year later"."""
    g = c.groups
    word, _ = _unit_code(lex, g["unit"])
    n = lex.number(g["num"])
    sign = lex.offset_directions.get(g["dir"].lower(), 1)
    if n is None or n != int(n):
        return Resolved("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    shift = sign * int(n)
    if (
        g["dir"].lower() in lex.anaphoric_directions
        and ctx.reference_value
        and word in ("year", "month")
    ):
        # "a year earlier" moves the time the text is talking about, at its precision:
        # after "the third quarter" it is that quarter a year before, not the article's year
        moved = shift_value(ctx.reference_value, word, shift)
        if moved is not None:
            return Resolved("DATE", moved)
    if ctx.anchor is None:
        return Resolved("DATE", None)
    if word in ("hour", "minute", "second"):
        return Resolved("TIME", day(ctx.anchor))
    if word == "night":
        word = "day"
    if word == "fortnight":
        word, shift = "week", shift * 2
    if word == "quarter":
        word, shift = "month", shift * 3
    return Resolved("DATE", _unit_value(ctx.anchor, word, shift))


def text_of(c: Candidate) -> str:
    """The number and unit a duration matched, as written ("three-quarters")."""
    return f"{c.groups.get('num', '')}{c.groups.get('sep', ' ')}{c.groups['unit']}"


def _duration(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A length of time, not a date: "for two years", "in three decades"."""
    g = c.groups
    word, code = _unit_code(lex, g["unit"])
    if not code:
        return None
    number = g.get("num", "").lower()
    if word == "second" and number in lex.articles:
        return None  # "a second term" is an ordinal
    if word == "quarter" and text_of(c).lower().startswith(f"{number}-"):
        return None  # "three-quarters" is a fraction
    n = lex.number(g["num"]) if "num" in g else None
    if n is not None and n != int(n):
        return Resolved("DURATION", None)
    parsed = re.fullmatch(r"(\d*)(T?)([A-Z])", code)
    if parsed is None:
        return None
    amount, prefix, letter = int(parsed.group(1) or 1), "P" + parsed.group(2), parsed.group(3)
    count = "X" if n is None else str(int(n) * amount)
    return Resolved("DURATION", f"{prefix}{count}{letter}")


def _holiday(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A named holiday: "Christmas", "New Year's Day", "Thanksgiving"."""
    g = c.groups
    rule = {k.lower(): v for k, v in lex.holidays.items()}[" ".join(g["word"].lower().split())]
    if "year" in g:
        return Resolved("DATE", day(holiday_date(int(g["year"]), rule)))
    if ctx.anchor is None:
        return Resolved("DATE", None)
    options = [
        (y, (holiday_date(y, rule) - ctx.anchor).days)
        for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2)
    ]
    shift = lex.relatives.get(g.get("rel", "").lower())
    if shift == -1:
        year = max((o for o in options if o[1] < 0), key=lambda o: o[1])[0]
    elif shift == 1:
        year = min((o for o in options if o[1] > 0), key=lambda o: o[1])[0]
    elif shift == 0:
        year = ctx.anchor.year
    else:
        year = _pick(options, ctx.direction, DAY_SLACK)
    return Resolved("DATE", day(holiday_date(year, rule)))


def _anaphor(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A day counted from the last one mentioned: "the day before", "the next day"."""
    unit, shift = lex.anaphors[" ".join(c.groups["word"].lower().split())]
    base = ctx.reference or ctx.anchor
    if base is None:
        return Resolved("DATE", None)
    return Resolved("DATE", _unit_value(base, unit, shift))


def _reference(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A vague reference: "now" (PRESENT_REF), "recently" (PAST_REF)."""
    return Resolved("DATE", lex.references[" ".join(c.groups["word"].lower().split())])


def _set(c: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """A recurring time: "daily", "every week"."""
    return Resolved("SET", lex.sets[" ".join(c.groups["word"].lower().split())])


RESOLVERS: dict[str, Resolver] = {
    "date": _date,
    "month": _month,
    "weekday": _weekday,
    "deictic": _deictic,
    "part_of_day": _part_of_day,
    "clock": _clock,
    "year": _year,
    "decade": _decade,
    "century": _century,
    "quarter": _quarter,
    "half": _half,
    "season": _season,
    "relunit": _relunit,
    "offset": _offset,
    "duration": _duration,
    "holiday": _holiday,
    "anaphor": _anaphor,
    "ref": _reference,
    "set": _set,
}


def resolve(candidate: Candidate, ctx: Context, lex: Lexicon) -> Resolved | None:
    """The TimeML type and value of a candidate; None when it is not a temporal expression or
    names a date outside the calendar's years 1 to 9999 ("next week" of 9999-12-31)."""
    try:
        return RESOLVERS[candidate.kind](candidate, ctx, lex)
    except OverflowError:
        return None
