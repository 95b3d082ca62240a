"""Fetching URLs against a local server: success, redirect, HTTP errors, timeout, size, type."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from sitrep import cli
from sitrep import report as report_json
from sitrep.errors import FetchError
from sitrep.ingest.urls import fetch
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

PAGE = b"""<!DOCTYPE html><html><head><title>Grain talks resume</title></head><body><article>
<h1>Grain talks resume</h1>
<p>ISTANBUL (Reuters) - Turkish officials said on Wednesday that talks on the safe passage of grain
ships through the Black Sea would resume next week, after a pause of more than a month.</p>
<p>Ukraine and Russia have both said they are ready to send delegations to Istanbul.</p>
</article></body></html>"""


SLOW_SECONDS = 8
"""How long the slow route waits before answering: longer than any deadline the tests set."""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        route = self.path.split("?")[0]
        if route == "/article":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif route == "/moved":
            self.send_response(301)
            self.send_header("Location", "/article")
            self.end_headers()
        elif route == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, PAGE, "text/html")
        elif route == "/huge":
            # No Content-Length: only streaming with a running count can stop this.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"filler " * 9000 + b"</p>\n"
            try:
                for _ in range(1000):  # about 63 MB if nobody hangs up
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif route == "/report.pdf":
            self._send(200, b"%PDF-1.7 ...", "application/pdf")
        else:
            self._send(404, b"<p>Not here</p>", "text/html")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may have given up (the timeout test): then there is nothing to send.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test output is not the server's log."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# The test server is on this machine: the guard must be told to allow it. The deadline leaves a
# loaded machine time to answer the fast routes; the slow route waits well past it.
TIMEOUT = 2.0
FAST = Settings(fetch_timeout=TIMEOUT, max_input_bytes=2_000_000, allow_loopback_urls=True)


def test_a_page_is_fetched_following_redirects(server: str) -> None:
    page = fetch(f"{server}/moved", FAST)
    assert page.url == f"{server}/article"
    assert page.body == PAGE and page.content_type == "text/html" and page.charset == "utf-8"


@pytest.mark.parametrize(("route", "reason"), [
    ("/missing", "HTTP 404 Not Found"),
    ("/slow", "timed out after 2 s"),
    ("/huge", "too large (stopped after 2.0 MB; the limit is 2.0 MB"),
    ("/report.pdf", "not text or HTML (content type application/pdf)"),
])
def test_fetch_errors_say_why(server: str, route: str, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(f"{server}{route}", FAST)
    assert caught.value.origin == f"{server}{route}"
    assert caught.value.reason.startswith(reason)
    assert time.monotonic() - started < SLOW_SECONDS  # cut off, not downloaded whole or waited out


def test_unreachable_host() -> None:
    with pytest.raises(FetchError, match="unreachable"):
        fetch("http://127.0.0.1:9/", FAST)


@pytest.mark.slow
def test_cli_fetches_urls_and_reports_each_failure_in_order(
    server: str, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sitrep.pipeline.Pipeline", lambda settings: pipeline)
    monkeypatch.setenv("SITREP_FETCH_TIMEOUT", str(TIMEOUT))
    monkeypatch.setenv("SITREP_ALLOW_LOOPBACK_URLS", "1")
    status = cli.main(["extract", f"{server}/article", f"{server}/missing", f"{server}/slow"])
    out, err = capsys.readouterr()
    assert status != 0
    (line,) = out.splitlines()
    document = json.loads(line)
    report_json.validate(document)
    assert document["article"]["url"] == f"{server}/article"
    assert document["article"]["title"] == "Grain talks resume"
    assert document["article"]["dateline"] == "Istanbul"
    assert err.splitlines() == [
        f"sitrep: {server}/missing: HTTP 404 Not Found",
        f"sitrep: {server}/slow: timed out after 2 s",
    ]
