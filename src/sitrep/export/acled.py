"""A fused event as one ACLED row: inter codes from actor sectors, interaction, precision codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sitrep.export.acled_names import acled_names, actor_name, iso_numeric, region
from sitrep.export.rows import EventRecord
from sitrep.geo.countries import countries

INTER_BY_SECTOR = {
    # ACLED's actor types (acled_interaction_codes.csv): 1 state forces, 2 rebels, 3 political
    # militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other.
    "GOV": 1, "MIL": 1, "COP": 1, "SPY": 1, "JUD": 1, "LEG": 1,
    "REB": 2, "INS": 2, "SEP": 2,
    "UAF": 3, "PRM": 3,
    "ETH": 4,
    "RIO": 5,
    "PRO": 6, "OPP": 6,
    "CVL": 7, "MED": 7, "EDU": 7, "REF": 7, "BUS": 7, "LAB": 7, "REL": 7, "JRN": 7,
}
STATE = 1
CIVILIANS = 7
EXTERNAL = 8
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def inter_code(sector: str | None, actor_country: str | None, event_country: str | None) -> int:
    """ACLED inter code; a state's forces acting in another country are external forces (8)."""
    if sector is None:
        return EXTERNAL
    code = INTER_BY_SECTOR.get(sector, EXTERNAL)
    abroad = bool(actor_country and event_country
                  and countries().alpha3(event_country) not in (None, actor_country))
    return EXTERNAL if code == STATE and abroad else code


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction: 10·lower + higher (17 military v civilians), 10·inter1 alone."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _event_day(start: dt.date | None, end: dt.date | None) -> dt.date | None:
    # ACLED dates an event known only to the week or month by a day inside it; the middle
    # is the least wrong. The codebook's format is dd-mm-yyyy.
    if start is None:
        return None
    return start if end is None else start + (end - start) // 2


def acled_row(record: EventRecord) -> dict[str, Any] | None:
    """The ACLED row of a fused event, or None if ACLED would not code it."""
    e = record.event
    if not e["acled_event_type"] or e["status"] != "reported":
        return None
    inter1 = inter_code(e["actor1_sector"], e["actor1_country"], e["country"]) \
        if e["actor1"] else None
    inter2 = inter_code(e["actor2_sector"], e["actor2_country"], e["country"]) \
        if e["actor2"] else None
    geo = e["geo_precision"]
    day = _event_day(record.date_start, record.date_end)
    kind = e["acled_event_type"]

    def actor(prefix: str) -> str:
        return actor_name(e[prefix], e[f"{prefix}_sector"], e[f"{prefix}_country"], kind, day)

    alpha3 = countries().alpha3(e["country"]) if e["country"] else None
    targets_civilians = inter2 == CIVILIANS and kind in acled_names().civilian_targeting_types
    return {
        # `sitrep show UKR42` accepts the id as it stands.
        "event_id_cnty": f"{alpha3 or 'XXX'}{e['id']}",
        "event_date": day.strftime("%d-%m-%Y") if day else "",
        "year": day.year if day else "",
        "time_precision": TIME_PRECISION.get(e["date_precision"] or "", ""),
        "event_type": kind, "sub_event_type": e["acled_sub_event_type"] or "",
        "actor1": actor("actor1"), "assoc_actor_1": "",
        "inter1": inter1 if inter1 is not None else "",
        "actor2": actor("actor2"), "assoc_actor_2": "",
        "inter2": inter2 if inter2 is not None else "",
        "interaction": interaction(inter1, inter2) or "",
        "civilian_targeting": "Civilian targeting" if targets_civilians else "",
        "iso": iso_numeric(e["country"]), "region": region(e["country"]),
        "country": countries().name_of(e["country"]) if e["country"] else "",  # by name
        "admin1": e["admin1"] or "", "admin2": "", "location": e["place"] or "",
        "latitude": e["lat"] if e["lat"] is not None else "",
        "longitude": e["lon"] if e["lon"] is not None else "",
        "geo_precision": min(geo, 3) if geo is not None else "",
        "source": "; ".join(record.publishers), "notes": record.sentence or "",
        "fatalities": e["fatalities"] or 0,
        "timestamp": _timestamp(record.updated_at),
    }


def _timestamp(value: dt.datetime | None) -> int | str:
    """Unix time of the row's last change (stored in UTC, without a zone), as ACLED's column."""
    if value is None:
        return ""
    return int(value.replace(tzinfo=dt.UTC).timestamp())
