"""The store's commands (ingest, events, quotes, show, export, watch): parse, call, print."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from sitrep.data import event_types
from sitrep.data.event_types import EventTypes
from sitrep.errors import InputError, UsageError
from sitrep.model import EventStatus, Failure, RawDocument, Report
from sitrep.settings import Settings
from sitrep.store import render

STATUSES: tuple[str, ...] = get_args(EventStatus)

if TYPE_CHECKING:
    from sitrep.export.registry import Formats
    from sitrep.store.database import AddOutcome, Store


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, metavar="URL",
                        help="sqlite:///PATH or postgresql://USER@HOST/DB "
                             "(default $SITREP_DB or ./sitrep.db)")


def _event_type(types: EventTypes) -> Callable[[str], str]:
    """An argparse type: a name of the table's types (any case), or a usage error listing them."""

    def event_type(value: str) -> str:
        try:
            return types.check(value)
        except InputError as err:
            raise argparse.ArgumentTypeError(err.reason) from err

    return event_type


def _whole(low: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to the largest row a query takes."""

    def whole(value: str) -> int:
        # Imported when a value is checked, not when the parser is built: every `sitrep`
        # command builds it, and the queries module brings SQLAlchemy and the store.
        from sitrep.store.queries import MAX_ROW

        try:
            number = int(value)
        except ValueError as err:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from err
        if not low <= number <= MAX_ROW:
            raise argparse.ArgumentTypeError(f"{value} is out of range ({low} to {MAX_ROW})")
        return number

    return whole


def _km(value: str) -> float:
    """An argparse type: a radius in km, more than 0 and at most half round the Earth."""
    from sitrep.store.queries import MAX_KM

    try:
        km = float(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(
            f"not a radius in km (a number above 0): {value!r}") from err
    if not 0 < km <= MAX_KM:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{value} is not a radius in km (more than 0, at most "
                                         f"{MAX_KM:,.0f})")
    return km


def _country(value: str) -> str:
    """An argparse type: a country code, name or common alias, as ISO alpha-2."""
    from sitrep.store.queries import country_code

    try:
        return country_code(value)
    except InputError as err:
        raise argparse.ArgumentTypeError(f"{value!r}: {err.reason}") from err


def _event_id(value: str) -> int:
    """An argparse type: 42, or the id as the exports write it (UKR42, sitrep-42)."""
    found = re.fullmatch(r"(?:sitrep-|[A-Za-z]{3})?(\d+)", value.strip())
    if found is None:
        raise argparse.ArgumentTypeError(
            f"not an event id: {value!r} (give 42, UKR42 or sitrep-42)")
    return _whole(0)(found.group(1))


def add_parsers(sub: Any, date: Callable[[str], dt.date], formats: Formats) -> None:
    """Add the store's subcommands to the `sitrep` parser; `export` offers these formats."""
    ingest = sub.add_parser("ingest", help="extract inputs into the event database")
    ingest.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="file, URL, - for stdin, or a `sitrep batch` output folder")
    ingest.add_argument("--published", type=date, help="publication date, YYYY-MM-DD")
    ingest.add_argument("--failed", action="store_true",
                        help="list the inputs that failed, with their reasons")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.add_argument("--reextract", action="store_true",
                        help="extract again every stored article whose stage versions differ "
                             "from this sitrep's (after rules change), replacing its rows")
    _db(ingest)

    delete = sub.add_parser("delete", help="take articles out, with the events only they support")
    delete.add_argument("articles", nargs="+", metavar="ARTICLE",
                        help="article id, unique id prefix (8+ characters) or URL")
    _db(delete)

    events = sub.add_parser("events", help="list fused events")
    events.add_argument("--country", type=_country,
                        help="ISO code, name or common alias (UA, UKR, Ukraine, Türkiye)")
    types = event_types.table()
    events.add_argument("--type", type=_event_type(types), metavar="TYPE",
                        help=f"PLOVER type, any case: {', '.join(types.names())}")
    events.add_argument("--status", type=str.lower, choices=STATUSES,
                        help=f"one of {', '.join(STATUSES)}")
    events.add_argument("--since", type=date, help="on or after YYYY-MM-DD")
    events.add_argument("--until", type=date, help="on or before YYYY-MM-DD")
    events.add_argument("--near", help="place name or LAT,LON")
    events.add_argument("--km", type=_km, default=50.0, help="radius for --near (default 50)")
    events.add_argument("--actor", help="words in actor1 or actor2")
    events.add_argument("--min-fatalities", type=_whole(0), default=None, metavar="N",
                        help="at least N killed (the most conservative figure)")
    events.add_argument("--limit", type=_whole(1), default=None, help="at most N events")
    relevance = events.add_mutually_exclusive_group()
    relevance.add_argument("--relevant", dest="relevant", action="store_true", default=None,
                           help="only events told by an article about conflict or politics "
                                "(articles stored before relevance was recorded count)")
    relevance.add_argument("--not-relevant", dest="relevant", action="store_false",
                           help="only events told by an article that is not (sport, "
                                "business, weather)")
    relevance.add_argument("--all-articles", dest="relevant", action="store_const", const=None,
                           help="events from every article, relevant or not (the default)")
    events.add_argument("--format", choices=render.FORMATS, default="table")
    _db(events)

    quotes = sub.add_parser("quotes", help="list quotes")
    quotes.add_argument("--speaker", help="words in the speaker's name")
    quotes.add_argument("--since", type=date, help="published on or after YYYY-MM-DD")
    quotes.add_argument("--until", type=date, help="published on or before YYYY-MM-DD")
    quotes.add_argument("--text", help="words in the quote")
    quotes.add_argument("--limit", type=_whole(1), default=None, help="at most N quotes")
    quotes.add_argument("--format", choices=render.FORMATS, default="table")
    classes = quotes.add_mutually_exclusive_group()
    classes.add_argument("--cue-class", default="speech",
                         choices=["speech", "belief", "intention", "stance", "evaluation"],
                         help="the kind of attribution (default speech: said, told, ...)")
    classes.add_argument("--all", action="store_true",
                         help="every attribution: beliefs, intentions, stances, evaluations too")
    _db(quotes)

    show = sub.add_parser("show", help="one event with all its sources and sentences")
    show.add_argument("event_id", type=_event_id, metavar="EVENT_ID",
                      help="an event id as `events` lists it (42) or as an export writes it "
                           "(ACLED's UKR42, PLOVER's sitrep-42)")
    show.add_argument("--format", choices=["text", "json"], default="text")
    _db(show)

    export = sub.add_parser("export", help="write the fused events to a file")
    export.add_argument("--format", required=True, choices=formats.names(),
                        help=formats.titles())
    export.set_defaults(formats=formats)
    export.add_argument("--status", type=str.lower, choices=STATUSES,
                        help=f"only events of this status: {', '.join(STATUSES)}")
    export.add_argument("out", type=Path, metavar="OUT")
    _db(export)

    watch = sub.add_parser("watch", help="poll RSS/Atom feeds and ingest new items")
    watch.add_argument("feeds", nargs="+", metavar="FEED_URL")
    watch.add_argument("--every", default=None, help="interval between polls (default 15m)")
    watch.add_argument("--once", action="store_true", help="poll each feed once and stop")
    _db(watch)


