"""Response headers that keep the page from being framed, sniffed or made to run others' code,
and the Host check that keeps a DNS-rebinding page from talking to a local server."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ANY_HOST = "*"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def policy(tile_url: str | None = None, script_hashes: Iterable[str] = (),
           inline_styles: bool = False) -> str:
    """The Content-Security-Policy: everything from this server only; map tiles from theirs."""
    images = ["'self'", "data:"]
    tiles = tile_origin(tile_url)
    if tiles:
        images.append(tiles)
    scripts = ["'self'", *(f"'{digest}'" for digest in script_hashes)]
    styles = ["'self'", "'unsafe-inline'"] if inline_styles else ["'self'"]
    return "; ".join([
        "default-src 'self'", f"script-src {' '.join(scripts)}", f"style-src {' '.join(styles)}",
        f"img-src {' '.join(images)}", "connect-src 'self'", "object-src 'none'",
        "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ])


def tile_origin(tile_url: str | None) -> str | None:
    """The origin a tile URL template loads from, as a CSP source ({s} subdomains as *)."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url.replace("{s}", "*"))
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def script_hashes(html: str) -> list[str]:
    """The CSP hashes of a page's inline scripts (FastAPI's Swagger page has one)."""
    return ["sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            for body in _INLINE_SCRIPT.findall(html)]


def host_name(header: str) -> str:
    """The host of a Host header, without its port, lower case, brackets kept off IPv6."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def served(header: str | None, names: Iterable[str]) -> bool:
    """Whether a request's Host header names this server."""
    allowed = {host_name(name) for name in names}
    return ANY_HOST in allowed or (header is not None and host_name(header) in allowed)


class Guard:
    """ASGI middleware: 400 for a Host not served, and the security headers on every answer.

    A response that set its own Content-Security-Policy (the API docs page) keeps it. Plain
    ASGI, not Starlette's BaseHTTPMiddleware: that one runs each request in a task group with
    a memory stream between the layers, a fifth of the CPU time of a small JSON answer.
    """

    def __init__(self, app: ASGIApp, names: tuple[str, ...], tile_url: str | None) -> None:
        self.app = app
        self.names = names
        self.policy = policy(tile_url)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def headed(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message.get("headers", [])))
                headers.setdefault("Content-Security-Policy", self.policy)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "no-referrer"
                message["headers"] = headers.raw
            await send(message)

        if not served(Headers(scope=scope).get("host"), self.names):
            refused = PlainTextResponse(
                "unknown Host: this server answers to " + ", ".join(self.names)
                + " (set SITREP_SERVED_HOSTS)", status_code=400)
            await refused(scope, receive, headed)
            return
        await self.app(scope, receive, headed)
