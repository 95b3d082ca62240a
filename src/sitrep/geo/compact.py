"""The gazetteer's tables in one compact file, memory-mapped: opened in a millisecond, read lazily.

Unpickling the tables (270,000 places, 700,000 names) made every process build them all in
memory again: over a second of start-up. This file holds them as flat arrays instead, and
`open_tables` maps it: the rows and name hits are decoded only when looked up, and the
operating system shares the pages between processes (every batch worker reads the same file).

Layout (integers in the byte order of the machine that wrote it, named in the header; a machine
of the other order rebuilds the cache)::

    MAGIC                     8 bytes
    header length             uint32, then the header: JSON {section: [offset, count, bytes]}
    keys                      the names' keys, sorted, UTF-8, one after another
    key_ends                  uint32 per key: where it ends in ``keys``
    hit_ends                  uint32 per key: where its hits end in ``hits``
    hits                      int32 per hit: row index * 2 (+1 when the name is the row's own)
    rows                      each row as a JSON array, one after another
    row_ends                  uint64 per row: where it ends in ``rows``
"""

from __future__ import annotations

import json
import mmap
import struct
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, TypeVar, overload

import numpy as np

MAGIC = b"SRGZ\x00\x00\x01\n"
_ALIGN = 8
T = TypeVar("T")
_STRIDE = 32
"""Keys per block of the in-memory sample that narrows a lookup."""


def write_tables(handle: IO[bytes], rows: Sequence[Sequence[Any]],
                 names: Mapping[str, Sequence[int]]) -> None:
    """Write the tables to an open binary file in the layout above."""
    keys = sorted(names)
    encoded = [key.encode("utf-8") for key in keys]
    rows_blob = [json.dumps(list(row), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                 for row in rows]
    sections: list[tuple[str, bytes, int]] = [
        ("keys", b"".join(encoded), len(keys)),
        ("key_ends", np.cumsum([len(k) for k in encoded], dtype="=u4").tobytes(), len(keys)),
        ("hit_ends", np.cumsum([len(names[k]) for k in keys], dtype="=u4").tobytes(), len(keys)),
        ("hits", np.fromiter((h for k in keys for h in names[k]), dtype="=i4").tobytes(), 0),
        ("rows", b"".join(rows_blob), len(rows)),
        ("row_ends", np.cumsum([len(r) for r in rows_blob], dtype="=u8").tobytes(), len(rows)),
    ]
    header: dict[str, Any] = {"byteorder": sys.byteorder}
    offset = 0
    for name, blob, count in sections:
        header[name] = [offset, count, len(blob)]
        offset += _padded(len(blob))
    head = json.dumps(header).encode("ascii")
    start = _padded(len(MAGIC) + 4 + len(head))
    handle.write(MAGIC + struct.pack("<I", len(head)) + head)
    handle.write(b"\0" * (start - len(MAGIC) - 4 - len(head)))
    for _, blob, _ in sections:
        handle.write(blob + b"\0" * (_padded(len(blob)) - len(blob)))


def _padded(size: int) -> int:
    return (size + _ALIGN - 1) // _ALIGN * _ALIGN


class _Packed(Sequence[T]):
    """Items stored one after another in a mapped file, found by where each one ends; a
    subclass says how the bytes of one item read."""

    def __init__(self, blob: mmap.mmap, start: int, ends: memoryview) -> None:
        self._blob = blob
        self._start = start
        self._ends = ends

    def _read(self, raw: bytes) -> T:
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        ends = self._ends
        if index < 0:
            index += len(ends)
        if not 0 <= index < len(ends):
            raise IndexError(index)
        begin = self._start + (ends[index - 1] if index else 0)
        return self._read(self._blob[begin:self._start + ends[index]])


class CompactRows(_Packed[tuple[Any, ...]]):
    """The rows of a mapped file: each decoded from JSON when it is read."""

    def _read(self, raw: bytes) -> tuple[Any, ...]:
        return tuple(json.loads(raw))


class _Keys(_Packed[bytes]):
    """The sorted keys of a mapped file, as bytes, for a binary search."""

    def _read(self, raw: bytes) -> bytes:
        return raw

    def every(self, stride: int) -> list[bytes]:
        """Every ``stride``-th key from the first: ``self[::stride]`` read in one pass (item by
        item, the 21,000 keys of the sample took about 10 ms CPU at every start)."""
        ends = self._ends[::stride].tolist()
        begins = [0, *self._ends[stride - 1::stride].tolist()][:len(ends)]
        blob, start = self._blob, self._start
        return [blob[start + begin:start + end] for begin, end in zip(begins, ends, strict=True)]


class CompactNames(Mapping[str, list[int]]):
    """Names -> hits of a mapped file: a binary search over the sorted keys per lookup, the
    answers of recent lookups kept (news repeats its place names)."""

    def __init__(self, keys: _Keys, hit_ends: memoryview, hits: memoryview) -> None:
        self._keys = keys
        self._hit_ends = hit_ends
        self._hits = hits
        # Every _STRIDE-th key in a list: a lookup bisects it in C, then one block of keys.
        self._sample = keys.every(_STRIDE)
        self._find = lru_cache(maxsize=1 << 16)(self._search)

    def _search(self, key: str) -> tuple[int, ...] | None:
        wanted = key.encode("utf-8")
        block = max(bisect_right(self._sample, wanted) - 1, 0) * _STRIDE
        index = bisect_left(self._keys, wanted, block, min(block + _STRIDE, len(self._keys)))
        if index == len(self._keys) or self._keys[index] != wanted:
            return None
        begin = self._hit_ends[index - 1] if index else 0
        return tuple(self._hits[begin:self._hit_ends[index]])

    def __getitem__(self, key: str) -> list[int]:
        found = self._find(key) if isinstance(key, str) else None
        if found is None:
            raise KeyError(key)
        return list(found)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) is not None

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        return (self._keys[i].decode("utf-8") for i in range(len(self._keys)))


def open_tables(path: Path) -> tuple[CompactRows, CompactNames]:
    """The tables of a file written by `write_tables`, mapped read-only; ValueError if it is not
    one (or is cut short, or of the other byte order)."""
    with path.open("rb") as handle:
        blob = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if blob[:len(MAGIC)] != MAGIC:
        raise ValueError("not a compact gazetteer file")
    (size,) = struct.unpack("<I", blob[len(MAGIC):len(MAGIC) + 4])
    header = json.loads(blob[len(MAGIC) + 4:len(MAGIC) + 4 + size])
    if header.pop("byteorder", None) != sys.byteorder:
        raise ValueError("compact gazetteer file of another byte order")
    base = _padded(len(MAGIC) + 4 + size)
    end = max(base + offset + length for offset, _, length in header.values())
    if end > len(blob):
        raise ValueError("compact gazetteer file cut short")
    view = memoryview(blob)

    def section(name: str) -> memoryview:
        offset, _, length = header[name]
        return view[base + offset:base + offset + length]

    keys = _Keys(blob, base + header["keys"][0], section("key_ends").cast("I"))
    names = CompactNames(keys, section("hit_ends").cast("I"), section("hits").cast("i"))
    rows = CompactRows(blob, base + header["rows"][0], section("row_ends").cast("Q"))
    return rows, names
