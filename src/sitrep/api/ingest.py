"""POST /api/ingest: one input through the pipeline into the store, URLs only if public."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from sitrep.errors import InputError
from sitrep.model import Failure, RawDocument
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings
from sitrep.store.database import Store


@lru_cache(maxsize=1)
def _pipeline(settings: Settings) -> Pipeline:
    # The model takes seconds to load: once per process, on the first ingest.
    return Pipeline(settings)


def ingest_one(store: Store, text: str | None, html: str | None, url: str | None,
               title: str | None, published: dt.date | None) -> dict[str, Any]:
    """Fetch (if a URL, through the guarded fetch), extract and store one input, as JSON."""
    if url is not None:
        from sitrep.ingest.sources import read_url

        fetched = read_url(url, store.settings, published)
        raw = RawDocument(origin=url, text=fetched.text, html=fetched.html, url=fetched.url,
                          title=title, published=published)
    else:
        raw = RawDocument(origin="api", text=text, html=html, title=title, published=published)
    result = next(iter(_pipeline(store.settings).run([raw])))
    if isinstance(result, Failure):
        raise InputError(result.origin, result.reason)
    outcome = store.add(result)
    return {"article_id": outcome.article_id, "status": outcome.status,
            "reason": outcome.reason, "events": outcome.mentions, "joined": outcome.joined}
