"""Decompressing a response body as it streams in, never past a size limit.

httpx inflates each network chunk whole: a 64 kB chunk of a gzip bomb becomes tens of megabytes
before any size check sees it. Here the raw bytes are inflated with a cap on the output, so the
body stops growing at the limit however well the server compressed it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

ACCEPTED = "gzip, deflate"
"""The Accept-Encoding a fetch sends: only what can be inflated here under the limit."""


class TooLarge(Exception):
    """The decompressed body passed the limit."""


class BadEncoding(Exception):
    """The body is in an encoding not asked for, or is not valid in its encoding."""


def _decompressor(encoding: str) -> zlib._Decompress | None:
    """A zlib decompressor for a Content-Encoding, None for identity."""
    name = encoding.strip().lower()
    if name in {"", "identity"}:
        return None
    if name in {"gzip", "x-gzip"}:
        return zlib.decompressobj(zlib.MAX_WBITS | 16)
    if name == "deflate":
        # 32 + wbits reads a zlib or a gzip header, whichever the server sent.
        return zlib.decompressobj(zlib.MAX_WBITS | 32)
    raise BadEncoding(f"content encoding {encoding!r} was not asked for")


def inflate(chunks: Iterable[bytes], encoding: str, limit: int) -> Iterator[bytes]:
    """The decoded body of raw chunks, TooLarge as soon as more than `limit` bytes come out."""
    decompressor = _decompressor(encoding)
    size = 0
    for chunk in chunks:
        if decompressor is None:
            size += len(chunk)
            if size > limit:
                raise TooLarge
            yield chunk
            continue
        pending = chunk
        while pending:
            # At most one byte over the limit comes out; input left over waits in the tail.
            try:
                piece = decompressor.decompress(pending, limit - size + 1)
            except zlib.error as err:
                raise BadEncoding(f"invalid {encoding} data ({err})") from err
            size += len(piece)
            if size > limit:
                raise TooLarge
            if piece:
                yield piece
            pending = decompressor.unconsumed_tail
    if decompressor is not None:
        rest = decompressor.flush()
        if size + len(rest) > limit:
            raise TooLarge
        if rest:
            yield rest
