"""Calendar arithmetic on dates and TimeML values: ISO days, weeks, months, holidays, shifts."""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange


def day(d: dt.date) -> str:
    """ISO day."""
    return d.isoformat()


def week(d: dt.date) -> str:
    """ISO week, 2024-W11."""
    year, number, _ = d.isocalendar()
    return f"{year}-W{number:02d}"


def month(year: int, m: int) -> str:
    """ISO month, 2024-02."""
    return f"{year:04d}-{m:02d}"


def add_months(year: int, m: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by delta months."""
    index = year * 12 + (m - 1) + delta
    return index // 12, index % 12 + 1


def holiday_date(year: int, rule: tuple[int, ...]) -> dt.date:
    """The date of a holiday in a year: fixed ([12, 25]) or the n-th weekday ([11, 3, 4])."""
    if len(rule) == 2:
        return dt.date(year, rule[0], rule[1])
    m, weekday, n = rule
    if n > 0:
        first = dt.date(year, m, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def shift_value(value: str, unit: str, n: int) -> str | None:
    """A TimeML date value moved by n years or months, keeping its precision; None if it can't."""
    months = n * 12 if unit == "year" else n
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        y, mo = add_months(int(m[1]), int(m[2]), months)
        d = int(m[3])
        while d > 28:
            try:
                return day(dt.date(y, mo, d))
            except ValueError:
                d -= 1
        return day(dt.date(y, mo, d))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        return month(*add_months(int(m[1]), int(m[2]), months))
    if months % 12 == 0 and (m := re.fullmatch(r"(\d{4})(-(?:Q\d|H\d|SP|SU|FA|WI))?", value)):
        return f"{int(m[1]) + months // 12}{m[2] or ''}"
    return None


def date_range(value: str | None, precision: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day an ISO value at its precision covers (2024-W11 is a Monday–Sunday)."""
    if not value:
        return None
    try:
        if "-W" in value:
            year, week = value.split("-W")
            start = dt.date.fromisocalendar(int(year), int(week[:2]), 1)
            return start, shift_days(start, 6)
        parts = value.split("-")
        if len(parts) == 1:
            year_n = int(parts[0])
            return dt.date(year_n, 1, 1), dt.date(year_n, 12, 31)
        if len(parts) == 2 or precision == "month":
            first = dt.date(int(parts[0]), int(parts[1]), 1)
            return first, first.replace(day=monthrange(first.year, first.month)[1])
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    if precision == "week":
        monday = shift_days(day, -day.weekday())
        return monday, shift_days(monday, 6)
    return day, day


def shift_days(day: dt.date, days: int) -> dt.date:
    """The day so many days on, held inside the calendar's years 1 to 9999."""
    ordinal = day.toordinal() + days
    return dt.date.fromordinal(min(max(ordinal, 1), dt.date.max.toordinal()))
