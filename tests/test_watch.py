"""Feeds: real RSS served from 127.0.0.1, conditional polls, only new items, past bad ones."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest.feeds import parse_every
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings
from sitrep.store import Store, open_store
from sitrep.watch import poll_once

KHARKIV = (
    "KHARKIV, Ukraine - A Russian missile struck an apartment block in Kharkiv on Tuesday "
    "evening, killing at least seven people and injuring 22, regional governor Oleh Syniehubov "
    "said. Rescue workers searched the rubble through the night as temperatures dropped below "
    "freezing. \"The strike hit a residential building with no military target nearby,\" "
    "Syniehubov wrote on Telegram. Ukraine's air force said the missile was launched from the "
    "Belgorod region across the border. Kharkiv, Ukraine's second-largest city, has come under "
    "repeated attack since the start of the year, and officials have urged allies to send more "
    "air defence systems to protect the city's power plants and homes."
)
ODESA_PAGE = (
    "<html><head><title>Drones hit Odesa port</title></head><body><article>"
    "<h1>Drones hit Odesa port</h1>"
    "<p>ODESA, Ukraine - Russian drones struck port infrastructure in Odesa overnight, "
    "damaging grain silos and killing two dock workers, the regional administration said on "
    "Wednesday.</p><p>Air defences shot down most of the 15 drones launched, the air force "
    "said, but debris started fires in two districts of the city. Oleh Kiper, the head of "
    "the regional military administration, said the port would resume work within a day."
    "</p></article></body></html>"
)
PROTEST = (
    "TBILISI, Georgia - Thousands of protesters rallied outside parliament in Tbilisi on Sunday "
    "against a draft law on foreign agents, the third weekend of demonstrations in a row. "
    "Police used water cannon to disperse crowds near the building late in the evening, and "
    "the interior ministry said 20 people were detained. Opposition leaders said they would "
    "keep protesting until the bill was withdrawn. The European Union has warned that the law "
    "could derail Georgia's bid to join the bloc, and the United States said it was concerned "
    "about the use of force against peaceful demonstrators, calling for restraint on all sides."
)


def rss(base: str, items: list[str]) -> bytes:
    """An RSS 2.0 document with the given <item> bodies."""
    body = "".join(f"<item>{item}</item>" for item in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Wire</title><link>{base}/</link><description>World news"
        f"</description>{body}</channel></rss>"
    ).encode()


def full_item(base: str, slug: str, title: str, text: str) -> str:
    return (f"<title>{title}</title><link>{base}/news/{slug}</link>"
            "<pubDate>Tue, 12 Mar 2024 18:00:00 GMT</pubDate>"
            f"<description>{title}</description>"
            f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded>")


class FeedServer:
    """A tiny HTTP server on 127.0.0.1 with ETags, recording what it was asked."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[bytes, str]] = {}
        self.requests: list[tuple[str, str | None]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, self.headers.get("If-None-Match")))
                page = server.pages.get(self.path)
                if page is None:
                    self.send_error(404)
                    return
                body, content_type = page
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    settings = Settings(fetch_timeout=5.0, allow_loopback_urls=True)  # the feed server is local
    with open_store(settings, f"sqlite:///{tmp_path / 'watch.db'}") as opened:
        yield opened


@pytest.mark.slow
def test_watch_ingests_new_items_and_goes_past_bad_feeds_and_items(
    server: FeedServer, db: Store, pipeline: Pipeline
) -> None:
    base = server.base
    items = [
        full_item(base, "kharkiv", "Missile kills seven in Kharkiv", KHARKIV),
        f"<title>Drones hit Odesa port</title><link>{base}/news/odesa</link>"
        "<description>Drones hit Odesa.</description>",
        "<title>Live: follow our coverage</title><description>Updates.</description>",
    ]
    server.pages["/feed.xml"] = (rss(base, items), "application/rss+xml")
    server.pages["/news/odesa"] = (ODESA_PAGE.encode(), "text/html; charset=utf-8")
    server.pages["/broken.xml"] = (b"<html><body>Maintenance</body></html>", "text/html")
    feeds = [f"{base}/missing.xml", f"{base}/broken.xml", f"{base}/feed.xml"]

    first = poll_once(db, feeds, pipeline.run)
    assert [r.status for r in first] == ["error", "error", "new"]
    assert "404" in (first[0].error or "")
    assert first[2].summary.added == 2
    assert first[2].summary.failed == 1
    assert db.table_sizes()["articles"] == 2
    assert any("neither a link nor its full text" in f.reason for f in db.failures())
    # The Kharkiv item carried its full text: its page was never fetched.
    assert ("/news/kharkiv", None) not in server.requests

    second = poll_once(db, [f"{base}/feed.xml"], pipeline.run)
    assert second[0].status == "unchanged"
    assert server.requests[-1][1] is not None  # the ETag went back to the server
    assert db.table_sizes()["articles"] == 2

    items.append(full_item(base, "tbilisi", "Thousands rally in Tbilisi", PROTEST))
    server.pages["/feed.xml"] = (rss(base, items), "application/rss+xml")
    third = poll_once(db, [f"{base}/feed.xml"], pipeline.run)
    assert third[0].status == "new"
    assert third[0].skipped == 2
    assert third[0].summary.added == 1
    assert db.table_sizes()["articles"] == 3
    assert [p for p, _ in server.requests].count("/news/odesa") == 1


def test_intervals() -> None:
    assert parse_every("15m") == 900
    assert parse_every("30s") == 30
    assert parse_every("1h") == 3600
    assert parse_every("2") == 120
    with pytest.raises(InputError, match="not an interval"):
        parse_every("every now and then")
    with pytest.raises(InputError, match="more than zero"):
        parse_every("0s")


def test_a_feed_that_cannot_be_fetched_is_reported_not_raised() -> None:
    from sitrep.ingest.feeds import FeedState, poll

    settings = Settings(fetch_timeout=2.0, allow_loopback_urls=True)
    for url, reason in (("http://127.0.0.1:1/feed.xml", "unreachable"),
                        ("ftp://example.invalid/feed.xml", "only http:// and https://"),
                        ("news feed", "only http:// and https://")):
        result = poll(FeedState(url), settings, seen=lambda link: False)
        assert result.status == "error"
        assert "feed unreachable" in (result.error or "")
        assert reason in (result.error or "")
