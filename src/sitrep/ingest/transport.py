"""The connection layer under every fetch: checked addresses only, one deadline for everything.

httpx resolves a host when it connects, after any check made on the URL; a name that answers
with a public address to the check and a private one to the connection (DNS rebinding) would
slip past. Here the connection itself resolves the name, checks every address (ingest.guard)
and connects to a checked address, never to the name. Every connect, read and write is also
given no more time than is left until the fetch's deadline, so a server that sends a byte
every few seconds cannot hold a fetch past it.
"""

from __future__ import annotations

import ssl
import time
import typing
from collections.abc import Iterable

import httpcore
import httpx

from sitrep.ingest.guard import Reach, Refused, resolve

SocketOption = (tuple[int, int, int] | tuple[int, int, bytes | bytearray]
                | tuple[int, int, None, int])


class Deadline:
    """A point in time (monotonic clock) after which a fetch has run out of time."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def left(self, timeout: float | None) -> float:
        """The time an operation may take: its own timeout, cut to what is left (> 0)."""
        remaining = self.at - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout(f"the {self.seconds:g} s deadline passed")
        return remaining if timeout is None else min(timeout, remaining)

    @property
    def passed(self) -> bool:
        """Whether the deadline is behind us."""
        return time.monotonic() >= self.at


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, self._deadline.left(timeout))
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to addresses the guard passed, within the deadline."""

    def __init__(self, deadline: Deadline, reach: Reach) -> None:
        self._inner = httpcore.SyncBackend()
        self._deadline = deadline
        self._reach = reach

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[SocketOption] | None = None
                    ) -> httpcore.NetworkStream:
        addresses = resolve(host, port, self._reach)
        last: Exception | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(address, port, self._deadline.left(timeout),
                                                 local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                last = err
                continue
            return _DeadlineStream(stream, self._deadline)
        assert last is not None  # resolve() returns at least one address
        raise last

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[SocketOption] | None = None
                            ) -> httpcore.NetworkStream:
        raise Refused("fetches never connect to a local socket")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over the guarded, deadline-bound connections; no proxies."""

    def __init__(self, deadline: Deadline, reach: Reach) -> None:
        super().__init__(trust_env=False)
        # httpx builds its own pool with the default network backend and offers no argument
        # for another; httpx is pinned, and the fetch tests exercise this pool end to end.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=_GuardedBackend(deadline, reach))
