"""`sitrep serve`: the API and the web page under uvicorn."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import fields, replace
from typing import Any

from sitrep.settings import Settings, variables

WILDCARDS = frozenset({"0.0.0.0", "::", ""})
"""Listening addresses that name no host: the names clients use must be set."""
MOST_WORKERS = 4
"""The default number of workers is one per core up to this: beyond it the database, not
Python, is what requests wait for, and each worker holds its own aggregates in memory."""
FACTORY = "sitrep.api.app:create_app"
"""What each worker process calls to build its app (from the SITREP_* environment)."""


def worker_environment(settings: Settings) -> dict[str, str]:
    """The settings as the SITREP_* variables `Settings.from_env` reads back the same: how the
    worker processes, which start afresh, get them."""
    named = {field: name for name, field in variables().items()
             if name == f"SITREP_{field.upper()}"}
    out = {}
    for f in fields(settings):
        value = getattr(settings, f.name)
        if value is None:
            shown = ""
        elif isinstance(value, bool):
            shown = "true" if value else "false"
        elif isinstance(value, tuple):
            shown = ",".join(str(v) for v in value)
        else:
            shown = str(value)
        out[named[f.name]] = shown
    return out


def worker_count(asked: int) -> int:
    """The worker processes to start: as asked, or (0) one per CPU core up to MOST_WORKERS."""
    return asked if asked > 0 else max(1, min(MOST_WORKERS, os.cpu_count() or 1))


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
    serve.add_argument("--workers", type=int, default=0, metavar="N",
                       help="worker processes (default 0: one per CPU core, "
                            f"at most {MOST_WORKERS})")


def serve(args: argparse.Namespace) -> int:
    """Run the server until interrupted."""
    import uvicorn

    from sitrep.api.app import create_app
    from sitrep.errors import InputError
    from sitrep.store.database import open_store

    settings = Settings.from_env(db_url=args.db, ingest_token=args.ingest_token,
                                 allow_private_urls=args.allow_private_urls,
                                 tile_url=args.tile_url)
    if args.workers < 0:
        raise InputError(str(args.workers), "--workers must be 0 (one per core) or more")
    if args.host in WILDCARDS:
        print(f"sitrep serve: answering only to Host {', '.join(settings.served_hosts)}; "
              "set SITREP_SERVED_HOSTS to the names clients use", file=sys.stderr)
    elif args.host not in settings.served_hosts:
        settings = replace(settings, served_hosts=(*settings.served_hosts, args.host))
    if args.host not in {"127.0.0.1", "localhost", "::1"} and not settings.ingest_token:
        print("sitrep serve: read-only; listening beyond this machine", file=sys.stderr)
    workers = worker_count(args.workers)
    if workers == 1:
        uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
        return 0
    # Opened (and migrated) once here, so that a missing database is one error, not one per
    # worker, and the workers do not race to migrate it.
    open_store(settings, create=False).close()
    # Worker processes start afresh: they build their app from the environment.
    os.environ.update(worker_environment(settings))
    uvicorn.run(FACTORY, factory=True, workers=workers, host=args.host, port=args.port,
                log_level="info")
    return 0
