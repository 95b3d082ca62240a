"""A lean HTTP/1.1 load client: raw asyncio streams, one keep-alive connection per client.

httpx's async client spends several CPU milliseconds a request (its connection pool, header
models, decoding and parsing the whole answer), and the benchmark's clients run on the same two
cores as the server and the database: what they take, the server does not get. This client
sends the same requests with the same headers a browser's fetch sends (`Accept-Encoding: gzip`,
so the server compresses as it would), reads the answer by its Content-Length, and decodes only
what it needs to follow the next page: the JSON envelope before the `events` list.
"""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson

ROWS_KEY = b',"events":['
"""Where an /api/events answer's envelope ends (`api.splice` writes the rows last)."""


class ProtocolError(Exception):
    """An answer this client cannot read (no Content-Length, a closed connection)."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A status and the JSON envelope of the answer (rows left out)."""

    status: int
    envelope: dict[str, Any]


class Connection:
    """One keep-alive HTTP/1.1 connection to the server at ``base`` (http://HOST:PORT)."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.host_header = f"{self.host}:{self.port}".encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        return self.reader, self.writer

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()
        self.reader = self.writer = None

    async def get(self, path: str) -> Answer:
        """GET the path; the answer's status and JSON envelope."""
        reader, writer = await self._open()
        writer.write(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: " + self.host_header
                     + b"\r\nAccept: */*\r\nAccept-Encoding: gzip\r\n\r\n")
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as err:
            await self.close()
            raise ProtocolError("the server closed the connection") from err
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length: int | None = None
        gzipped = closing = False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"content-encoding":
                gzipped = value.strip().lower() == b"gzip"
            elif name == b"connection":
                closing = value.strip().lower() == b"close"
        if length is None:
            await self.close()
            raise ProtocolError(f"{path}: an answer without Content-Length")
        body = await reader.readexactly(length)
        if closing:
            await self.close()
        if gzipped:
            body = zlib.decompress(body, wbits=16 + zlib.MAX_WBITS)
        return Answer(status, envelope(body))


def envelope(body: bytes) -> dict[str, Any]:
    """The JSON object of an answer without its `events` rows (the whole object otherwise)."""
    cut = body.find(ROWS_KEY)
    if cut < 0:
        value = orjson.loads(body)
        return value if isinstance(value, dict) else {}
    value = orjson.loads(body[:cut] + b"}")
    return value if isinstance(value, dict) else {}
