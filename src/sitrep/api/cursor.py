"""Opaque cursors for keyset pagination: the sort key (start date, id) of a page's last event.

Events are listed newest first: dated events by (start date, id) descending, then undated ones
by id descending. A cursor names the last event a page showed, so that the next page starts
just after it however many rows were inserted meanwhile (no duplicates, no gaps).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass

from sitrep.errors import InputError


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page ended: its last event's start date (None: undated) and id."""

    date: dt.date | None
    id: int


def encode(cursor: Cursor) -> str:
    """The cursor as a URL-safe token."""
    raw = json.dumps([cursor.date.isoformat() if cursor.date else None, cursor.id],
                     separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(token: str) -> Cursor:
    """The cursor a token names, or InputError when it is not one this server made."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        date, row = json.loads(raw)
        if not isinstance(row, int) or isinstance(row, bool) or not 0 <= row < 2**62:
            raise ValueError(row)
        return Cursor(dt.date.fromisoformat(date) if date is not None else None, row)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as err:
        raise InputError("cursor", "not a cursor this server gave; start again without "
                                   "one") from err
