"""Hostile and flaky feeds from a real loopback server: file links, private links, a gzip bomb,
a server that drips, and an item that fails once and is stored on its retry."""

from __future__ import annotations

import contextlib
import gzip
import os
import socket
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitrep import cli
from sitrep.errors import FetchError
from sitrep.ingest.feeds import FeedState, poll
from sitrep.ingest.urls import fetch
from sitrep.model import Failure, RawDocument, Report
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings
from sitrep.store import Store, open_store
from sitrep.store import schema as t
from sitrep.watch import poll_once
from tests.test_watch import KHARKIV, rss

Route = Callable[[BaseHTTPRequestHandler], None]
LOCAL = Settings(fetch_timeout=2.0, max_input_bytes=2_000_000, allow_loopback_urls=True,
                 retry_after=0.0, retry_attempts=3)


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str,
         **headers: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        handler.wfile.write(body)


class Hostile:
    """A loopback HTTP server whose routes are functions, counting the requests to each."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                route = server.routes.get(self.path)
                if route is None:
                    send(self, 404, b"not here", "text/plain")
                else:
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def feed(self, path: str, items: list[str]) -> None:
        """A feed with an ETag, answering 304 to a poll that sends it back."""
        body = rss(self.base, items)
        etag = f'"{len(body)}-{hash(body) & 0xFFFF:x}"'

        def answer(handler: BaseHTTPRequestHandler) -> None:
            if handler.headers.get("If-None-Match") == etag:
                handler.send_response(304)
                handler.end_headers()
            else:
                send(handler, 200, body, "application/rss+xml", ETag=etag)

        self.routes[path] = answer

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Hostile]:
    running = Hostile()
    yield running
    running.close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    with open_store(LOCAL, f"sqlite:///{tmp_path / 'watch.db'}") as opened:
        yield opened


def linked(title: str, link: str) -> str:
    return f"<title>{title}</title><link>{link}</link><description>{title}</description>"


def failures_only(items: Iterable[RawDocument | Failure]) -> Iterator[Report | Failure]:
    """An extractor for feeds whose items all fail before extraction."""
    for item in items:
        assert isinstance(item, Failure), f"{item.origin} was read"
        yield item


def test_item_links_that_are_not_urls_are_never_read(server: Hostile, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("ssh key " * 200)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    links = [str(secret), f"file://{secret}", "-", "/dev/zero", str(fifo), "ftp://x.org/a"]
    server.feed("/feed.xml", [linked(f"item {i}", link) for i, link in enumerate(links)])
    # A file link beside a full text: the text is the article, the path is not its URL.
    full = (f"<title>Kharkiv</title><link>{secret}</link>"
            f"<content:encoded><![CDATA[<p>{KHARKIV}</p>]]></content:encoded>")
    server.feed("/full.xml", [full])

    result = poll(FeedState(f"{server.base}/feed.xml"), LOCAL, seen=lambda link: False)
    assert result.status == "new"
    assert all(isinstance(item, Failure) for item in result.items)
    reasons = [item.reason for item in result.items if isinstance(item, Failure)]
    assert len(reasons) == len(links)
    assert all(r.startswith("feed item link '") and r.endswith("' is not an http(s) URL")
               for r in reasons), reasons
    assert f"feed item link {str(fifo)!r} is not an http(s) URL" in reasons
    assert result.links == []  # nothing to fetch, nothing to skip next time by these "links"

    (document,) = poll(FeedState(f"{server.base}/full.xml"), LOCAL, seen=lambda link: False).items
    assert isinstance(document, RawDocument)
    assert document.url is None and "ssh key" not in (document.html or "")


def test_item_links_to_private_addresses_are_refused_and_given_up(server: Hostile, db: Store
                                                                 ) -> None:
    links = ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/story",
             "http://0177.0.0.1/story", "http://[::ffff:a9fe:a9fe]/", "http://100.64.0.1/"]
    server.feed("/feed.xml", [linked(f"item {i}", link) for i, link in enumerate(links)])
    started = time.monotonic()
    (report,) = poll_once(db, [f"{server.base}/feed.xml"], failures_only)
    assert time.monotonic() - started < 5  # refused, not attempted
    assert (report.summary.failed, report.retrying) == (5, 0)
    reasons = {f.origin: f.reason for f in db.failures()}
    assert all("refused" in reasons[link] for link in links), reasons
    # Given up at once (a refusal does not heal): seen, and nothing waits for a retry.
    assert all(db.seen_link(link) for link in links)
    assert db.feed_retries(f"{server.base}/feed.xml") == {}


def test_a_private_feed_is_refused_without_the_loopback_setting(server: Hostile) -> None:
    server.feed("/feed.xml", [])
    result = poll(FeedState(f"{server.base}/feed.xml"), Settings(), seen=lambda link: False)
    assert result.status == "error"
    assert "127.0.0.1 is a loopback address" in (result.error or "")
    assert server.hits == {}


def test_a_name_that_resolves_to_loopback_is_refused_at_connect_time(server: Hostile) -> None:
    server.routes["/story"] = lambda h: send(h, 200, b"<p>story</p>", "text/html")
    port = server.base.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="localhost resolves to a non-public address"):
        fetch(f"http://localhost:{port}/story", Settings())
    assert server.hits == {}


def test_every_redirect_hop_is_checked(server: Hostile) -> None:
    server.routes["/hop"] = lambda h: send(h, 302, b"", "text/plain",
                                           Location="http://169.254.169.254/latest")
    with pytest.raises(FetchError, match=r"169\.254\.169\.254 is a link-local address"):
        fetch(f"{server.base}/hop", LOCAL)


def _bomb(size: int) -> bytes:
    return gzip.compress(b"<p>" + b" " * size + b"</p>", compresslevel=9)


def test_a_gzip_bomb_is_stopped_while_it_inflates(server: Hostile) -> None:
    bomb = _bomb(200_000_000)  # about 200 kB on the wire
    for path in ("/bomb.xml", "/bomb.html"):
        server.routes[path] = lambda h: send(h, 200, bomb, "text/html", Content_Encoding="gzip")
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match=r"too large \(stopped after 2\.0 MB"):
            fetch(f"{server.base}/bomb.html", LOCAL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * LOCAL.max_input_bytes  # never more than the limit and a chunk held
    result = poll(FeedState(f"{server.base}/bomb.xml"), LOCAL, seen=lambda link: False)
    assert result.status == "error" and "too large" in (result.error or "")


def test_a_small_gzip_body_is_read_whole(server: Hostile) -> None:
    page = b"<html><body><p>" + b"Kyiv said. " * 5000 + b"</p></body></html>"
    server.routes["/page"] = lambda h: send(h, 200, gzip.compress(page), "text/html",
                                            Content_Encoding="gzip")
    assert fetch(f"{server.base}/page", LOCAL).body == page


def _drip_headers(handler: BaseHTTPRequestHandler) -> None:
    # Never finishes its headers: one header line every 0.3 s, each well inside a read timeout.
    sock: socket.socket = handler.connection
    try:
        sock.sendall(b"HTTP/1.1 200 OK\r\n")
        for n in range(100):
            time.sleep(0.3)
            sock.sendall(f"X-Drip-{n}: 1\r\n".encode())
    except OSError:
        pass


def _drip_body(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    try:
        for _ in range(100):
            handler.wfile.write(b"<p>")
            handler.wfile.flush()
            time.sleep(0.3)
    except OSError:
        pass


@pytest.mark.parametrize("drip", [_drip_headers, _drip_body])
def test_a_server_that_drips_cannot_hold_a_fetch_past_its_deadline(
    server: Hostile, drip: Route
) -> None:
    server.routes["/drip"] = drip
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 2 s"):
        fetch(f"{server.base}/drip", LOCAL)
    assert time.monotonic() - started < LOCAL.fetch_timeout + 1


def test_an_item_that_keeps_failing_is_retried_then_given_up(server: Hostile, db: Store,
                                                             capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    link = f"{server.base}/down"
    server.routes["/down"] = lambda h: send(h, 503, b"busy", "text/plain")
    server.feed("/feed.xml", [linked("Down", link)])
    feed = f"{server.base}/feed.xml"

    (first,) = poll_once(db, [feed], failures_only)
    assert (first.summary.failed, first.retrying, first.skipped) == (1, 1, 0)
    assert not db.seen_link(link)
    (failed,) = db.failures()
    assert failed.origin == link and failed.retry_at is not None
    assert failed.reason.startswith("HTTP 503 Service Unavailable (try 1 of 3")

    assert cli.main(["ingest", "--failed", "--db", str(db.engine.url)]) == 0
    assert f"{link}  HTTP 503 Service Unavailable" in capsys.readouterr().out

    poll_once(db, [feed], failures_only)
    (third,) = poll_once(db, [feed], failures_only)
    assert (third.summary.failed, third.retrying) == (1, 0)
    (given_up,) = db.failures()
    assert given_up.reason == "given up after 3 attempts: HTTP 503 Service Unavailable"
    assert given_up.attempts == 3 and given_up.retry_at is None
    assert db.seen_link(link)
    (fourth,) = poll_once(db, [feed], failures_only)
    assert fourth.status == "unchanged"  # nothing waits: a conditional poll again
    assert server.hits["/down"] == 3


def test_an_item_that_left_the_feed_stops_waiting(server: Hostile, db: Store) -> None:
    """A link waiting for a retry that the feed no longer lists is given up, with the reason,
    and its row goes: otherwise it would wait for ever and every poll would ask for the feed
    again in full."""
    gone, other = f"{server.base}/gone", f"{server.base}/other"
    server.routes["/gone"] = lambda h: send(h, 503, b"busy", "text/plain")
    server.routes["/other"] = lambda h: send(h, 404, b"no", "text/plain")
    feed = f"{server.base}/feed.xml"
    server.feed("/feed.xml", [linked("Gone", gone)])
    (first,) = poll_once(db, [feed], failures_only)
    assert first.retrying == 1 and set(db.feed_retries(feed)) == {gone}

    server.feed("/feed.xml", [linked("Other", other)])
    (second,) = poll_once(db, [feed], failures_only)
    assert db.feed_retries(feed) == {other: db.feed_retries(feed)[other]}
    reasons = {failure.origin: failure.reason for failure in db.failures()}
    assert reasons[gone] == ("given up after 1 attempts: the item left the feed "
                             "(HTTP 503 Service Unavailable)")
    assert server.hits["/gone"] == 1 and second.retrying == 1


def test_an_item_waits_out_its_backoff(server: Hostile, tmp_path: Path) -> None:
    patient = replace(LOCAL, retry_after=3600.0)
    server.routes["/down"] = lambda h: send(h, 503, b"busy", "text/plain")
    server.feed("/feed.xml", [linked("Down", f"{server.base}/down")])
    with open_store(patient, f"sqlite:///{tmp_path / 'patient.db'}") as store:
        poll_once(store, [f"{server.base}/feed.xml"], failures_only)
        (second,) = poll_once(store, [f"{server.base}/feed.xml"], failures_only)
    assert second.status == "unchanged" and server.hits["/down"] == 1


@pytest.mark.slow
def test_an_item_that_gave_503_then_200_is_stored(server: Hostile, db: Store,
                                                  pipeline: Pipeline) -> None:
    answers = iter([503])
    page = (f"<html><head><title>Kharkiv strike</title></head><body><article><p>{KHARKIV}</p>"
            "</article></body></html>").encode()

    def flaky(handler: BaseHTTPRequestHandler) -> None:
        status = next(answers, 200)
        send(handler, status, page if status == 200 else b"busy", "text/html; charset=utf-8")

    link = f"{server.base}/news/kharkiv"
    server.routes["/news/kharkiv"] = flaky
    server.feed("/feed.xml", [linked("Kharkiv strike", link)])
    feed = f"{server.base}/feed.xml"

    (first,) = poll_once(db, [feed], pipeline.run)
    assert (first.summary.added, first.retrying) == (0, 1)
    # The feed has not changed (same ETag), but an item waits: the poll asks for it all again.
    (second,) = poll_once(db, [feed], pipeline.run)
    assert (second.summary.added, second.summary.duplicates) == (1, 0)
    assert db.has_url(link) and db.seen_link(link)
    assert db.failures() == []
    with db.engine.connect() as conn:
        assert conn.execute(t.feed_retries.select()).all() == []
