"""RawDocument -> Article: HTML through trafilatura, then the cleaner, dateline and language.

The cascade, in order: blocks (trafilatura for HTML, lines for text) -> a leading ``date`` line
-> the cleaner (furniture out, headings marked) -> the text -> dateline -> length and language.
The publication date is the first known of: the input's own (``--published``, a JSON Lines
record), page metadata, the ``date`` line, the dateline, a caption.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import replace

from sitrep.errors import InputError
from sitrep.ingest import html as html_page
from sitrep.ingest import language
from sitrep.ingest.blocks import Block, join
from sitrep.ingest.cleaner import Cleaned, Rules, clean, default_rules, plain_blocks
from sitrep.ingest.dateline import (
    TownSize,
    caption_date,
    find_dateline,
    join_split_dateline,
    take_date_line,
)
from sitrep.ingest.decode import repair_mojibake
from sitrep.model import Article, PublishedSource, RawDocument
from sitrep.settings import Settings


def to_article(raw: RawDocument, settings: Settings, towns: TownSize | None = None) -> Article:
    """The clean article for one raw document; raises InputError or LanguageError. ``towns``
    tells a well-known town opening the text before a dash as a dateline ("ODESA - ...")."""
    _check_unicode(raw)
    raw = _repaired(raw)
    rules = default_rules()
    title = raw.title
    metadata_date: dt.date | None = None
    sitename: str | None = None
    if raw.html is not None and raw.html.strip():
        page = html_page.extract(raw.html, raw.origin, raw.url, settings.max_html_tags)
        blocks: list[Block] = list(page.blocks)
        title = title or page.title
        metadata_date = page.published
        sitename = page.sitename
    else:
        _check_raw_length(raw.text or "", raw.origin, settings)
        blocks = plain_blocks(raw.text or "", rules)
    cleaned, line_date = _clean_blocks(blocks, rules)
    if title is None and raw.html is None and len(cleaned.blocks) > 1 and cleaned.blocks[0].heading:
        title = cleaned.blocks[0].text  # plain text that opens with its headline
    text, headings = join(cleaned.blocks)
    _check_length(text, raw.origin, settings)
    dateline = find_dateline(text, 0, headings, towns)
    published, published_source = _published(
        (raw.published, "given"), (metadata_date, "metadata"), (line_date, "text"),
        (dateline.published if dateline else None, "dateline"),
        (caption_date(cleaned.captions), "text"))
    code = language.check(text, raw.origin, settings.languages, settings.cache_path)
    return Article(
        id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        url=raw.url,
        title=title,
        source=(dateline.source if dateline else None) or sitename,
        published=published,
        dateline=dateline.place if dateline else None,
        language=code,
        headings=headings,
        dateline_span=dateline.span if dateline else None,
        origin=raw.origin,
        published_source=published_source,
    )


def _published(*found: tuple[dt.date | None, PublishedSource]
               ) -> tuple[dt.date | None, PublishedSource | None]:
    """The first date found, in order of trust, and where it came from; (None, None) if none."""
    return next(((day, source) for day, source in found if day is not None), (None, None))


def clean_html_text(html: str, origin: str, url: str | None = None) -> str:
    """The clean text of an HTML page, without the checks an article needs (for evaluation)."""
    cleaned, _ = _clean_blocks(html_page.extract(html, origin, url).blocks, default_rules())
    return join(cleaned.blocks)[0]


def _clean_blocks(blocks: Sequence[Block], rules: Rules) -> tuple[Cleaned, dt.date | None]:
    """The cleaner's part of the cascade, shared by articles and the evaluation: a leading date
    line out (its date kept), a lone dateline joined to its paragraph, furniture out."""
    rest, line_date = take_date_line(blocks)
    return clean(join_split_dateline(rest), rules), line_date


def _check_unicode(raw: RawDocument) -> None:
    """Refuse text that is no Unicode: a lone surrogate (JSON's "\\ud800") cannot be stored,
    printed or sent."""
    for field in ("text", "html", "title", "url"):
        value = getattr(raw, field)
        if not value:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            raise InputError(raw.origin, f"the {field} holds a lone surrogate "
                                         f"(U+{ord(value[err.start]):04X} at character "
                                         f"{err.start}), which is no Unicode text") from err


def _repaired(raw: RawDocument) -> RawDocument:
    """The document with UTF-8 once misread as Windows-1252 put right, whatever its source
    (file, JSON Lines, URL, API): mojibake is never stored."""
    return replace(raw, text=raw.text and repair_mojibake(raw.text),
                   html=raw.html and repair_mojibake(raw.html),
                   title=raw.title and repair_mojibake(raw.title))


def _check_raw_length(text: str, origin: str, settings: Settings) -> None:
    """Refuse at once a plain text that cleaning could never bring under the limit."""
    if len(text) > 2 * settings.max_text_chars:
        raise InputError(origin, f"too long ({len(text):,} characters; the limit is "
                                 f"{settings.max_text_chars:,}, SITREP_MAX_TEXT_CHARS)")


def _check_length(text: str, origin: str, settings: Settings) -> None:
    """Refuse a clean text too short to be an article or too long to parse."""
    if len(text) < settings.min_text_chars:
        what = "no text" if not text else f"only {len(text)} characters"
        raise InputError(origin, f"{what} left after cleaning (the minimum is "
                                 f"{settings.min_text_chars}); is it an article?")
    if len(text) > settings.max_text_chars:
        raise InputError(origin, f"too long after cleaning ({len(text):,} characters; the limit "
                                 f"is {settings.max_text_chars:,}, SITREP_MAX_TEXT_CHARS)")
