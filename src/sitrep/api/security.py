"""Response headers that keep the page from being framed, sniffed or made to run others' code,
and the Host check that keeps a DNS-rebinding page from talking to a local server."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

from fastapi import Request, Response
from fastapi.responses import PlainTextResponse

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


Handler = Callable[[Request], Awaitable[Response]]


def guard(names: tuple[str, ...], tile_url: str | None
          ) -> Callable[[Request, Handler], Awaitable[Response]]:
    """An HTTP middleware: 400 for a Host not served, and the security headers on every answer.

    A response that set its own Content-Security-Policy (the API docs page) keeps it.
    """
    default = policy(tile_url)

    async def middleware(request: Request, call_next: Handler) -> Response:
        if not served(request.headers.get("host"), names):
            response: Response = PlainTextResponse(
                "unknown Host: this server answers to " + ", ".join(names)
                + " (set SITREP_SERVED_HOSTS)", status_code=400)
        else:
            response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", default)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return middleware
