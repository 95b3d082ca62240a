"""Fetching URLs: the only place sitrep talks HTTP. Timeout, size limit, redirects, clear errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sitrep.errors import FetchError
from sitrep.ingest.guard import Reach, Refused, check_url
from sitrep.ingest.inflate import ACCEPTED, BadEncoding, TooLarge, inflate
from sitrep.settings import Settings

if TYPE_CHECKING:
    import httpx

    from sitrep.ingest.transport import Deadline

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
MAX_REDIRECTS = 5


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body with what the server said about it."""

    url: str
    """The final URL, after redirects."""
    body: bytes
    content_type: str
    charset: str | None
    headers: Mapping[str, str] = field(default_factory=dict)
    """The final response's headers, names in lower case."""
    not_modified: bool = False
    """The server answered 304 to a conditional request: no body."""


def is_url(name: str) -> bool:
    """Whether an input names an http(s) URL rather than a path."""
    return name.lower().startswith(("http://", "https://"))


def fetch(url: str, settings: Settings, *, headers: Mapping[str, str] | None = None,
          types: tuple[str, ...] | None = TEXT_TYPES,
          transport: httpx.BaseTransport | None = None) -> Fetched:
    """The body of one URL, or FetchError saying why not.

    Every hop of a redirect is checked by the guard (ingest.guard) and every connection goes to
    an address the guard passed; the whole fetch, redirects included, ends by one deadline
    (``fetch_timeout``) and its body, once decompressed, by the size limit. ``types`` are the
    content types accepted (None: any); ``transport`` replaces the network, for tests.
    """
    # Here, not at the top: HTTP (httpx, httpcore and what they load) is a third of a second
    # of start-up, and most runs read files.
    import httpx

    from sitrep.ingest.transport import Deadline, GuardedTransport

    timeout = settings.fetch_timeout
    deadline = Deadline(timeout)
    reach = Reach.of(settings)
    sent = {"User-Agent": settings.user_agent, "Accept": "text/html, text/plain;q=0.8",
            "Accept-Encoding": ACCEPTED, **(headers or {})}
    try:
        check_url(url, reach)
        with httpx.Client(timeout=timeout, follow_redirects=False, headers=sent,
                          trust_env=False,
                          transport=transport or GuardedTransport(deadline, reach)
                          ) as client:
            request = client.build_request("GET", url)
            for _ in range(MAX_REDIRECTS + 1):
                check_url(str(request.url), reach)
                response = client.send(request, stream=True)
                try:
                    if response.next_request is None:
                        return _read(url, response, settings, types, deadline)
                    request = response.next_request
                finally:
                    response.close()
            raise FetchError(url, f"too many redirects (more than {MAX_REDIRECTS})")
    except Refused as err:
        raise FetchError(url, str(err)) from err
    except httpx.TimeoutException as err:
        raise FetchError(url, f"timed out after {timeout:g} s") from err
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as err:
        raise FetchError(url, f"not a valid URL ({err})") from err
    except httpx.ConnectError as err:
        raise FetchError(url, f"unreachable ({err or 'connection failed'})") from err
    except httpx.HTTPError as err:
        raise FetchError(url, f"fetch failed ({type(err).__name__}: {err})") from err


def _read(url: str, response: httpx.Response, settings: Settings,
          types: tuple[str, ...] | None, deadline: Deadline) -> Fetched:
    """The body of a response, checked for status, type, size and overall time."""
    headers = {name.lower(): value for name, value in response.headers.items()}
    if response.status_code == 304:
        return Fetched(str(response.url), b"", "", None, headers, not_modified=True)
    if response.status_code >= 400:
        raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
    mime = headers.get("content-type", "").split(";")[0].strip().lower()
    if types is not None and mime and not mime.startswith(types):
        raise FetchError(url, f"not text or HTML (content type {mime})")
    limit = settings.max_input_bytes
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(url, _too_large(int(declared), limit))
    chunks: list[bytes] = []
    # A transport may hand over a response it has read already (httpx's MockTransport does):
    # its content is decoded, so it is taken as it is.
    encoding = "" if response.is_stream_consumed else headers.get("content-encoding", "")
    raw = [response.content] if response.is_stream_consumed else response.iter_raw()
    try:
        for piece in inflate(raw, encoding, limit):
            chunks.append(piece)
            if deadline.passed:
                raise FetchError(url, f"timed out after {settings.fetch_timeout:g} s")
    except TooLarge as err:
        raise FetchError(url, _too_large(limit, limit, streamed=True)) from err
    except BadEncoding as err:
        raise FetchError(url, str(err)) from err
    return Fetched(str(response.url), b"".join(chunks), mime, response.charset_encoding,
                   headers)


def _too_large(size: int, limit: int, streamed: bool = False) -> str:
    """The error text for a body over the size limit."""
    got = "stopped after " if streamed else ""
    return (f"too large ({got}{size / 1_000_000:.1f} MB; the limit is {limit / 1_000_000:.1f} MB, "
            "set SITREP_MAX_INPUT_BYTES to raise it)")
