"""Server-side request forgery guard: which URLs and addresses a fetch may reach.

One policy for every fetch (``sitrep extract URL``, ``ingest``, ``watch`` feeds and items, the
API's URL ingest): http(s) only, a host that is a name or a canonical address, and only public
addresses. Addresses that wrap an IPv4 address (IPv4-mapped, 6to4, NAT64) are judged by the
address they wrap. Two settings widen the reach, both off by default: ``allow_loopback_urls``
lets a fetch reach this machine only (local feed servers, tests), ``allow_private_urls`` this
machine and every private network.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from sitrep.settings import Settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_SCHEMES = frozenset({"http", "https"})
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_SETTING = "only public addresses are fetched (see SITREP_ALLOW_LOOPBACK_URLS, " \
           "SITREP_ALLOW_PRIVATE_URLS)"


class Refused(Exception):
    """A URL or address the guard will not let a fetch reach; the message says why."""


@dataclass(frozen=True, slots=True)
class Reach:
    """Which non-public addresses a fetch may reach besides the public ones."""

    loopback: bool = False
    private: bool = False

    @classmethod
    def of(cls, settings: Settings) -> Reach:
        """The reach the settings allow."""
        return cls(settings.allow_loopback_urls, settings.allow_private_urls)

    def refusal(self, address: Address) -> str | None:
        """Why this fetch must not reach the address; None if it may."""
        if self.private:
            return None
        if self.loopback and (embedded_ipv4(address) or address).is_loopback:
            return None
        return refusal(address)


def embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (IPv4-mapped, 6to4, NAT64), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _SIX_TO_FOUR:
        return address.sixtofour
    if any(address in prefix for prefix in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal(address: Address) -> str | None:
    """Why a fetch must not reach this address (None for a public unicast address)."""
    inner = embedded_ipv4(address)
    if inner is not None:
        reason = refusal(inner)
        return f"{reason} (inside {address})" if reason else None
    if address.is_loopback:
        return f"{address} is a loopback address"
    if address.is_link_local:
        return f"{address} is a link-local address"
    if address.is_multicast:
        return f"{address} is a multicast address"
    if address.is_unspecified:
        return f"{address} is the unspecified address"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return f"{address} is a carrier-grade NAT (shared) address"
    if not address.is_global:
        return f"{address} is a private or reserved address"
    return None



def check_url(url: str, reach: Reach = Reach()) -> None:
    """Refused unless the URL is http(s) with a host, spelt canonically, not a refused address.

    A host written as an address (``http://10.0.0.1/``) is judged here; a name is judged when
    it is resolved, at connect time (:func:`resolve`).
    """
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = parts.hostname
    except ValueError as err:
        raise Refused(f"not a valid URL ({err})") from err
    if scheme not in _SCHEMES:
        raise Refused("only http:// and https:// URLs can be fetched")
    if not host:
        raise Refused("the URL has no host")
    address = _literal(host)
    if address is not None:
        reason = reach.refusal(address)
        if reason:
            raise Refused(f"refused: {reason}; {_SETTING}")


def _literal(host: str) -> Address | None:
    """The address a host spells, if it is one; odd IPv4 spellings are refused outright.

    ``0177.0.0.1``, ``0x7f.1`` and ``2130706433`` all mean 127.0.0.1 to the C resolver but not
    to every URL parser, so no spelling but dotted decimal is accepted.
    """
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        pass
    try:
        packed = socket.inet_aton(host)
    except OSError:
        return None
    meant = ipaddress.IPv4Address(packed)
    raise Refused(f"refused: the host {host!r} is a non-standard spelling of the address "
                  f"{meant}; write addresses in dotted decimal")


def resolve(host: str, port: int, reach: Reach = Reach()) -> list[str]:
    """The addresses to connect to for a host, every one of them checked.

    A name that resolves to any refused address is refused as a whole: a name that answers
    with a public and a private address is not one to trust.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise Refused(f"cannot resolve the host {host} ({err})") from err
    addresses: list[str] = []
    for info in infos:
        text = str(info[4][0])
        address = ipaddress.ip_address(text.split("%")[0])
        reason = reach.refusal(address)
        if reason:
            raise Refused(f"refused: {host} resolves to a non-public address ({reason}); "
                          f"{_SETTING}")
        if text not in addresses:
            addresses.append(text)
    if not addresses:
        raise Refused(f"cannot resolve the host {host} (no addresses)")
    return addresses
