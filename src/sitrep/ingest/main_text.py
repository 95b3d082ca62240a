"""A page's main text tree as ``trafilatura.bare_extraction`` finds it, without the work whose
results sitrep throws away.

sitrep gives ``bare_extraction`` a tree it parsed itself (the metadata is read from that tree
first, see ``page_meta``) and reads only the ``body`` of its answer. On a tree, ``bare_extraction``
first deep-copies the whole page, so that the caller's tree is left as it was (sitrep never reads
it again), and after the extraction renders the body as text (``xmltotxt``), which sitrep does not
read either: about 1.3 ms a page together. This is the rest of it, in its order: the same options,
its cascade (``trafilatura_sequence``, which trafilatura calls an internal helper), its size
checks. ``tests/ingest/test_main_text.py`` compares the result with ``bare_extraction``'s body on
pages of several shapes, so an upgrade that changes its steps shows there.
"""

from __future__ import annotations

from lxml.etree import _Element, strip_tags
from lxml.html import HtmlElement
from trafilatura.core import trafilatura_sequence
from trafilatura.settings import Extractor


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
        body, text, _, comments = trafilatura_sequence(tree, found, found.url)
        if found.max_tree_size and len(body) > found.max_tree_size:
            strip_tags(body, "hi")
            if len(body) > found.max_tree_size:
                return None
        if len(text) < found.min_output_size and len(comments) < found.min_output_comm_size:
            return None
    except (TypeError, ValueError):  # what bare_extraction turns into "no text"
        return None
    return body
