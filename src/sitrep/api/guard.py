"""Server-side request forgery guard: ingest fetches only public addresses."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from sitrep.errors import FetchError


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
