"""Fetching URLs: the only place sitrep talks HTTP. Timeout, size limit, redirects, clear errors."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from sitrep.errors import FetchError
from sitrep.settings import Settings

_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body with what the server said about it."""

    url: str
    """The final URL, after redirects."""
    body: bytes
    content_type: str
    charset: str | None


def is_url(name: str) -> bool:
    """Whether an input names an http(s) URL rather than a path."""
    return name.lower().startswith(("http://", "https://"))


def fetch(url: str, settings: Settings) -> Fetched:
    """The body of one URL, or FetchError saying why not (unreachable, timeout, status, size)."""
    timeout = settings.fetch_timeout
    headers = {"User-Agent": settings.user_agent, "Accept": "text/html, text/plain;q=0.8"}
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client, \
                client.stream("GET", url) as response:
            return _read(url, response, settings)
    except httpx.TimeoutException as err:
        raise FetchError(url, f"timed out after {timeout:g} s") from err
    except httpx.TooManyRedirects as err:
        raise FetchError(url, "too many redirects") from err
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as err:
        raise FetchError(url, f"not a valid URL ({err})") from err
    except httpx.ConnectError as err:
        raise FetchError(url, f"unreachable ({err or 'connection failed'})") from err
    except httpx.HTTPError as err:
        raise FetchError(url, f"fetch failed ({type(err).__name__}: {err})") from err


def _read(url: str, response: httpx.Response, settings: Settings) -> Fetched:
    """The body of a response, checked for status, type, size and overall time."""
    if response.status_code >= 400:
        raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
    content_type = response.headers.get("content-type", "")
    mime = content_type.split(";")[0].strip().lower()
    if mime and not mime.startswith(_TEXT_TYPES):
        raise FetchError(url, f"not text or HTML (content type {mime})")
    limit = settings.max_input_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(url, _too_large(int(declared), limit))
    # httpx's timeout is per read; a server that drips bytes needs an overall deadline too.
    deadline = time.monotonic() + settings.fetch_timeout
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchError(url, _too_large(limit, limit, streamed=True))
        if time.monotonic() > deadline:
            raise FetchError(url, f"timed out after {settings.fetch_timeout:g} s")
        chunks.append(chunk)
    return Fetched(str(response.url), b"".join(chunks), mime, response.charset_encoding)


def _too_large(size: int, limit: int, streamed: bool = False) -> str:
    """The error text for a body over the size limit."""
    got = "stopped after " if streamed else ""
    return (f"too large ({got}{size / 1_000_000:.1f} MB; the limit is {limit / 1_000_000:.1f} MB, "
            "set SITREP_MAX_INPUT_BYTES to raise it)")
