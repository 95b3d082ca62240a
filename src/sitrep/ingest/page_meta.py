"""A page's title, date and site name, read as trafilatura reads them, and nothing more.

``trafilatura.bare_extraction(with_metadata=True)`` also looks for the author (on a deep copy of
the whole page, pruned by a dozen XPaths), the categories, the tags and a licence: about a fifth
of its time on news pages, for fields sitrep never reads. This is its ``extract_metadata`` with
those four steps left out; every step kept is trafilatura's own function, called in its order on
the same tree, and none of the steps left out changes the tree or a field kept (the author is
found on a copy, the others only read). ``tests/ingest/test_page_meta.py`` checks the kept
fields against trafilatura's own on pages of several shapes, so an upgrade that changes its
cascade shows there.
"""

from __future__ import annotations

import logging
from typing import Any

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document

log = logging.getLogger(__name__)


def page_metadata(tree: HtmlElement, url: str | None, date_params: dict[str, Any]) -> Document:
    """The title, url, date and site name trafilatura's ``extract_metadata`` gives the page."""
    date_config = {**date_params}
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # trafilatura's own step, which extract_meta_json reads after
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as err:  # trafilatura's own guard: its JSON-LD reader has bugs
        log.warning("error in JSON metadata extraction: %s", err)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    date_config["url"] = metadata.url
    metadata.date = find_date(tree, **date_config)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename \
                and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        found = META_URL.match(metadata.url)
        if found:
            metadata.sitename = found[1]
    metadata.clean_and_trim()
    return metadata
