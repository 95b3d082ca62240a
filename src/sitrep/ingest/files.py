"""Local files and streams read under the size limit: regular files only, never read-then-check."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from sitrep.errors import InputError
from sitrep.ingest.decode import check_size

_CHUNK = 1 << 16


@contextmanager
def open_regular(path: str) -> Iterator[BinaryIO]:
    """The file at the path opened for reading, or InputError if it is no regular file.

    Opened without blocking and checked on the open descriptor, so that a FIFO cannot hang the
    run and a device such as /dev/zero is refused before a byte is read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror or err})") from err
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(path, f"is a {_kind(mode)}, not a regular file; sitrep reads "
                                   "files, URLs, and - for stdin")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        stream = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with stream:
        yield stream


def read_capped(stream: BinaryIO, limit: int, origin: str) -> bytes:
    """At most ``limit`` bytes of the stream, or InputError if there are more (one byte more is
    read to know, never the rest)."""
    try:
        data = stream.read(limit + 1)
    except (OSError, ValueError) as err:
        raise InputError(origin, f"cannot read ({_why(err)})") from err
    check_size(len(data or b""), limit, origin)
    return data or b""


def capped_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | int]:
    """The stream's lines, each read with at most ``limit`` bytes held; a longer line is skipped
    to its end and given as its length in bytes instead."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = stream.readline(_CHUNK)
            size += len(line)
        yield size


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _why(err: Exception) -> str:
    """An OSError's or a closed stream's reason, without the errno prefix."""
    return str(getattr(err, "strerror", None) or err) or type(err).__name__
