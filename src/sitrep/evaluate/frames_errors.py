"""The wrong fields of matched frames, listed for reading: what the gold says, what came out.

``sitrep eval frames PATH --errors actor1,actor2`` prints, after the figures, one block per
matched event whose listed fields are wrong: the event's type and evidence sentence, and for
each wrong field the gold value beside the predicted one (a place and a date with how they were
chosen). Listing places adds how often the place is right by how it was chosen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

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


def listing(matches: Sequence[ArticleMatch], fields: tuple[str, ...]) -> str:
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
    head = [f"wrong on matched events: {tally}"]
    if "place" in fields:
        head.append(_place_by_source(matches))
    return "\n".join([*head, *blocks])


def _place_by_source(matches: Iterable[ArticleMatch]) -> str:
    """How often the place is right, by how it was chosen (clause, sentence, ..., article)."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for match in matches:
        for pair in match.pairs:
            ok = checks(pair.gold, pair.event).get("place")
            if ok is None:
                continue
            place = pair.event.place
            source = "none" if place is None else str(place.source)
            total[source] += 1
            right[source] += ok
    return "place right by source: " + ", ".join(
        f"{s} {right[s]}/{n}" for s, n in total.most_common())


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
        p = gold.place
        point = (f"({p.lat:.2f}, {p.lon:.2f}) within {p.km:g} km" if p and p.lat is not None
                 and p.lon is not None else f"country {p.country if p else None}")
        return f"{gold.place_name!r} {point}"
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
        p = event.place
        if p is None:
            return "null"
        point = f"({p.lat:.2f}, {p.lon:.2f})" if p.lat is not None and p.lon is not None else "()"
        return f"{p.name!r} {point} {p.country} precision {p.precision} from {p.source}"
    if field == "date":
        return f"{event.date} {event.date_precision} from {event.date_source}"
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
