"""Report -> the public JSON contract ``sitrep.report/1``, and its validation by schema.json."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from sitrep.model import Event, Report

SCHEMA_ID = "sitrep.report/1"


def to_json(report: Report) -> dict[str, Any]:
    """The report as the plain JSON document SPEC.md defines (unknown is null, never invented)."""
    a = report.article
    return {
        "schema": SCHEMA_ID,
        "article": {
            "id": a.id,
            "url": a.url,
            "title": a.title,
            "source": a.source,
            "published": a.published.isoformat() if a.published else None,
            "dateline": a.dateline,
            "language": a.language,
            "text": a.text,
        },
        "actors": [
            {
                "name": x.name,
                "kind": x.kind,
                "country": x.country,
                "sector": x.sector,
                "title": x.title,
                "mentions": [list(m) for m in x.mentions],
            }
            for x in report.actors
        ],
        "places": [
            {
                "name": p.name,
                "geonameid": p.geonameid,
                "lat": p.lat,
                "lon": p.lon,
                "country": p.country,
                "admin1": p.admin1,
                "precision": p.precision,
                "mentions": [list(m) for m in p.mentions],
            }
            for p in report.places
        ],
        "times": [
            {"text": t.text, "start": t.start, "end": t.end, "value": t.value,
             "precision": t.precision}
            for t in report.times
        ],
        "quotes": [
            {
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "kind": q.kind,
                "speaker": q.speaker,
                "speaker_mention": list(q.speaker_mention) if q.speaker_mention else None,
                "cue": q.cue,
            }
            for q in report.quotes
        ],
        "events": [_event(e) for e in report.events],
    }


def _event(e: Event) -> dict[str, Any]:
    acled = None
    if e.acled_event_type is not None:
        acled = {"event_type": e.acled_event_type, "sub_event_type": e.acled_sub_event_type}
    return {
        "id": e.id,
        "type": e.type,
        "mode": e.mode,
        "acled": acled,
        "actor1": _actor(e.actor1),
        "actor2": _actor(e.actor2),
        "date": e.date,
        "date_precision": e.date_precision,
        "place": None if e.place is None else {
            "name": e.place.name, "lat": e.place.lat, "lon": e.place.lon,
            "country": e.place.country, "admin1": e.place.admin1,
            "precision": e.place.precision,
        },
        "counts": [
            {"kind": c.kind, "value": c.value, "qualifier": c.qualifier, "noun": c.noun}
            for c in e.counts
        ],
        "status": e.status,
        "evidence": [{"start": s, "end": t} for s, t in e.evidence],
        "confidence": round(e.confidence, 3),
    }


def _actor(actor: Any) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"name": actor.name, "country": actor.country, "sector": actor.sector}


def dumps(report: Report, *, indent: int | None = None) -> str:
    """The report as JSON text (UTF-8, not ASCII-escaped)."""
    return json.dumps(to_json(report), ensure_ascii=False, indent=indent)


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of sitrep.report/1, shipped in the package."""
    text = resources.files("sitrep").joinpath("schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def validate(document: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError if the document breaks the contract."""
    import jsonschema

    jsonschema.Draft202012Validator(schema()).validate(document)
