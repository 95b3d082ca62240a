"""`sitrep serve`: the API and the web page under uvicorn."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

WILDCARDS = frozenset({"0.0.0.0", "::", ""})
"""Listening addresses that name no host: the names clients use must be set."""


def add_parser(sub: Any) -> None:
    """Add `sitrep serve` to the `sitrep` parser."""
    serve = sub.add_parser("serve", help="serve the REST API and the web page")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--db", default=None, metavar="URL",
                       help="sqlite:///PATH or postgresql://USER@HOST/DB "
                            "(default $SITREP_DB or ./sitrep.db)")
    serve.add_argument("--ingest-token", default=None, metavar="TOKEN",
                       help="enable POST /api/ingest for this Bearer token "
                            "(or $SITREP_INGEST_TOKEN); read-only without")
    serve.add_argument("--allow-private-urls", action="store_true", default=None,
                       help="let fetches reach loopback/private/link-local URLs "
                            "(or $SITREP_ALLOW_PRIVATE_URLS)")
    serve.add_argument("--tile-url", default=None, metavar="TEMPLATE",
                       help="optional map tiles, e.g. https://tiles.example/{z}/{x}/{y}.png "
                            "(or $SITREP_TILE_URL)")


def serve(args: argparse.Namespace) -> int:
    """Run the server until interrupted."""
    import uvicorn

    from sitrep.api.app import create_app
    from sitrep.settings import Settings

    settings = Settings.from_env(db_url=args.db, ingest_token=args.ingest_token,
                                 allow_private_urls=args.allow_private_urls,
                                 tile_url=args.tile_url)
    if args.host in WILDCARDS:
        print(f"sitrep serve: answering only to Host {', '.join(settings.served_hosts)}; "
              "set SITREP_SERVED_HOSTS to the names clients use", file=sys.stderr)
    elif args.host not in settings.served_hosts:
        settings = replace(settings, served_hosts=(*settings.served_hosts, args.host))
    app = create_app(settings)
    if args.host not in {"127.0.0.1", "localhost", "::1"} and not settings.ingest_token:
        print("sitrep serve: read-only; listening beyond this machine", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0
