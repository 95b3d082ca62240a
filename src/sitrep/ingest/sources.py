"""Inputs to RawDocuments: paths, URLs, '-' for stdin, JSON Lines. Never raises per input."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from sitrep.errors import InputError, SitrepError
from sitrep.ingest.decode import check_size, decode, looks_like_html
from sitrep.ingest.files import capped_lines, open_regular, read_capped
from sitrep.ingest.urls import fetch, is_url
from sitrep.model import Failure, RawDocument
from sitrep.settings import Settings

_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
STDIN = "-"


def read_inputs(
    inputs: Iterable[str], settings: Settings, published: dt.date | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[RawDocument | Failure]:
    """One or more RawDocuments (JSON Lines) or a Failure per input, in input order.

    ``published`` (from ``--published``) is the date of every document that has none of its
    own; a JSON Lines record's own ``published`` is more specific and wins.
    """
    for name in inputs:
        try:
            yield from _read_one(name, settings, published, stdin)
        except SitrepError as err:
            yield Failure("stdin" if name == STDIN else name, err.reason)


def _read_one(
    name: str, settings: Settings, published: dt.date | None, stdin: BinaryIO | None
) -> Iterator[RawDocument | Failure]:
    """The raw documents of one input name; raises SitrepError if it cannot be read."""
    if name == STDIN:
        stream = stdin if stdin is not None else _stdin()
        data = read_capped(stream, settings.max_input_bytes, "stdin")
        if _looks_like_jsonl(data):
            from sitrep.ingest.records import read_records  # pydantic: JSON Lines alone

            yield from read_records(data.splitlines(), "stdin", settings.max_input_bytes,
                                    published)
        else:
            yield _document("stdin", decode(data, "stdin"), published)
    elif is_url(name):
        yield read_url(name, settings, published)
    else:
        yield from _read_path(name, settings, published)


def read_url(url: str, settings: Settings, published: dt.date | None = None) -> RawDocument:
    """The raw document of one http(s) URL; raises SitrepError if it cannot be fetched."""
    page = fetch(url, settings)
    text = decode(page.body, url, page.charset)
    return _document(url, text, published, url=page.url, html=page.content_type != "text/plain")


def _read_path(
    name: str, settings: Settings, published: dt.date | None
) -> Iterator[RawDocument | Failure]:
    """The raw documents of one file (one, or one per JSON Lines record)."""
    path = Path(name)
    try:
        if path.is_dir():
            yield Failure(name, "is a directory; pass the files in it (e.g. DIR/*.txt)")
            return
        if not path.exists():
            yield Failure(name, "no such file")
            return
    except (OSError, ValueError) as err:  # a name too long, or with a NUL in it
        yield Failure(name, f"cannot read ({getattr(err, 'strerror', None) or err})")
        return
    limit = settings.max_input_bytes
    with open_regular(name) as stream:
        if path.suffix.lower() in _JSONL_SUFFIXES:
            # Imported here: its pydantic models cost a text or HTML input 20-30 ms CPU.
            from sitrep.ingest.records import read_records

            try:
                yield from read_records(capped_lines(stream, limit), name, limit, published)
            except OSError as err:
                yield Failure(name, f"cannot read ({err.strerror or err})")
            return
        # The size a file claims refuses it without a read; the capped read holds to the
        # limit even if the file grows meanwhile.
        check_size(os.fstat(stream.fileno()).st_size, limit, name)
        data = read_capped(stream, limit, name)
    yield _document(name, decode(data, name), published)


def _document(
    origin: str, text: str, published: dt.date | None, url: str | None = None,
    html: bool | None = None,
) -> RawDocument:
    """Text or HTML, decided by the content unless the server said it was plain text."""
    if html is None or html:
        html = looks_like_html(text)
    if html:
        return RawDocument(origin=origin, html=text, url=url, published=published)
    return RawDocument(origin=origin, text=text, url=url, published=published)


def _stdin() -> BinaryIO:
    """The process's standard input, or InputError if it is closed."""
    if sys.stdin is None or sys.stdin.closed:
        raise InputError("stdin", "standard input is closed; nothing to read")
    return sys.stdin.buffer


def _looks_like_jsonl(data: bytes) -> bool:
    """Whether stdin carries JSON Lines records: its first line is a JSON object."""
    first = data.lstrip().split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False
