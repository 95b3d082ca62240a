"""An events row as the JSON text of `store.queries.event_dict`, built by the database.

A page of 100 events spent most of its Python time turning rows into dicts (27 attribute reads
a row, dates parsed from text and formatted back) and the dicts into JSON. Here the database
writes each row's JSON object itself (SQLite `json_object`, PostgreSQL `json_build_object`), and
the API splices the texts into its answer without decoding them. The fields, their order and
their values are event_dict's; tests/api/test_rowjson.py compares the two row by row on both
backends. One difference: SQLite writes a real number with 15 significant digits (Python's
shortest round trip may need 17), so a coordinate may differ below a nanometre.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa

from sitrep.store import schema as t

_PLAIN = ("id", "type", "mode", "acled_event_type", "acled_sub_event_type", "status")
_AFTER_DATE = ("date_precision", "actor1", "actor1_country", "actor1_sector", "actor2",
               "actor2_country", "actor2_sector", "place", "lat", "lon", "country", "admin1",
               "geo_precision", "place_site", "place_source", "fatalities", "fatalities_latest",
               "sources")


def _iso_week_sqlite(day: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    """ISO 8601 year and week of a date ("2024-W11") in SQLite, which has no %V before 3.46:
    the week's Thursday (Monday + 3 days) names its year, and its day of the year its week."""
    f = sa.func
    monday_offset = (sa.cast(f.strftime("%w", day), sa.Integer) + 6) % 7
    thursday = f.date(day, sa.literal_column("'-'").concat(sa.cast(monday_offset, sa.Text))
                      .concat(" days"), "+3 days")
    week = (sa.cast(f.strftime("%j", thursday), sa.Integer) - 1) // 7 + 1
    return sa.cast(f.strftime("%Y", thursday), sa.Text).concat("-W").concat(
        f.printf("%02d", week))


def _date_value(dialect: str) -> sa.ColumnElement[Any]:
    """`iso_value`: the date at its precision (2024-03-13, 2024-W11, 2024-03, 2024); a week
    is named by its last day's ISO week."""
    c = t.events.c
    week_day = sa.func.coalesce(c.date_end, c.date_start)
    if dialect == "postgresql":
        fmt = sa.func.to_char
        return sa.case(
            (c.date_start.is_(None), sa.null()),
            (c.date_precision == "week", fmt(week_day, 'IYYY-"W"IW')),
            (c.date_precision == "month", fmt(c.date_start, "YYYY-MM")),
            (c.date_precision == "year", fmt(c.date_start, "YYYY")),
            else_=fmt(c.date_start, "YYYY-MM-DD"))
    text = sa.cast(c.date_start, sa.Text)
    return sa.case(
        (c.date_start.is_(None), sa.null()),
        (c.date_precision == "week", _iso_week_sqlite(week_day)),
        (c.date_precision == "month", sa.func.substr(text, 1, 7)),
        (c.date_precision == "year", sa.func.substr(text, 1, 4)),
        else_=text)


def _iso_date(dialect: str, column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """A date column as its ISO text (SQLite stores dates as that text already)."""
    if dialect == "postgresql":
        return sa.func.to_char(column, "YYYY-MM-DD")
    return sa.cast(column, sa.Text)


def _key(name: str) -> sa.ColumnElement[str]:
    """A field name written into the SQL (a constant of this module, not a parameter)."""
    return sa.literal_column(f"'{name}'", sa.Text)


@cache
def _event_json_sql(dialect: sa.Dialect) -> str:
    """The SQL of `_event_json`, with its constants written in, compiled once per dialect."""
    compiled = _event_json(dialect.name).compile(
        dialect=dialect, compile_kwargs={"literal_binds": True})
    return str(compiled)


def event_json(dialect: sa.Dialect) -> sa.ColumnElement[str]:
    """One events row's JSON object text, in `event_dict`'s field order, as one SQL fragment:
    built as an expression tree, SQLAlchemy would make the 25 pairs again and walk them for
    its statement cache key on every page (most of the Python time this module saves)."""
    return sa.literal_column(_event_json_sql(dialect), sa.Text)


def _event_json(dialect: str) -> sa.ColumnElement[str]:
    """SQL for one events row's JSON object text, in `event_dict`'s field order."""
    c = t.events.c
    pairs: list[Any] = []
    for name in _PLAIN:
        pairs += [_key(name), c[name]]
    pairs += [_key("date"), _date_value(dialect)]
    for name in _AFTER_DATE:
        pairs += [_key(name), c[name]]
    pairs += [_key("start"), _iso_date(dialect, c.date_start),
              _key("end"), _iso_date(dialect, c.date_end)]
    if dialect == "postgresql":
        # As text: psycopg would otherwise parse the json into a dict, the work saved here.
        return sa.cast(sa.func.json_build_object(*pairs), sa.Text)
    return sa.func.json_object(*pairs, type_=sa.Text)
