"""The wrong fields of matched frames, listed for reading: what the gold says, what came out.

``sitrep eval frames PATH --errors actor1,actor2`` prints, after the figures, one block per
matched event whose listed fields are wrong: the event's type and evidence sentence, and for
each wrong field the gold value beside the predicted one.
"""

from __future__ import annotations

from collections.abc import Iterable

from sitrep.evaluate.frames import ArticleMatch, Pair
from sitrep.evaluate.frames_fields import FIELDS, checks
from sitrep.evaluate.frames_gold import GoldActor
from sitrep.model import EventActor

_MAX_SENTENCE = 400


def parse_fields(value: str) -> tuple[str, ...]:
    """The fields of a comma-separated list ('actor1,actor2'), each one of ``FIELDS``."""
    fields = tuple(f.strip() for f in value.split(",") if f.strip())
    unknown = [f for f in fields if f not in FIELDS]
    if unknown or not fields:
        raise ValueError(f"unknown field(s) {', '.join(unknown) or '(none)'}; "
                         f"choose among {', '.join(FIELDS)}")
    return fields


def listing(matches: Iterable[ArticleMatch], fields: tuple[str, ...]) -> str:
    """One block per matched event with a wrong field among ``fields``, and a tally."""
    blocks: list[str] = []
    wrong = dict.fromkeys(fields, 0)
    for match in matches:
        text = match.report.article.text
        for pair in sorted(match.pairs, key=lambda p: min(lo for lo, _ in p.event.evidence)):
            result = checks(pair.gold, pair.event)
            bad = [f for f in fields if f in result and not result[f]]
            if not bad:
                continue
            for f in bad:
                wrong[f] += 1
            lines = [f"- {pair.gold.type} {pair.event.id}: {_sentence(text, pair)}"]
            lines.extend(f"    {f}: gold {_gold(pair, f)} | got {_got(pair, f)}" for f in bad)
            blocks.append("\n".join(lines))
    tally = ", ".join(f"{f} {n}" for f, n in wrong.items())
    return "\n".join([f"wrong on matched events: {tally}", *blocks])


def _sentence(text: str, pair: Pair) -> str:
    lo = min(a for a, _ in pair.event.evidence)
    hi = max(b for _, b in pair.event.evidence)
    found = " ".join(text[lo:hi].split())
    return found if len(found) <= _MAX_SENTENCE else found[:_MAX_SENTENCE] + " …"


def _gold(pair: Pair, field: str) -> str:
    gold = pair.gold
    if field in ("actor1", "actor2"):
        return _gold_actor(gold.actor1 if field == "actor1" else gold.actor2)
    if field == "place":
        return f"{gold.place_name!r} {gold.place}"
    if field == "date":
        return str(gold.date)
    if field == "status":
        return gold.status
    return str(gold.killed if field == "killed" else gold.injured)


def _got(pair: Pair, field: str) -> str:
    event = pair.event
    if field in ("actor1", "actor2"):
        return _actor(event.actor1 if field == "actor1" else event.actor2)
    if field == "place":
        place = event.place
        return "null" if place is None else f"{place.name!r} ({place.lat}, {place.lon})"
    if field == "date":
        return str(event.date)
    if field == "status":
        return event.status
    return ", ".join(f"{c.kind} {c.value}" for c in event.counts) or "no counts"


def _gold_actor(actor: GoldActor) -> str:
    if actor.absent:
        return "null"
    return f"{actor.name!r} {actor.country or '-'}"


def _actor(actor: EventActor | None) -> str:
    if actor is None:
        return "null"
    return f"{actor.name!r} {actor.country or '-'} {actor.sector or '-'}"
