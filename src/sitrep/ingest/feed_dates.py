"""Publication dates as feeds and scrapers write them, read to a calendar date."""

from __future__ import annotations

import datetime as dt
import email.utils

_WRITTEN = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y",
            "%b. %d, %Y")
"""Dates in words: "Dec 17, 2016", "December 17, 2016", "17 December 2016"."""


def feed_date(value: str) -> dt.date:
    """The date of an ISO date or date-time, an RFC 2822 date ("Wed, 23 Nov 2016 10:00:00 GMT")
    or a date in words ("Dec 17, 2016"); ValueError naming the forms otherwise.

    A date-time is taken on its own calendar day, as written (not moved to UTC): the day the
    outlet dated the article.
    """
    text = " ".join(value.split())
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    for form in _WRITTEN:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD, an ISO date-time, an RFC 2822 "
                     "date such as 'Wed, 23 Nov 2016 10:00:00 GMT', or 'Dec 17, 2016')")
