"""The wrong fields of matched frames-dev events, one block each, for reading real output.

``sitrep eval frames PATH --errors place,killed`` prints, after the scores, every matched event
whose listed field is wrong: the article, the gold anchor, what the gold says and what the event
carries (with how its place and date were chosen), and the event's evidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from sitrep.errors import EvalError
from sitrep.evaluate import EvalResult
from sitrep.evaluate.frames import ARTICLES, GOLD, ArticleMatch, Pair, extract_and_match, score
from sitrep.evaluate.frames_fields import FIELDS, checks
from sitrep.model import Event
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

_EVIDENCE_WIDTH = 400


def run(path: Path, settings: Settings, fields: Iterable[str]) -> tuple[EvalResult, str]:
    """The frames scores and the listing of the matched events wrong on ``fields``."""
    wanted = tuple(fields)
    unknown = [f for f in wanted if f not in FIELDS]
    if unknown:
        raise EvalError(",".join(unknown), f"not a frames field; choose from {', '.join(FIELDS)}")
    folder = path if path.is_dir() else path.parent
    if not (folder / ARTICLES).exists() or not (folder / GOLD).exists():
        raise EvalError(str(path), f"expected a folder with {ARTICLES} and {GOLD}")
    matches, lost = extract_and_match(folder / ARTICLES, folder / GOLD, Pipeline(settings))
    return score(matches, str(folder), lost), listing(matches, wanted)


def listing(matches: list[ArticleMatch], fields: tuple[str, ...]) -> str:
    """One block per matched event wrong on any of ``fields``, in article order."""
    blocks: list[str] = []
    for m in matches:
        for pair in sorted(m.pairs, key=lambda p: min((lo for lo, _ in p.event.evidence),
                                                       default=0)):
            result = checks(pair.gold, pair.event)
            wrong = [f for f in fields if f in result and not result[f]]
            if wrong:
                blocks.append(_block(m, pair, wrong))
    counts = {f: sum(f"wrong {f}:" in b for b in blocks) for f in fields}
    head = "errors: " + ", ".join(f"{f} {n}" for f, n in counts.items())
    return "\n\n".join([head, _by_source(matches), *blocks])


def _by_source(matches: list[ArticleMatch]) -> str:
    """How often the place is right, by how it was chosen (clause, sentence, ..., article)."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for m in matches:
        for pair in m.pairs:
            ok = checks(pair.gold, pair.event).get("place")
            if ok is None:
                continue
            place = pair.event.place
            source = "none" if place is None else str(place.source)
            total[source] += 1
            right[source] += ok
    return "place right by source: " + ", ".join(
        f"{s} {right[s]}/{n}" for s, n in total.most_common())


def _block(m: ArticleMatch, pair: Pair, wrong: list[str]) -> str:
    gold, event = pair.gold, pair.event
    text = m.report.article.text
    lines = [f"== {gold.url}", f"   anchor: {gold.strings[0]!r} ({gold.type})"]
    for field in wrong:
        lines.append(f"   wrong {field}: gold {_gold_value(pair, field)} | got "
                     f"{_event_value(event, field)}")
    for lo, hi in event.evidence:
        lines.append(f"   evidence: {text[lo:hi][:_EVIDENCE_WIDTH]!r}")
    return "\n".join(lines)


def _gold_value(pair: Pair, field: str) -> str:
    gold = pair.gold
    if field == "place":
        p = gold.place
        point = (f"({p.lat:.2f},{p.lon:.2f}) {p.km:g} km" if p and p.lat is not None
                 else f"country {p.country if p else None}")
        return f"{gold.place_name!r} {point}"
    if field in ("actor1", "actor2"):
        actor = gold.actor1 if field == "actor1" else gold.actor2
        return f"{actor.name!r} {actor.country}"
    return repr(getattr(gold, field))


def _event_value(event: Event, field: str) -> str:
    if field == "place":
        p = event.place
        if p is None:
            return "None"
        point = f"({p.lat:.2f},{p.lon:.2f})" if p.lat is not None and p.lon is not None else "()"
        return f"{p.name!r} {point} {p.country} precision {p.precision} from {p.source}"
    if field == "date":
        return f"{event.date} {event.date_precision} from {event.date_source}"
    if field in ("killed", "injured"):
        return repr([(c.value, c.qualifier) for c in event.counts if c.kind == field])
    if field in ("actor1", "actor2"):
        actor = event.actor1 if field == "actor1" else event.actor2
        return "None" if actor is None else f"{actor.name!r} {actor.country} {actor.sector}"
    return repr(getattr(event, field))
