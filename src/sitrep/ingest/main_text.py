"""A page's main text tree as ``trafilatura.bare_extraction`` finds it, without the work whose
results sitrep throws away.

sitrep gives ``bare_extraction`` a tree it parsed itself (the metadata is read from that tree
first, see ``page_meta``) and reads only the ``body`` of its answer. On a tree, ``bare_extraction``
first deep-copies the whole page, so that the caller's tree is left as it was (sitrep never reads
it again), and after the extraction renders the body as text (``xmltotxt``), which sitrep does not
read either: about 1.3 ms a page together. This is the rest of it, in its order: the same options,
its cascade as ``trafilatura_sequence`` runs it for precision without comments (built from
trafilatura's own functions, two of them private), its size checks. trafilatura is pinned, and
``tests/ingest/test_main_text.py`` compares the result with ``bare_extraction``'s body on pages of
several shapes, so an upgrade that changes its steps shows there.

One step is not trafilatura's: the comparison with readability (``compare_extraction``), a third
of trafilatura's time on a news page (7 of 19 ms, most of it pruning a copy of the raw page for
readability), is skipped where trafilatura's own extraction is long and well formed (see
``_readability_can_win``). That is the only place where the body can differ from
``bare_extraction``'s.
"""

from __future__ import annotations

from copy import copy

from lxml.etree import _Element, strip_tags
from lxml.html import HtmlElement
from trafilatura.core import _forum_thread_page, _prepare_tree
from trafilatura.external import (
    JUSTEXT_OVERRIDE_RATIO,
    SANITIZED_XPATH,
    compare_extraction,
    justext_rescue,
)
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.xpaths import (
    RAW_TREE_PRUNE_XPATH,
    REMOVE_COMMENTS_AND_LISTS_XPATH,
    REMOVE_COMMENTS_XPATH,
)

READABILITY_BYPASS = 10
"""trafilatura's own threshold, in its minimum extracted sizes, above which its recall mode
takes its extraction without comparing it with readability's (``compare_extraction``)."""


def options(url: str | None) -> Extractor:
    """What ``bare_extraction(url=url, include_comments=False, include_formatting=True,
    favor_precision=True)`` extracts with: precision over recall, since page furniture that
    slips through becomes false events and quotes downstream (on the ScrapingHub pages: F1
    0.971 against 0.966 without it)."""
    return Extractor(output_format="python", precision=True, comments=False, formatting=True,
                     url=url)


def main_text(tree: HtmlElement, url: str | None) -> _Element | None:
    """The main text tree of a parsed page, or None where ``bare_extraction`` finds no text;
    the tree is pruned in place on the way."""
    found = options(url)
    try:
        body, text = _cascade(tree, found)
        if found.max_tree_size and len(body) > found.max_tree_size:
            strip_tags(body, "hi")
            if len(body) > found.max_tree_size:
                return None
        if len(text) < found.min_output_size:  # comments are off: theirs are always empty
            return None
    except (TypeError, ValueError):  # what bare_extraction turns into "no text"
        return None
    return body


def _cascade(tree: HtmlElement, found: Extractor) -> tuple[_Element, str]:
    """``trafilatura_sequence`` for precision without comments, and readability only where it
    can win. Its later stages never run there: the baseline rescue and the recall escalation
    are for the other modes, the forum salvage needs comments."""
    is_forum = _forum_thread_page(tree)
    tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
    tree = prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned, backup = _prepare_tree(tree, found, found.url)
    if not is_forum:
        cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS_XPATH)
    body, text = extract_content(cleaned, found)
    if _readability_can_win(body, text, found):
        result: tuple[_Element, str] = compare_extraction(backup, copy(tree), body, text, found)
        return result
    return _justext_check(backup, body, text, found)


def _readability_can_win(body: _Element, text: str, found: Extractor) -> bool:
    """False where trafilatura's extraction is long (past its recall mode's bypass) and well
    formed (text in paragraphs, no more tables than paragraphs): readability's text then
    replaces it only if more than twice as long (``_prefer_readability``), and a precision
    extraction of 2,500 characters is not the place to take a generic algorithm's 5,000."""
    if len(text) <= READABILITY_BYPASS * found.min_extracted_size:
        return True
    paragraphs = len(body.findall(".//p"))
    return not body.xpath(".//p//text()") or len(body.findall(".//table")) > paragraphs


def _justext_check(backup: HtmlElement, body: _Element, text: str,
                   found: Extractor) -> tuple[_Element, str]:
    """The rest of ``compare_extraction`` when readability is not taken: justext replaces an
    extraction that kept page furniture (asides, figures, forms...) if not much shorter."""
    if not body.xpath(SANITIZED_XPATH):
        return body, text  # not short either: longer than readability's bypass
    body2, text2 = justext_rescue(backup, found)
    accept = len(text) <= JUSTEXT_OVERRIDE_RATIO * len(text2) and (
        len(text2) > len(text) or not found.images or body.find(".//graphic") is None)
    return (body2, text2) if text2 and accept else (body, text)
