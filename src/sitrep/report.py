"""Report -> the public JSON contract ``sitrep.report/1``, and its validation by schema.json."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from sitrep.data import event_types
from sitrep.data.event_types import EventTypes
from sitrep.model import Event, Report

SCHEMA_ID = "sitrep.report/1"


def to_json(report: Report) -> dict[str, Any]:
    """The report as the plain JSON document SPEC.md defines (unknown is null, never invented)."""
    a = report.article
    return {
        "schema": SCHEMA_ID,
        "relevant": report.relevant,
        "article": {
            "id": a.id,
            "url": a.url,
            "title": a.title,
            "source": a.source,
            "published": a.published.isoformat() if a.published else None,
            "published_source": a.published_source,
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
                "cue_class": q.cue_class,
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
        "date_source": e.date_source,
        "place": None if e.place is None else {
            "name": e.place.name, "lat": e.place.lat, "lon": e.place.lon,
            "country": e.place.country, "admin1": e.place.admin1,
            "precision": e.place.precision, "source": e.place.source, "site": e.place.site,
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


def schema() -> dict[str, Any]:
    """The JSON Schema of sitrep.report/1: schema.json with the event types of the type table."""
    return _schema(event_types.table())


@cache
def _schema(types: EventTypes) -> dict[str, Any]:
    text = resources.files("sitrep").joinpath("schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    # The types are data (data/events/types.json), so adding one is a change to that file alone.
    loaded["$defs"]["event_type"]["enum"] = list(types.names())
    return loaded


def validate(document: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError if the document breaks the contract."""
    _validator(event_types.table()).validate(document)


@cache
def _validator(types: EventTypes) -> Any:
    # Built once per table: batch ingest validates every report it loads.
    import jsonschema

    return jsonschema.Draft202012Validator(_schema(types))


def from_json(document: dict[str, Any]) -> Report:
    """A Report back from its JSON (e.g. a batch output), validated first; to_json's inverse."""
    import datetime as dt

    from sitrep.model import (
        Actor,
        Article,
        Count,
        EventActor,
        EventPlace,
        Place,
        Quote,
        TimeMention,
    )

    validate(document)
    a = document["article"]
    article = Article(
        id=a["id"], text=a["text"], url=a["url"], title=a["title"], source=a["source"],
        published=dt.date.fromisoformat(a["published"]) if a["published"] else None,
        dateline=a["dateline"], language=a["language"], origin=a["url"] or a["id"],
        published_source=a.get("published_source"),
    )

    def span(pair: list[int]) -> tuple[int, int]:
        return (pair[0], pair[1])

    def event_actor(x: dict[str, Any] | None) -> EventActor | None:
        return None if x is None else EventActor(x["name"], x["country"], x["sector"])

    events = []
    for e in document["events"]:
        p = e["place"]
        events.append(Event(
            id=e["id"], type=e["type"], mode=e["mode"],
            acled_event_type=e["acled"]["event_type"] if e["acled"] else None,
            acled_sub_event_type=e["acled"]["sub_event_type"] if e["acled"] else None,
            actor1=event_actor(e["actor1"]), actor2=event_actor(e["actor2"]),
            date=e["date"], date_precision=e["date_precision"],
            place=None if p is None else EventPlace(
                p["name"], p["lat"], p["lon"], p["country"], p["admin1"], p["precision"],
                p.get("source"), p.get("site")),
            counts=tuple(Count(c["kind"], c["value"], c["qualifier"], c["noun"])
                         for c in e["counts"]),
            status=e["status"],
            evidence=tuple((x["start"], x["end"]) for x in e["evidence"]),
            confidence=e["confidence"],
            date_source=e.get("date_source"),
        ))
    return Report(
        article=article,
        actors=tuple(Actor(x["name"], x["kind"], x["country"], x["sector"], x["title"],
                           tuple(span(m) for m in x["mentions"])) for x in document["actors"]),
        places=tuple(Place(p["name"], p["geonameid"], p["lat"], p["lon"], p["country"],
                           p["admin1"], p["precision"], tuple(span(m) for m in p["mentions"]))
                     for p in document["places"]),
        times=tuple(TimeMention(t["text"], t["start"], t["end"], t["value"], t["precision"])
                    for t in document["times"]),
        # A report written before cue_class existed showed every quote as one: speech.
        quotes=tuple(Quote(q["text"], q["start"], q["end"], q["kind"], q["speaker"],
                           span(q["speaker_mention"]) if q["speaker_mention"] else None, q["cue"],
                           q.get("cue_class", "speech"))
                     for q in document["quotes"]),
        events=tuple(events),
        relevant=bool(document.get("relevant", True)),
    )
