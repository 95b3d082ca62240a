"""The trafilatura boundary: an HTML page to paragraphs and headings, title and date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from lxml import etree

from sitrep.errors import InputError
from sitrep.ingest.blocks import Block

_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[A-Za-z!/?]")
"""The start of a tag (an element, its end, a comment, a declaration)."""
# Elements of trafilatura's output tree that start a paragraph of their own; anything else
# (hi, ref, cell, ...) runs on inside the current one.
_BLOCK_TAGS = {"p", "head", "item", "quote", "list", "table", "row", "code", "div", "body"}


@dataclass(frozen=True, slots=True)
class Extracted:
    """What trafilatura found in a page."""

    blocks: tuple[Block, ...]
    title: str | None
    published: dt.date | None
    sitename: str | None = None
    """The publisher's name from the page metadata ("Reuters", "The Hill")."""


def plain_text(html: str, url: str | None = None) -> str:
    """trafilatura's own text of a page with its default options (the evaluation baseline)."""
    return _trafilatura().extract(html, url=url) or ""


def extract(html: str, origin: str, url: str | None = None,
            max_tags: int | None = None) -> Extracted:
    """The main text of an HTML page as blocks, with title and metadata date; InputError if none
    or if the page has more than ``max_tags`` tags (counted before parsing)."""
    if max_tags is not None:
        _check_tags(html, origin, max_tags)
    trafilatura = _trafilatura()
    try:
        found = _bare_extraction(trafilatura, html, url)
    except (ValueError, etree.LxmlError) as err:
        raise InputError(origin, f"HTML could not be parsed ({err})") from err
    if found is None:
        raise InputError(origin, "no article text found in the HTML page")
    document, body = found
    title = _clean(document.title or "") or None
    blocks = tuple(_blocks(body))
    if blocks and title and blocks[0].heading and blocks[0].text == title:
        blocks = blocks[1:]  # the headline is the title, not part of the body text
    sitename = _clean(document.sitename or "") or None
    return Extracted(blocks, title, _date(document.date), sitename)


def _bare_extraction(trafilatura: ModuleType, html: str, url: str | None
                     ) -> tuple[Any, etree._Element] | None:
    """trafilatura's metadata (title, url, date, site name) and main text tree of a page, or
    None if it finds no text: ``bare_extraction(with_metadata=True)`` without its search for
    fields sitrep never reads (see ``page_meta``), its copy of the page and its rendering of
    the text (see ``main_text``), in the same order on the same tree."""
    # Imported here, as trafilatura is (they import it): plain-text runs never load it.
    from sitrep.ingest.main_text import main_text
    from sitrep.ingest.page_meta import page_metadata
    from sitrep.ingest.page_tree import load_html

    defaults = trafilatura.settings.Extractor()  # the date options it uses
    try:
        tree = load_html(html)
        if tree is None:
            return None
        metadata = page_metadata(tree, url, defaults.date_params)
    except (TypeError, ValueError):  # what bare_extraction turns into "no text"
        return None
    body = main_text(tree, url or metadata.url)
    return None if body is None else (metadata, body)


def _check_tags(html: str, origin: str, limit: int) -> None:
    """Refuse a page with more tags than the budget, counting no further than one past it."""
    found = 0
    for found, _ in enumerate(_TAG.finditer(html), start=1):
        if found > limit:
            raise InputError(origin, f"too many HTML tags (more than {limit:,}; set "
                                     "SITREP_MAX_HTML_TAGS to raise the limit)")


class _Paragraphs:
    """Collects text in reading order and cuts it into blocks at paragraph boundaries."""

    def __init__(self) -> None:
        """Start with no blocks and no pending text."""
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.heading = False

    def add(self, text: str | None) -> None:
        """Append text to the paragraph being collected."""
        if text:
            self.parts.append(text)

    def cut(self) -> None:
        """End the paragraph being collected, keeping it if it has text."""
        text = _clean("".join(self.parts))
        if text:
            self.blocks.append(Block(text, self.heading))
        self.parts = []


def _trafilatura() -> ModuleType:
    """trafilatura, imported on the first page: a third of a second of start-up that a run
    reading plain text or JSON Lines of text never needs."""
    import trafilatura

    return trafilatura


def _blocks(body: etree._Element) -> list[Block]:
    """The paragraphs and headings of trafilatura's output tree."""
    paragraphs = _Paragraphs()
    _walk(body, paragraphs)
    paragraphs.cut()
    return paragraphs.blocks


def _walk(element: etree._Element, out: _Paragraphs) -> None:
    """Text and tails in document order: trafilatura leaves loose text after headings."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "lb":
        out.cut()
    elif tag in _BLOCK_TAGS:
        out.cut()
        out.heading = tag == "head"
        out.add(element.text)
        for child in element:
            _walk(child, out)
        out.cut()
        out.heading = False
    else:
        out.add(element.text)
        for child in element:
            _walk(child, out)
        if tag == "cell":
            out.add(" ")
    out.add(element.tail)


def _clean(text: str) -> str:
    """Whitespace runs collapsed to one space."""
    return _SPACE.sub(" ", text).strip()


def _date(value: str | None) -> dt.date | None:
    """The day of trafilatura's ISO date string, if it has one."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
