"""Server-side request forgery guard: ingest fetches only public addresses."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import httpx

from sitrep.errors import FetchError
from sitrep.ingest.decode import check_size
from sitrep.settings import Settings


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is one a public fetch must never reach."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (address.is_loopback or address.is_private or address.is_link_local
            or address.is_multicast or address.is_reserved or address.is_unspecified)


def check_public_url(url: str) -> None:
    """FetchError unless the URL is http(s) and every address of its host is public."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise FetchError(url, "only http:// and https:// URLs with a host can be ingested")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, ValueError) as err:
        raise FetchError(url, f"cannot resolve the host ({err})") from err
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if _refused(address):
            raise FetchError(url, f"refused: {parts.hostname} resolves to the non-public "
                                  f"address {address}")


def fetch_public(url: str, settings: Settings, transport: httpx.BaseTransport | None = None
                 ) -> tuple[str, bytes, str, str | None]:
    """Final URL, body, MIME type and charset of a public URL; every redirect hop is checked too.

    The host is resolved again when connecting, so a name that changes its answer between the
    check and the connection (DNS rebinding) is not caught here: run the server where private
    services need no such guard, or keep ingest off.
    """
    def check(request: httpx.Request) -> None:
        check_public_url(str(request.url))

    headers = {"User-Agent": settings.user_agent, "Accept": "text/html, text/plain;q=0.8"}
    try:
        with httpx.Client(timeout=settings.fetch_timeout, follow_redirects=True,
                          max_redirects=5, headers=headers, transport=transport,
                          event_hooks={"request": [check]}) as client, \
                client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(url, f"HTTP {response.status_code}")
            mime = response.headers.get("content-type", "").split(";")[0].strip().lower()
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                check_size(len(body), settings.max_input_bytes, url)
            return str(response.url), bytes(body), mime, response.charset_encoding
    except httpx.HTTPError as err:
        raise FetchError(url, f"fetch failed ({type(err).__name__}: {err})") from err
