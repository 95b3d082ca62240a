"""Check that sitrep's column components give the model's own token attributes on real pages.

Parses the clean text of real pages twice, with the model as it ships and with the model whose
attribute ruler and lemmatizer sitrep replaces by its column components
(``sitrep.nlp.attributes``, ``sitrep.nlp.lemmas``), and compares every token's tag, POS,
morphology, lemma, dependency and head. Prints the number of tokens and of differences, and the
first few differences; exits non-zero if there is any.

    PYTHONPATH=src python benchmarks/same_tokens.py [--pages 80] [--texts 30]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time

from same_reports import DATA, frames_texts
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from throughput import clean_texts, gold_pages

from sitrep.nlp import attributes, lemmas
from sitrep.settings import Settings

COMPARED = {"TAG": TAG, "POS": POS, "MORPH": MORPH, "LEMMA": LEMMA, "DEP": DEP, "HEAD": HEAD}


def main() -> None:
    """Parse the texts with both pipelines and report every token that differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=80, help="scrapinghub-dev HTML pages")
    parser.add_argument("--texts", type=int, default=30, help="frames-dev texts")
    args = parser.parse_args()
    settings = Settings.from_env()
    raws = (gold_pages(DATA / "extraction/scrapinghub-dev/html")[: args.pages]
            + frames_texts(DATA / "events/frames-dev/articles.jsonl", args.texts))
    texts = clean_texts(raws, settings)
    model: Language = importlib.import_module(settings.model).load()
    columns: Language = importlib.import_module(settings.model).load()
    attributes.use_columns(columns)
    lemmas.use_columns(columns)
    assert isinstance(columns.get_pipe("attribute_ruler"), attributes.ColumnAttributeRuler)
    tokens, differences = 0, []
    seconds = {"model": 0.0, "columns": 0.0}
    for text in texts:
        start = time.process_time()
        theirs = model(text)
        seconds["model"] += time.process_time() - start
        start = time.process_time()
        ours = columns(text)
        seconds["columns"] += time.process_time() - start
        tokens += len(ours)
        for name, attr in COMPARED.items():
            a, b = ours.to_array([attr]), theirs.to_array([attr])
            for i in (a != b).nonzero()[0]:
                differences.append(f"{name} of {ours[i].text!r} in {text[:40]!r}: "
                                   f"{_show(ours, i, name)} != {_show(theirs, i, name)}")
    print(f"{len(texts)} texts, {tokens:,} tokens, {len(differences)} differences "
          f"(CPU s, whole parse: model {seconds['model']:.2f}, columns {seconds['columns']:.2f})")
    for line in differences[:20]:
        print(line)
    sys.exit(1 if differences else 0)


def _show(doc: object, i: int, name: str) -> str:
    token = doc[i]  # type: ignore[index]
    value = {"TAG": token.tag_, "POS": token.pos_, "MORPH": str(token.morph),
             "LEMMA": token.lemma_, "DEP": token.dep_, "HEAD": str(token.head.i)}[name]
    return repr(value)


if __name__ == "__main__":
    main()
