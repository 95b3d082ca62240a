"""Calendar arithmetic on dates and TimeML values: ISO days, weeks, months, holidays, shifts."""

from __future__ import annotations

import datetime as dt
import re


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
