"""How well the actor stage's metonym spans match GeoWebNews' Metonymic toponyms.

There is no gold actor data set; GeoWebNews types each toponym Literal, Metonymic, ... so the
metonym set can be measured indirectly: how many Metonymic spans it catches (recall), and how many
literal toponyms it wrongly takes away from the places stage.

    .venv/bin/python benchmarks/actors_metonyms.py ../shared/data/places/GeoWebNews/brat [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
from collections import Counter
from pathlib import Path

from sitrep.extract.actors.extractor import ActorExtractor
from sitrep.model import Article
from sitrep.nlp import build_nlp
from sitrep.settings import Settings

LITERAL = frozenset(
    {"Literal", "Literal_Modifier", "Embedded_Literal", "Mixed", "Literal_Expression"}
)


def gold_spans(ann: Path) -> list[tuple[str, int, int]]:
    """(type, start, end) of every toponym in one brat annotation file."""
    spans: list[tuple[str, int, int]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        kind, offsets = line.split("\t")[1].split(" ", 1)
        start, end = offsets.split(";")[0].split()
        spans.append((kind, int(start), int(end)))
    return spans


def main() -> None:
    """Print caught / missed Metonymic spans and literal toponyms wrongly claimed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("brat", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    nlp = build_nlp(Settings())
    actors = ActorExtractor()
    files = sorted(args.brat.glob("*.txt"), key=lambda p: int(p.stem))[: args.limit]
    texts = [f.read_text(encoding="utf-8") for f in files]
    tally: Counter[str] = Counter()
    for path, text, doc in zip(files, texts, nlp.pipe(texts, batch_size=8), strict=True):
        article = Article(
            hashlib.sha256(text.encode()).hexdigest(), text, None, None, None, None, None, "en"
        )
        metonyms = actors(doc, article).metonyms
        gold = gold_spans(path.with_suffix(".ann"))
        for kind, start, end in gold:
            hit = any(s < end and start < e for s, e in metonyms)
            if kind == "Metonymic":
                tally["metonymic caught" if hit else "metonymic missed"] += 1
            elif kind in LITERAL:
                tally[f"literal claimed ({kind})" if hit else "literal kept"] += 1
            elif hit:
                tally[f"other claimed ({kind})"] += 1
        for s, e in metonyms:
            if not any(s < end and start < e for _, start, end in gold):
                tally["metonym on no gold toponym"] += 1
        tally["metonyms predicted"] += len(metonyms)
    caught, missed = tally["metonymic caught"], tally["metonymic missed"]
    claimed = sum(v for k, v in tally.items() if k.startswith("literal claimed"))
    print(f"articles {len(files)}")
    for key in sorted(tally):
        print(f"  {key}: {tally[key]}")
    print(f"metonymic recall {caught / max(caught + missed, 1):.3f} ({caught}/{caught + missed})")
    predicted_on_gold = tally["metonyms predicted"] - tally["metonym on no gold toponym"]
    print(f"metonym precision vs Metonymic gold {caught / max(predicted_on_gold, 1):.3f}")
    print(f"literal toponyms wrongly claimed {claimed}")


if __name__ == "__main__":
    main()
