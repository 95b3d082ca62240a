"""RSS/Atom feeds to raw documents: conditional GETs (ETag, Last-Modified), new items only.

The feed and each item's link are fetched through ingest.urls, the guarded fetch every URL
takes; an item's link is an http(s) URL or nothing: a feed never names a file to read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from sitrep.errors import FetchError, InputError
from sitrep.ingest.guard import Reach, Refused, check_url
from sitrep.ingest.urls import Fetched, fetch, is_url
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
    listed: frozenset[str] = frozenset()
    """Every item link the feed lists now, handled or skipped (a link not in it left the feed)."""


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


def fetch_feed(state: FeedState, settings: Settings) -> tuple[Fetched | None, FeedState]:
    """The feed as fetched, or None when it has not changed since the state's ETag/date."""
    accept = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
    headers = {"Accept": accept}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.modified:
        headers["If-Modified-Since"] = state.modified
    try:
        response = fetch(state.url, settings, headers=headers, types=None)
    except FetchError as err:
        raise FetchError(state.url, f"feed unreachable ({err.reason})") from err
    if response.not_modified:
        return None, state
    fresh = FeedState(state.url, response.headers.get("etag") or state.etag,
                      response.headers.get("last-modified") or state.modified)
    return response, fresh


def item_link(entry: Any) -> str | None:
    """An item's link if it is an http(s) URL; a feed's other "links" are never followed."""
    link = entry.get("link")
    return link.strip() if isinstance(link, str) and is_url(link.strip()) else None


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
    link = item_link(entry)
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
        given = entry.get("link")
        reason = (f"feed item link {str(given)[:200]!r} is not an http(s) URL" if given else
                  "feed item has neither a link nor its full text")
        yield Failure(origin, reason)
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

    from sitrep.ingest.sources import read_url

    def default_fetch(link: str) -> Iterable[RawDocument | Failure]:
        # A link the guard refuses by its spelling never heals: no "fetch" stage, no retry.
        try:
            check_url(link, Reach.of(settings))
        except Refused as err:
            return [Failure(link, str(err))]
        try:
            return [read_url(link, settings)]
        except (FetchError, InputError) as err:
            return [Failure(link, err.reason, stage="fetch")]

    try:
        response, fresh = fetch_feed(state, settings)
    except FetchError as err:
        return FeedPoll(state, "error", error=err.reason)
    if response is None:
        return FeedPoll(state, "unchanged")
    parsed = feedparser.parse(response.body,
                              response_headers={"content-type": response.headers.get(
                                  "content-type", "application/xml")})
    if parsed.bozo and not parsed.entries:
        reason = f"not an RSS or Atom feed ({parsed.get('bozo_exception', 'unreadable')})"
        return FeedPoll(fresh, "error", error=reason)
    items: list[RawDocument | Failure] = []
    links: list[str] = []
    listed: set[str] = set()
    skipped = 0
    for index, entry in enumerate(parsed.entries):
        link = item_link(entry)
        if link:
            listed.add(link)
        if link and seen(link):
            skipped += 1
            continue
        origin = f"{state.url}#{index}"
        if link:
            links.append(link)
        try:
            items.extend(item_documents(entry, origin, settings, fetch_link or default_fetch))
        except (FetchError, InputError) as err:
            items.append(Failure(link or origin, err.reason, stage="fetch"))
    return FeedPoll(fresh, "new", items, skipped, links, listed=frozenset(listed))