@contextmanager
def _store(args: argparse.Namespace, settings: Settings | None = None, *,
           create: bool = False, write: bool = False) -> Iterator[Store]:
    """The store of ``--db``, open for the block. Only the commands that write (ingest,
    watch, delete) create one; a database error in the block (a damaged file) ends the
    command with one line naming the database."""
    # Here, not at the top: every `sitrep` command builds this module's parsers, and only the
    # store's commands need SQLAlchemy.
    import sqlalchemy as sa

    from sitrep.store.database import database_error, open_store

    with open_store(settings or Settings.from_env(), args.db, create=create,
                    write=write) as store:
        try:
            yield store
        except sa.exc.DatabaseError as err:
            raise database_error(args.db or store.settings.db_url, err) from err


def _say(message: str) -> None:
    # Through tqdm so that a message does not tear the progress bar.
    from tqdm import tqdm

    tqdm.write(message, file=sys.stderr)


def _notify(origin: str, outcome: AddOutcome | Failure) -> None:
    if isinstance(outcome, Failure):
        _say(f"sitrep: {origin}: failed: {outcome.reason}")
    elif outcome.status == "duplicate":
        _say(f"sitrep: {origin}: {outcome.reason}; nothing changed")


def _extractor(settings: Settings) -> Callable[[Iterable[RawDocument | Failure]],
                                               Iterable[Report | Failure]]:
    from sitrep.cli.lean_spacy import import_spacy

    import_spacy()  # spaCy without the command line it never calls
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline(settings)
    return pipeline.run


