"""An example for each command's --help: what a first use looks like."""

from __future__ import annotations

import argparse

EXAMPLES: dict[str, tuple[str, ...]] = {
    "extract": ("sitrep extract article.txt --published 2024-03-14",
                "sitrep extract feed.jsonl > reports.jsonl"),
    "eval": ("sitrep eval places data/places/gold.jsonl --limit 200",),
    "batch": ("sitrep batch 'archive/**/*.html' --out runs/archive --workers 2",),
    "ingest": ("sitrep ingest article.txt --published 2024-03-14 --db sitrep.db",
               "sitrep ingest --reextract --db sitrep.db   # after upgrading sitrep"),
    "delete": ("sitrep delete 3f2a9c1e --db sitrep.db",),
    "events": ("sitrep events --country Ukraine --type ASSAULT --since 2024-03-01",
               "sitrep events --near Kharkiv --km 30 --format csv"),
    "quotes": ("sitrep quotes --speaker Zelensky --since 2024-03-01",),
    "show": ("sitrep show 42",),
    "export": ("sitrep export --format acled events.csv",),
    "watch": ("sitrep watch https://news.example.org/world/rss.xml --every 15m",),
    "serve": ("sitrep serve --port 8000   # then open http://127.0.0.1:8000/",),
}


def add_examples(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Show each command's examples at the end of its --help."""
    for name, parser in sub.choices.items():
        lines = EXAMPLES.get(name)
        if lines:
            parser.epilog = "example" + ("s" if len(lines) > 1 else "") + ":\n" + "\n".join(
                f"  {line}" for line in lines)
            parser.formatter_class = argparse.RawDescriptionHelpFormatter
