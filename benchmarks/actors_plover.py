"""Actor country against PLOVER's coded source and target actors (an indirect actor measure).

Each PLOVER GSR record is a sentence whose source and target actors are coded with an ISO alpha-3
country (or IGO / NGO). For every coded actor text found in the sentence: is there an actor whose
mention overlaps it (coverage), and does that actor carry the coded country or sector (accuracy)?

    .venv/bin/python benchmarks/actors_plover.py ../shared/data/events/PLOVER_GSR_CAMEO.json
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from sitrep.extract.actors.extractor import ActorExtractor
from sitrep.model import Actor, Article
from sitrep.nlp import build_nlp
from sitrep.settings import Settings


def coded_actors(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(actor text, code) of a record's source and target actors."""
    out: list[tuple[str, str]] = []
    for role in ("source", "target"):
        value = record.get(role)
        if isinstance(value, list):
            out += [(a["actorText"], a["code"]) for a in value if isinstance(a, dict)]
    return [(text, code) for text, code in out if text and code]


def agrees(actor: Actor, code: str) -> bool:
    """Whether an actor carries the coded country, or the coded IGO/NGO sector."""
    return actor.sector == code if code in ("IGO", "NGO") else actor.country == code


def main() -> None:
    """Print coverage and country accuracy of actors on PLOVER's coded actor texts."""
    parser = argparse.ArgumentParser()
    parser.add_argument("gold", type=Path)
    args = parser.parse_args()
    records = [r for r in json.loads(args.gold.read_text()) if r.get("text") and coded_actors(r)]
    nlp = build_nlp(Settings())
    extractor = ActorExtractor()
    tally: Counter[str] = Counter()
    texts = [r["text"] for r in records]
    for record, doc in zip(records, nlp.pipe(texts, batch_size=32), strict=True):
        text = record["text"]
        article = Article("x", text, None, None, None, None, None, "en")
        actors = extractor(doc, article).actors
        for actor_text, code in coded_actors(record):
            start = text.find(actor_text)
            if start < 0:
                continue
            end = start + len(actor_text)
            tally["coded"] += 1
            found = [a for a in actors if any(s < end and start < e for s, e in a.mentions)]
            if found:
                tally["covered"] += 1
                tally["agrees" if any(agrees(a, code) for a in found) else "disagrees"] += 1
    coded, covered = tally["coded"], tally["covered"]
    print(f"coded actor texts {coded}; covered by an actor {covered} ({covered / coded:.3f})")
    print(f"country/sector agrees on covered {tally['agrees'] / max(covered, 1):.3f}")
    print(f"country/sector agrees over all coded {tally['agrees'] / coded:.3f}")


if __name__ == "__main__":
    main()
