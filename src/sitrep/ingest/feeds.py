"""RSS/Atom feeds to raw documents: conditional GETs (ETag, Last-Modified), new items only.

The feed itself is fetched here rather than through ingest.urls because a poll needs the
conditional request headers and the 304 answer; each item's link goes through read_inputs,
the same path as a URL given on the command line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from sitrep.errors import FetchError, InputError
from sitrep.model import Failure, RawDocument
from sitrep.settings import Settings

FULL_TEXT_CHARS = 600
"""An item whose content carries at least this much text is the article: no need to fetch."""
_TAGS = re.compile(r"<[^>]+>")
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the last poll of a feed learnt, for the next conditional request."""

    url: str
    etag: str | None = None
    modified: str | None = None


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """The outcome of one poll: new items (documents or failures), or why there were none."""

    state: FeedState
    status: Literal["new", "unchanged", "error"]
    items: list[RawDocument | Failure] = field(default_factory=list)
    skipped: int = 0
    """Items already stored (by link)."""
    links: list[str] = field(default_factory=list)
    """The links of the items handled this time, so that the next poll skips them."""
    error: str | None = None


def parse_every(text: str) -> float:
    """Seconds in an interval such as 30s, 15m, 1h, 1d (a bare number is minutes)."""
    found = _EVERY.match(text)
    if not found:
        raise InputError(text, "not an interval; write e.g. 30s, 15m, 1h")
    unit = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 60}[found.group(2)]
    seconds = float(found.group(1)) * unit
    if seconds <= 0:
        raise InputError(text, "the interval must be more than zero")
    return seconds


def fetch_feed(state: FeedState, settings: Settings) -> tuple[httpx.Response | None, FeedState]:
    """The feed's response, or None when it has not changed since the state's ETag/date."""
    accept = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
    headers = {"User-Agent": settings.user_agent, "Accept": accept}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.modified:
        headers["If-Modified-Since"] = state.modified
    try:
        response = httpx.get(state.url, headers=headers, timeout=settings.fetch_timeout,
                             follow_redirects=True)
    except (httpx.HTTPError, httpx.InvalidURL) as err:
        raise FetchError(state.url, f"feed unreachable ({type(err).__name__}: {err})") from err
    if response.status_code == 304:
        return None, state
    if response.status_code >= 400:
        raise FetchError(state.url, f"HTTP {response.status_code} {response.reason_phrase}")
    if len(response.content) > settings.max_input_bytes:
        raise FetchError(state.url, f"feed larger than {settings.max_input_bytes} bytes")
    fresh = FeedState(state.url, response.headers.get("etag") or state.etag,
                      response.headers.get("last-modified") or state.modified)
    return response, fresh


def _published(entry: Any) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC).date()


def _content(entry: Any) -> str:
    contents = entry.get("content") or []
    values = [c.get("value", "") for c in contents if c.get("value")]
    return max(values, key=len) if values else str(entry.get("summary") or "")


def item_documents(
    entry: Any, origin: str, settings: Settings,
    fetch_link: Callable[[str], Iterable[RawDocument | Failure]],
) -> Iterator[RawDocument | Failure]:
    """The document(s) of one feed item: its own full text, else its fetched link."""
    link = entry.get("link")
    title = entry.get("title")
    published = _published(entry)
    content = _content(entry)
    if len(_TAGS.sub(" ", content).strip()) >= FULL_TEXT_CHARS:
        # The content is an HTML fragment; the HTML cleaner expects a page around it.
        page = f"<html><head><title>{html.escape(title or '')}</title></head><body><article>" \
               f"{content}</article></body></html>"
        yield RawDocument(origin=link or origin, html=page, url=link, title=title,
                          published=published)
        return
    if not link:
        yield Failure(origin, "feed item has neither a link nor its full text")
        return
    for item in fetch_link(link):
        if isinstance(item, RawDocument):
            # The feed knows the title and date even when the page hides them.
            item = RawDocument(origin=item.origin, text=item.text, html=item.html,
                               url=item.url or link, title=item.title or title,
                               published=item.published or published)
        yield item


def poll(
    state: FeedState, settings: Settings, *, seen: Callable[[str], bool],
    fetch_link: Callable[[str], Iterable[RawDocument | Failure]] | None = None,
) -> FeedPoll:
    """One poll of one feed; never raises for a bad feed or item, it reports them."""
    import feedparser

    from sitrep.ingest.sources import read_inputs

    def default_fetch(link: str) -> Iterable[RawDocument | Failure]:
        return read_inputs([link], settings)

    try:
        response, fresh = fetch_feed(state, settings)
    except FetchError as err:
        return FeedPoll(state, "error", error=err.reason)
    if response is None:
        return FeedPoll(state, "unchanged")
    parsed = feedparser.parse(response.content,
                              response_headers={"content-type": response.headers.get(
                                  "content-type", "application/xml")})
    if parsed.bozo and not parsed.entries:
        reason = f"not an RSS or Atom feed ({parsed.get('bozo_exception', 'unreadable')})"
        return FeedPoll(fresh, "error", error=reason)
    items: list[RawDocument | Failure] = []
    links: list[str] = []
    skipped = 0
    for index, entry in enumerate(parsed.entries):
        link = entry.get("link")
        if link and seen(link):
            skipped += 1
            continue
        origin = f"{state.url}#{index}"
        if link:
            links.append(link)
        try:
            items.extend(item_documents(entry, origin, settings, fetch_link or default_fetch))
        except (FetchError, InputError) as err:
            items.append(Failure(link or origin, err.reason))
    return FeedPoll(fresh, "new", items, skipped, links)
