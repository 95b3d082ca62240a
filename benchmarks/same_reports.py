"""Dump the reports of real inputs as JSON Lines, to check that a speed change changes no output.

Run it once with the code before the change and once with the code after (``PYTHONPATH``
chooses the tree), then compare the two files byte for byte (``cmp``). Each line is one input:
its report JSON, or its failure, and the warnings the pipeline logged for it, so a change that
moves a warning shows too.

    PYTHONPATH=/old/src python benchmarks/same_reports.py --out /tmp/before.jsonl
    PYTHONPATH=src python benchmarks/same_reports.py --out /tmp/after.jsonl
    cmp /tmp/before.jsonl /tmp/after.jsonl
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from throughput import gold_pages

from sitrep import report as report_json
from sitrep.model import Failure, RawDocument
from sitrep.pipeline import OnError, Pipeline
from sitrep.settings import Settings

DATA = Path("/work/shared/data")


class _Kept(logging.Handler):
    """Keeps the messages logged since it was last emptied."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname} {record.name}: {record.getMessage()}")


def frames_texts(path: Path, n: int) -> list[RawDocument]:
    """The first ``n`` records of a frames articles.jsonl, as the JSON Lines reader makes them."""
    from sitrep.ingest.records import read_records

    lines = path.read_bytes().splitlines()[:n]
    raws = [r for r in read_records(lines, str(path), 1 << 30, None)
            if isinstance(r, RawDocument)]
    return raws


def main() -> None:
    """Run the pipeline over the inputs and write one line per input."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pages", type=int, default=80, help="scrapinghub-dev HTML pages")
    parser.add_argument("--texts", type=int, default=30, help="frames-dev texts")
    args = parser.parse_args()
    raws = (gold_pages(DATA / "extraction/scrapinghub-dev/html")[: args.pages]
            + frames_texts(DATA / "events/frames-dev/articles.jsonl", args.texts))
    kept = _Kept()
    logging.getLogger("sitrep").addHandler(kept)
    logging.getLogger("sitrep").setLevel(logging.INFO)
    pipeline = Pipeline(Settings.from_env())
    pipeline.warm_up()  # a gazetteer build logs its time: no line of the output
    with args.out.open("w", encoding="utf-8") as out:
        # One input at a time, so each line's warnings are its own.
        for raw in raws:
            kept.messages = []
            items = list(pipeline.run([raw], on_error=OnError.RECORD_ALL))
            for item in items:
                body = ({"failure": [item.origin, item.reason, item.stage]}
                        if isinstance(item, Failure) else report_json.to_json(item))
                out.write(json.dumps({"input": raw.origin, "report": body,
                                      "log": kept.messages}, ensure_ascii=False,
                                     sort_keys=True) + "\n")
    print(f"{len(raws)} inputs -> {args.out}")


if __name__ == "__main__":
    main()
