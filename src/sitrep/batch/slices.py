"""A large JSON Lines file cut into slices of whole lines: by record count, by bytes, or both.

A slice is a byte range [start, end) of the file that begins at a line start and ends at one
(or at the end of the file), so that every line belongs to exactly one slice. Cutting a file
reads it once, a line at a time (a long line in pieces: memory stays flat), and numbers the
lines as `sitrep extract` does, so a record keeps its origin (``FILE:LINE``) in whichever
slice it falls.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, cast

from sitrep.ingest.files import capped_lines, open_regular
from sitrep.ingest.records import read_records
from sitrep.model import Failure, RawDocument
from sitrep.settings import Settings

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_PIECE = 1 << 20
"""Bytes read at most at once while cutting: a longer line is read in pieces."""


@dataclass(frozen=True, slots=True)
class FileSlice:
    """Lines ``first_line`` .. ``first_line + lines - 1`` of a file: bytes [start, end)."""

    start: int
    end: int
    first_line: int
    lines: int

    @property
    def label(self) -> str:
        """The lines, as a failure's origin names them: ``FIRST-LAST``."""
        return f"{self.first_line}-{self.first_line + self.lines - 1}"


def is_json_lines(path: str) -> bool:
    """Whether the file is read as JSON Lines (one document per line)."""
    return Path(path).suffix.lower() in JSONL_SUFFIXES


def cut(path: str, records: int | None = None, max_bytes: int | None = None) -> list[FileSlice]:
    """The file's lines in slices of at most ``records`` lines, and each ending at the first line
    end at or past ``max_bytes`` from its start (whichever comes first). One slice for a file
    within both; none for an empty file."""
    if (records is not None and records < 1) or (max_bytes is not None and max_bytes < 1):
        raise ValueError("a slice needs at least one record and one byte")
    slices: list[FileSlice] = []
    start = position = lines = 0
    first = 1
    with open_regular(path) as stream:
        while piece := stream.readline(_PIECE):
            position += len(piece)
            if not piece.endswith(b"\n") and len(piece) == _PIECE:
                continue  # the middle of a long line (or its last piece, at the file's end)
            lines += 1
            if (records is not None and lines >= records) or (
                    max_bytes is not None and position - start >= max_bytes):
                slices.append(FileSlice(start, position, first, lines))
                start, first, lines = position, first + lines, 0
    if position > start:  # the last lines, the last of them perhaps without its line end
        slices.append(FileSlice(start, position, first, lines or 1))
    return slices


class _Bounded:
    """A binary stream read no further than ``size`` bytes from where it stands."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self._stream = stream
        self._left = size

    def readline(self, limit: int = -1) -> bytes:
        """The next line, at most ``limit`` bytes of it, never past the end of the slice."""
        if self._left <= 0:
            return b""
        wanted = self._left if limit < 0 else min(limit, self._left)
        line = self._stream.readline(wanted)
        self._left -= len(line)
        return line


def read_slice(path: str, part: FileSlice, settings: Settings) -> Iterator[RawDocument | Failure]:
    """The documents (or failures) of the slice's lines, named ``FILE:LINE`` as `read_inputs`
    names them when it reads the whole file."""
    limit = settings.max_input_bytes
    with open_regular(path) as stream:
        stream.seek(part.start)
        bounded = cast(BinaryIO, _Bounded(stream, part.end - part.start))
        for number, line in enumerate(capped_lines(bounded, limit), start=part.first_line):
            if isinstance(line, bytes) and not line.strip():
                continue  # a blank line: no record (a slice of them is no failure either)
            # One line at a time, so that each keeps its number in the whole file.
            for item in read_records([line], path, limit, None):
                yield replace(item, origin=f"{path}:{number}")
