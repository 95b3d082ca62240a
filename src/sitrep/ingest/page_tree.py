"""A page's lxml tree, parsed as trafilatura's ``load_html`` parses it, with a C class lookup.

lxml.html's parser asks a Python method (``HtmlElementClassLookup.lookup``) for the class of
every element it hands to Python: some 3,000 calls on a news page, most of them from
trafilatura's XPath pruning, 1.5–2 ms of a page's 23. That lookup tells apart only the form
elements (form, input, select, textarea, label), whose form methods neither trafilatura,
htmldate nor sitrep call; lxml's own default lookup, in C, gives every element ``HtmlElement``
and comments, processing instructions and entities lxml.html's classes, so the tree is the same
tree of the same classes as far as they go. The rest is trafilatura's ``load_html`` for a string:
its repair of faulty markup, its parser options, its second try from bytes, its rejection of a
page that is no HTML. Copies of the tree (trafilatura makes four) keep the parser, and with it
the lookup.
"""

from __future__ import annotations

import logging
from functools import cache

from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura.utils import is_dubious_html, repair_faulty_html

log = logging.getLogger(__name__)


@cache
def _parser() -> etree.HTMLParser:
    """trafilatura's ``HTML_PARSER`` options, with lxml's C default class lookup."""
    parser = etree.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                              remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction,
        entity=HtmlEntity))
    return parser


def load_html(html: str) -> HtmlElement | None:
    """The page's tree as trafilatura's ``load_html`` makes it, or None if it is no HTML."""
    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair_faulty_html(html, beginning)
    tree: HtmlElement | None = None
    from_bytes = False
    try:
        tree = fromstring(html, parser=_parser())
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree, from_bytes = _from_bytes(html), True
    except Exception as err:  # trafilatura's own guard, kept so that the same pages pass
        log.error("lxml parsing failed: %s", err)
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _from_bytes(html)
    if tree is not None and dubious and len(tree) < 2:
        log.error("parsed tree length: %s, wrong data type or not valid HTML", len(tree))
        return None
    return tree


def _from_bytes(html: str) -> HtmlElement | None:
    """The tree parsed from the page's UTF-8 bytes (trafilatura's ``fromstring_bytes``)."""
    try:
        return fromstring(html.encode("utf8", "surrogatepass"), parser=_parser())
    except Exception as err:  # trafilatura's own guard, as above
        log.error("lxml parser bytestring %s", err)
    return None
