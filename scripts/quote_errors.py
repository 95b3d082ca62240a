"""List sitrep's quote errors on a PolNeAR folder: false positives, misses, wrong speakers.

Run from the repository root: ``PYTHONPATH=src .venv/bin/python scripts/quote_errors.py
../shared/data/quotes/polnear-dev [--limit N] [--cache DIR] [--speech]``. Every article is
parsed once (spaCy docs, articles and actors are kept in ``--cache``), so that a change to the
quote stage is re-listed in seconds; delete the cache after a change to ingest, nlp or
actors. Units, matching and speaker rule are the scorer's (sitrep.evaluate.quotes); each line
names the document, the offsets, the cue and the speaker, then the text; SPAN lines are
matched pairs whose overlap stays below 0.8. The totals at the end are the scorer's counts at
overlap 0.3, its speaker accuracy and F1 at 0.8.
"""

from __future__ import annotations

import argparse
import pickle
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from sitrep.evaluate.quotes import (
    THRESHOLDS,
    GoldCueClasses,
    GoldQuote,
    OffsetMap,
    PredictedQuote,
    _is_marked,
    documents,
    match,
    merge,
    speaker_right,
)
from sitrep.ingest import to_article
from sitrep.model import Actor, Article, RawDocument
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

SHOWN = 220
"""Characters of a quote's text printed."""


@dataclass(frozen=True, slots=True)
class Parsed:
    name: str
    text: str
    golds: list[GoldQuote]
    article: Article
    doc_bytes: bytes
    actors: tuple[Actor, ...]


def parsed(pipeline: Pipeline, folder: Path, limit: int | None, cache: Path) -> list[Parsed]:
    """Every article of the folder, parsed, from the cache when it is there."""
    out = []
    cache.mkdir(parents=True, exist_ok=True)
    for name, text, golds in documents(folder):
        if limit is not None and len(out) >= limit:
            break
        path = cache / f"{name}.pickle"
        if path.exists():
            item: Parsed = pickle.loads(path.read_bytes())
            out.append(Parsed(name, text, golds, item.article, item.doc_bytes, item.actors))
            continue
        article = to_article(RawDocument(origin=name, text=text), pipeline.settings)
        doc = pipeline.nlp(article.text)
        found = pipeline.mentions(doc, article, stages=("actors",))
        item = Parsed(name, text, golds, article, doc.to_bytes(), found.actors)
        path.write_bytes(pickle.dumps(item))
        out.append(item)
    return out


def _show(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    words = " | ".join(text[a:b] for a, b in spans).replace("\n", " ")
    return words if len(words) <= SHOWN else words[:SHOWN] + "…"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/sitrep-quote-parses"))
    parser.add_argument("--speech", action="store_true", help="score speech cues only")
    args = parser.parse_args()
    pipeline = Pipeline(Settings())
    gold_class = GoldCueClasses(
        lambda text: [t.lemma_.lower() for t in pipeline.nlp(text)], pipeline.quotes.classes
    )
    tp = fp = fn = right = scored = tight = 0
    for item in parsed(pipeline, args.folder, args.limit, args.cache):
        doc = Doc(pipeline.nlp.vocab).from_bytes(item.doc_bytes)
        quotes = pipeline.quotes(doc, item.article, item.actors)
        to_raw = OffsetMap(item.text, item.article.text)
        preds = merge(quotes, to_raw, item.article.text)
        golds = item.golds
        if args.speech:
            preds = [p for p in preds if p.cue_class == "speech"]
            golds = [
                g for g in golds if gold_class(g.cue_text, _is_marked(item.text, g)) == "speech"
            ]
        pairs = match(preds, golds, THRESHOLDS[0])
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        text = item.text
        for i, p in enumerate(preds):
            if i not in matched_p:
                print(f"FP {item.name} {p.spans[0][0]} cue={p.cue!r} class={p.cue_class} "
                      f"spk={p.speaker!r} :: {_show(text, p.spans)}")
        for j, g in enumerate(golds):
            if j not in matched_g:
                cls = gold_class(g.cue_text, _is_marked(text, g))
                print(f"FN {item.name} {g.content[0][0]} cue={g.cue_text!r} class={cls} "
                      f"src={g.source_text!r} :: {_show(text, g.content)}")
        for i, j in pairs:
            p, g = preds[i], golds[j]
            if g.source:
                scored += 1
                if speaker_right(p, g):
                    right += 1
                else:
                    at = p.speaker_mention
                    mention = text[at[0] : at[1]] if at else None
                    shown = _show(text, g.content)[:100]
                    print(f"SPK {item.name} {g.content[0][0]} cue={p.cue!r} pred={p.speaker!r} "
                          f"mention={mention!r} gold={g.source_text!r} :: {shown}")
            _print_span(item.name, text, p, g)
        tight += len(match(preds, golds, THRESHOLDS[1]))
        tp += len(pairs)
        fp += len(preds) - len(pairs)
        fn += len(golds) - len(pairs)
    p_ = tp / (tp + fp) if tp + fp else 0.0
    r_ = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
    print(f"TOTAL tp={tp} fp={fp} fn={fn} P={p_:.4f} R={r_:.4f} F1={f:.4f} "
          f"speaker={right}/{scored}={right / scored if scored else 0:.4f} "
          f"F1@{THRESHOLDS[1]}={2 * tight / (2 * tp + fp + fn) if tp + fn else 0:.4f}")


def _print_span(name: str, text: str, p: PredictedQuote, g: GoldQuote) -> None:
    """A matched pair whose overlap is below 0.8: the span is off."""
    pc = {i for a, b in p.spans for i in range(a, b)}
    gc = {i for a, b in g.content for i in range(a, b)}
    r = len(pc & gc) / max(len(pc), len(gc))
    if r < THRESHOLDS[1]:
        print(f"SPAN {name} {g.content[0][0]} r={r:.2f}\n   pred: {_show(text, p.spans)}\n"
              f"   gold: {_show(text, g.content)}")


if __name__ == "__main__":
    main()
