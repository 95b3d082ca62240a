"""The export formats by name: writer, media type, file suffix. The CLI and the API list these.

Adding a format is a change here only: write its ``(records, path) -> rows`` function in this
package and add a line to `FORMATS`; `sitrep export --format` and ``GET /api/export?format=``
offer it from then on. A caller with formats of its own passes ``FORMATS.with_format(...)``
down to `export`, the CLI parser and the app (datasette's ``register_output_renderer``, without
a global registry to mutate).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.errors import InputError

if TYPE_CHECKING:
    from sitrep.export.rows import EventRecord

Writer = Callable[[list["EventRecord"], Path], int]
"""Writes the records to the path; returns the rows written."""


def _shipped(name: str) -> Writer:
    """A writer of `sitrep.export.formats`, imported when it first writes: listing the formats
    (every `sitrep` command's parser does) loads none of them, nor the store behind them."""

    def write(records: list[EventRecord], path: Path) -> int:
        from sitrep.export import formats

        writer: Writer = getattr(formats, name)
        return writer(records, path)

    write.__name__ = name
    return write


@dataclass(frozen=True, slots=True)
class Format:
    """One export format: its name, its writer and how a download of it is labelled."""

    name: str
    write: Writer
    media_type: str
    suffix: str
    """File name suffix, without the dot."""
    title: str
    """What it is, for help texts: "ACLED-style CSV"."""


@dataclass(frozen=True, slots=True)
class Formats:
    """The formats a CLI or API offers, in the order they are listed."""

    formats: tuple[Format, ...]

    def __iter__(self) -> Iterator[Format]:
        return iter(self.formats)

    def names(self) -> tuple[str, ...]:
        """Every format's name, for argparse choices and the API's enum."""
        return tuple(f.name for f in self.formats)

    def get(self, name: str) -> Format:
        """The format of that name, else InputError listing the known ones."""
        for f in self.formats:
            if f.name == name:
                return f
        raise InputError(name, f"unknown export format; choose one of {', '.join(self.names())}")

    def with_format(self, added: Format) -> Formats:
        """A registry with one more format; a name already taken is a ValueError."""
        if added.name in self.names():
            raise ValueError(f"export format {added.name!r} is already registered")
        return Formats((*self.formats, added))

    def titles(self) -> str:
        """The formats' titles as one phrase: "ACLED-style CSV, ... or Parquet"."""
        titles = [f.title for f in self.formats]
        return "".join(titles) if len(titles) < 2 else f"{', '.join(titles[:-1])} or {titles[-1]}"


FORMATS = Formats((
    Format("acled", _shipped("write_acled"), "text/csv", "csv", "ACLED CSV"),
    Format("plover", _shipped("write_plover"), "application/x-ndjson", "jsonl",
           "PLOVER JSON Lines"),
    Format("geojson", _shipped("write_geojson"), "application/geo+json", "geojson", "GeoJSON"),
    Format("parquet", _shipped("write_parquet"), "application/vnd.apache.parquet", "parquet",
           "Parquet"),
))
"""The formats sitrep ships."""