def _batch_reports(folders: list[str]) -> Iterator[Report | Failure]:
    """The reports of `sitrep batch` output folders; a document breaking the contract fails."""
    import jsonschema

    from sitrep.batch.runner import read_batch_made
    from sitrep.report import from_json

    for folder in folders:
        for document, versions in read_batch_made(folder):
            try:
                yield replace(from_json(document), versions=versions)
            except (jsonschema.ValidationError, KeyError, TypeError, ValueError) as err:
                origin = f"{folder}:{document.get('article', {}).get('id', '?')}"
                yield Failure(origin, f"not a sitrep.report/1 document ({err})".splitlines()[0])


def ingest(args: argparse.Namespace) -> int:
    """sitrep ingest: inputs through the pipeline into the store; --failed lists failures."""
    from sitrep.ingest import read_inputs
    from sitrep.store.ingest import ingest as run

    with _store(args, create=True, write=not args.failed) as store:
        if args.failed:
            failures = store.failures()
            for f in failures:
                tries = f"{f.attempts} attempts" if f.attempts > 1 else ""
                waiting = f"next try {f.retry_at:%Y-%m-%d %H:%M} UTC" if f.retry_at else ""
                notes = "; ".join(note for note in (tries, waiting) if note)
                print(f"{f.failed_at:%Y-%m-%d %H:%M}  {f.origin}  {f.reason}"
                      f"{f'  ({notes})' if notes else ''}")
            if not failures:
                print("(no failed inputs)")
            return 0
        if args.reextract:
            if args.inputs:
                raise UsageError("sitrep ingest", "--reextract takes no INPUT")
            return _reextract(store, quiet=args.quiet)
        if not args.inputs:
            raise UsageError("sitrep ingest",
                             "give INPUT… to ingest, or --failed to list failures")
        # A URL already stored is not fetched again: say so and leave it out.
        inputs = []
        for name in args.inputs:
            if name.lower().startswith(("http://", "https://")) and store.has_url(name):
                _say(f"sitrep: {name}: already stored (same URL); nothing changed")
            else:
                inputs.append(name)
        # A folder written by `sitrep batch` holds finished reports: load them, don't re-extract.
        batches = [name for name in inputs if (Path(name) / "manifest.json").is_file()]
        inputs = [name for name in inputs if name not in batches]
        reports: Iterable[Report | Failure] = _batch_reports(batches)
        if inputs:
            raws = read_inputs(inputs, store.settings, published=args.published)
            reports = itertools.chain(reports, _extractor(store.settings)(raws))
        jsonl = any(name.endswith((".jsonl", ".ndjson")) or name == "-" for name in args.inputs)
        summary = run(store, reports, total=None if jsonl or batches else len(inputs),
                      progress=not args.quiet and sys.stderr.isatty(), notify=_notify)
        summary.duplicates += len(args.inputs) - len(inputs) - len(batches)
        print(f"ingest: {summary.added} added, {summary.duplicates} already stored, "
              f"{summary.failed} failed; {summary.joined} event mentions joined a known event "
              f"({store.url})", file=sys.stderr)
    return 1 if summary.failed else 0


def _reextract(store: Store, *, quiet: bool) -> int:
    """Extract again the stored articles that older (or unrecorded) stage versions made."""
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline(store.settings)
    stale = store.stale_articles(pipeline.versions())
    current = store.table_sizes()["articles"] - len(stale)
    done = failed = 0
    reports = pipeline.run(raw for _, raw in stale)
    if not quiet and sys.stderr.isatty():
        from tqdm import tqdm

        reports = tqdm(reports, total=len(stale), unit="article", desc="re-extract")
    for (old_id, raw), item in zip(stale, reports, strict=True):
        if isinstance(item, Failure):
            # The old rows stay: a failed re-extraction loses nothing.
            _say(f"sitrep: {raw.origin}: failed, old rows kept: {item.reason}")
            failed += 1
            continue
        store.replace(old_id, item)
        done += 1
    print(f"ingest --reextract: {done} articles extracted again, {failed} failed, "
          f"{current} already current ({store.url})",
          file=sys.stderr)
    return 1 if failed else 0


