"""POST /api/ingest: one input through the pipeline into the store, URLs only if public."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from sitrep.api.guard import fetch_public
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
               title: str | None, published: dt.date | None, *, allow_private: bool
               ) -> dict[str, Any]:
    """Fetch (if a URL), extract and store one input; what happened, as JSON."""
    if url is not None:
        from sitrep.ingest.decode import decode, looks_like_html

        if allow_private:
            from sitrep.ingest.urls import fetch

            page = fetch(url, store.settings)
            final, data, mime, charset = page.url, page.body, page.content_type, page.charset
        else:
            final, data, mime, charset = fetch_public(url, store.settings)
        body = decode(data, url, charset)
        is_html = mime != "text/plain" and looks_like_html(body)
        raw = RawDocument(origin=url, text=None if is_html else body,
                          html=body if is_html else None, url=final, title=title,
                          published=published)
    else:
        raw = RawDocument(origin="api", text=text, html=html, title=title, published=published)
    result = next(iter(_pipeline(store.settings).run([raw])))
    if isinstance(result, Failure):
        raise InputError(result.origin, result.reason)
    outcome = store.add(result)
    return {"article_id": outcome.article_id, "status": outcome.status,
            "reason": outcome.reason, "events": outcome.mentions, "joined": outcome.joined}
