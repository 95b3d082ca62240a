"""The command line: parse arguments, call the library, print. No extraction logic lives here."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep import __version__
from sitrep import report as report_json
from sitrep.errors import SitrepError, UsageError
from sitrep.model import Failure, Report
from sitrep.settings import Settings

if TYPE_CHECKING:
    from sitrep.export.registry import Formats


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from err


_UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def _bytes(value: str) -> int:
    """A size in bytes: 1000000, 64K, 64M, 1G (binary units; 64MB and 64MiB read as 64M)."""
    text = value.strip().upper().removesuffix("IB").removesuffix("B")
    scale = _UNITS.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in _UNITS else text
    try:
        return int(float(number) * scale)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (e.g. 64M)") from err


def _parser(formats: Formats) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitrep", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    parser.add_argument("--version", action="version", version=f"sitrep {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="print the report JSON of each input")
    extract.add_argument("inputs", nargs="+", metavar="INPUT",
                         help="file (text, HTML, JSON Lines), URL, or - for stdin")
    extract.add_argument("--published", type=_date, help="publication date, YYYY-MM-DD")
    extract.add_argument("--format", choices=["json", "jsonl", "summary"], default=None,
                         help="json (one input, indented), jsonl (default for several), summary")

    evaluate = sub.add_parser("eval", help="score a stage against public gold data")
    evaluate.add_argument("task", choices=["extraction", "places", "times", "quotes", "events",
                                           "counts", "frames"])
    evaluate.add_argument("path", type=Path, help="gold data file or folder")
    evaluate.add_argument("--limit", type=int, default=None, help="score only the first N items")
    evaluate.add_argument("--errors", default=None, metavar="FIELD[,FIELD]",
                          help="frames only: list the matched events wrong on these fields "
                               "(actor1, actor2, place, date, status, killed, injured)")

    batch = sub.add_parser("batch", help="extract a glob of inputs on a Dask cluster into Parquet")
    batch.add_argument("pattern", metavar="INPUT_GLOB",
                       help="quoted glob of input files ('archive/**/*.html'), or a folder")
    batch.add_argument("--out", type=Path, required=True, help="output folder (rerun to resume)")
    where = batch.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=None,
                       help="local worker processes (default: one per core)")
    where.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786",
                       help="an existing Dask scheduler; workers need sitrep installed")
    batch.add_argument("--partition-size", type=int, default=50, help="input files per partition")
    batch.add_argument("--partition-records", type=int, default=None, metavar="N",
                       help="cut each JSON Lines file into partitions of at most N records")
    batch.add_argument("--partition-bytes", type=_bytes, default=None, metavar="SIZE",
                       help="cut each JSON Lines file into partitions of about SIZE bytes of "
                            "whole lines (64M, 1G, ...)")
    batch.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    from sitrep.cli.store import add_parsers

    add_parsers(sub, _date, formats)
    from sitrep.cli.serve import add_parser as add_serve

    add_serve(sub)
    from sitrep.cli.examples import add_examples

    add_examples(sub)
    return parser


def main(argv: Sequence[str] | None = None, formats: Formats | None = None) -> int:
    """Entry point of the ``sitrep`` command; returns the exit status.

    ``formats`` are the export formats offered (default: the registry's, `export.FORMATS`).
    """
    if formats is None:
        from sitrep.export.registry import FORMATS

        formats = FORMATS
    args = _parser(formats).parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "eval":
            return _eval(args)
        from sitrep.cli import store

        if args.command in store.COMMANDS:
            return store.COMMANDS[args.command](args)
        if args.command == "batch":
            return _batch(args)
        if args.command == "serve":
            from sitrep.cli.serve import serve

            return serve(args)
    except UsageError as err:
        print(f"sitrep: {err}", file=sys.stderr)
        return 2
    except SitrepError as err:
        # A runtime failure (an unreadable input, a missing database, an unknown event).
        print(f"sitrep: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`sitrep events | head`): stop quietly, as Unix tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    raise AssertionError(f"unhandled command {args.command}")


def _extract(args: argparse.Namespace) -> int:
    from sitrep.cli.lean_spacy import import_spacy
    from sitrep.ingest import read_inputs

    import_spacy()  # a one-off process: spaCy without the command line it never calls
    from sitrep.pipeline import Pipeline

    # Before the model loads: a mistyped name is said at once, and with nothing left to read
    # the model never loads.
    missing = _missing(args.inputs)
    for name in args.inputs:
        if name in missing:
            print(f"sitrep: {name}: no such file", file=sys.stderr)
    inputs = [name for name in args.inputs if name not in missing]
    if not inputs:
        return 1
    settings = Settings.from_env()
    pipeline = Pipeline(settings)
    failed = len(missing)
    # One input prints one indented document by default, but a JSON Lines file or stdin can
    # hold several records: from the second report on, the output is JSON Lines throughout.
    fmt = args.format or ("jsonl" if len(args.inputs) > 1 else None)
    held: Report | None = None
    for item in pipeline.run(read_inputs(inputs, settings, published=args.published)):
        if isinstance(item, Failure):
            failed += 1
            print(f"sitrep: {item.origin}: {item.reason}", file=sys.stderr)
            continue
        if fmt is None:
            if held is None:
                held = item
                continue
            fmt = "jsonl"
            print(_render(held, fmt), flush=True)
        print(_render(item, fmt), flush=True)
    if fmt is None and held is not None:
        print(_render(held, "json"), flush=True)
    return 1 if failed else 0


def _missing(inputs: Sequence[str]) -> set[str]:
    """The local files among the inputs that do not exist."""
    from sitrep.ingest.urls import is_url

    return {name for name in inputs
            if name != "-" and not is_url(name) and not Path(name).exists()}


def _render(item: Report, fmt: str) -> str:
    if fmt == "json":
        return report_json.dumps(item, indent=2)
    if fmt == "jsonl":
        return report_json.dumps(item)
    from sitrep.summary import summarise

    return summarise(item)


def _eval(args: argparse.Namespace) -> int:
    from sitrep import evaluate

    settings = Settings.from_env(eval_limit=args.limit)
    if args.errors is None:
        print(evaluate.run(args.task, args.path, settings).table())
        return 0
    if args.task != "frames":
        raise UsageError("--errors", "lists the wrong fields of frames only")
    from sitrep.evaluate import frames, frames_errors

    try:
        fields = frames_errors.parse_fields(args.errors)
    except ValueError as err:
        raise UsageError("--errors", str(err)) from err
    if not args.path.exists():
        raise UsageError(str(args.path), "no such file or directory")
    result, matches = frames.evaluate(args.path, settings)
    print(result.table())
    print(frames_errors.listing(matches, fields))
    return 0


def _batch(args: argparse.Namespace) -> int:
    from sitrep.batch.runner import BatchOptions, import_distributed, run_batch

    distributed = import_distributed()
    if not args.verbose:
        # Importing distributed sets its loggers to INFO, and every connection would reach
        # stderr through the root handler; -v shows them.
        logging.getLogger(distributed.__name__).setLevel(logging.WARNING)
    options = BatchOptions(workers=args.workers, scheduler=args.scheduler,
                           partition_size=args.partition_size,
                           partition_records=args.partition_records,
                           partition_bytes=args.partition_bytes,
                           progress=not args.no_progress and sys.stderr.isatty())
    manifest = run_batch(args.pattern, args.out, Settings.from_env(), options)
    c = manifest["counts"]
    print(f"{c['partitions']} partitions ({c['partitions_resumed']} resumed, "
          f"{c['partitions_failed']} failed), {c['documents']} documents, {c['reports']} reports, "
          f"{c['events']} events, {c['failures']} failures -> {args.out / 'manifest.json'}")
    # Skipped documents are recorded in the manifest; only a failed partition needs a rerun.
    return 1 if c["partitions_failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