def delete(args: argparse.Namespace) -> int:
    """sitrep delete: articles out of the store, with what only they support."""
    with _store(args, write=True) as store:
        for ref in args.articles:
            removed = store.delete(ref)
            print(f"delete: {removed.article_id[:12]} {removed.title or ''}".rstrip()
                  + f": {removed.events_removed} events removed, {removed.events_kept} kept "
                    "with their other sources", file=sys.stderr)
    return 0


def events(args: argparse.Namespace) -> int:
    """sitrep events: fused events by filter."""
    from sitrep.store.geo import resolve_point
    from sitrep.store.queries import EventFilter, find_events

    settings = Settings.from_env()
    near = None
    if args.near:
        point = resolve_point(args.near, settings.cache_path)
        near = (point.lat, point.lon)
    query = EventFilter(country=args.country, type=args.type, status=args.status,
                        since=args.since, until=args.until, near=near, km=args.km,
                        actor=args.actor, min_fatalities=args.min_fatalities, limit=args.limit,
                        relevant=args.relevant)
    with _store(args, settings) as store:
        rows = find_events(store, query)
    print(render.render(rows, args.format, render.EVENT_COLUMNS))
    return 0


def quotes(args: argparse.Namespace) -> int:
    """sitrep quotes: quotes by speaker, date and text."""
    from sitrep.store.queries import ALL_CUE_CLASSES, cue_class_choice, find_quotes

    cue_class = cue_class_choice(ALL_CUE_CLASSES if args.all else args.cue_class)
    with _store(args) as store:
        rows = find_quotes(store, speaker=args.speaker, since=args.since, until=args.until,
                           text=args.text, limit=args.limit, cue_class=cue_class)
    print(render.render(rows, args.format, render.QUOTE_COLUMNS))
    return 0


def show(args: argparse.Namespace) -> int:
    """sitrep show: one event, its sources and sentences."""
    from sitrep.store.queries import show_event

    with _store(args) as store:
        event = show_event(store, args.event_id)
    if args.format == "json":
        print(json.dumps(event, ensure_ascii=False, indent=2, default=str))
    else:
        print(render.event_detail(event))
    return 0


def export(args: argparse.Namespace) -> int:
    """sitrep export: the fused events in one of the registry's formats."""
    from sitrep.export import export as run
    from sitrep.export.rows import count_events

    with _store(args) as store:
        written = run(store, args.format, args.out, status=args.status, formats=args.formats)
        total = count_events(store, status=args.status)
    print(f"export: {written} events to {args.out} ({args.format})", file=sys.stderr)
    if total > written:
        # Only ACLED leaves events out today: it codes events that happened, of its types.
        print(f"export: {total - written} of {total} events left out: the format has no row "
              "for them (ACLED: no ACLED event type, or not reported as having happened)",
              file=sys.stderr)
    return 0


def watch(args: argparse.Namespace) -> int:
    """sitrep watch: poll feeds and ingest new items."""
    from sitrep.ingest.feeds import parse_every
    from sitrep.watch import FeedReport
    from sitrep.watch import watch as run

    def on_round(reports: list[FeedReport]) -> None:
        for r in reports:
            detail = r.error or (f"{r.summary.added} added, {r.skipped + r.summary.duplicates} "
                                 f"already stored or waiting, {r.summary.failed} failed "
                                 f"({r.retrying} to be tried again)")
            print(f"watch: {r.url}: {r.status}: {detail}", file=sys.stderr, flush=True)

    with _store(args, create=True, write=True) as store:
        try:
            every = parse_every(args.every or store.settings.watch_every)
        except InputError as err:
            raise UsageError("--every", err.reason) from err
        run(store, args.feeds, _extractor(store.settings), every=every, once=args.once,
            notify=_notify, on_round=on_round)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "ingest": ingest, "delete": delete, "events": events, "quotes": quotes, "show": show,
    "export": export, "watch": watch,
}
