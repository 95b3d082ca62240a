"""The trafilatura boundary: an HTML page to paragraphs and headings, title and date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import trafilatura
from lxml import etree

from sitrep.errors import InputError
from sitrep.ingest.blocks import Block

_SPACE = re.compile(r"\s+")
# Elements of trafilatura's output tree that hold a paragraph of their own.
_BLOCK_TAGS = {"p", "head", "item", "quote", "row", "code", "lb"}


@dataclass(frozen=True, slots=True)
class Extracted:
    """What trafilatura found in a page."""

    blocks: tuple[Block, ...]
    title: str | None
    published: dt.date | None


def plain_text(html: str, url: str | None = None) -> str:
    """trafilatura's own text of a page with its default options (the evaluation baseline)."""
    return trafilatura.extract(html, url=url) or ""


def extract(html: str, origin: str, url: str | None = None) -> Extracted:
    """The main text of an HTML page as blocks, with title and metadata date; InputError if none."""
    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_formatting=True, include_comments=False,
        )
    except (ValueError, etree.LxmlError) as err:
        raise InputError(origin, f"HTML could not be parsed ({err})") from err
    if not isinstance(document, trafilatura.settings.Document) or document.body is None:
        raise InputError(origin, "no article text found in the HTML page")
    title = _clean(document.title or "") or None
    blocks = tuple(_blocks(document.body))
    if blocks and title and blocks[0].heading and blocks[0].text == title:
        blocks = blocks[1:]  # the headline is the title, not part of the body text
    return Extracted(blocks, title, _date(document.date))


def _blocks(body: etree._Element) -> list[Block]:
    out: list[Block] = []
    for element in body:
        out.extend(_element_blocks(element))
    return [b for b in out if b.text]


def _element_blocks(element: etree._Element) -> list[Block]:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "table":
        return [Block(_clean(" ".join(cell.xpath("string()") for cell in row)))
                for row in element.iter("row")]
    children = [c for c in element if isinstance(c.tag, str) and c.tag in _BLOCK_TAGS | {"list"}]
    if tag in {"list", "quote", "div"} and children:
        out: list[Block] = []
        for child in children:
            out.extend(_element_blocks(child))
        return out
    return [Block(_clean(element.xpath("string()")), heading=tag == "head")]


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
