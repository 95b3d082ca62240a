"""sitrep's parse of a page and its main text tree are trafilatura's own, with less work."""

from __future__ import annotations

import pytest
import trafilatura
from lxml import etree
from lxml.html import HtmlComment, HtmlElement
from trafilatura.utils import load_html as trafilaturas_load_html

from sitrep.ingest.main_text import main_text
from sitrep.ingest.page_tree import load_html
from tests.ingest.test_page_meta import PAGES

SHAPES = {
    **PAGES,
    "declared-encoding": ("<?xml version='1.0' encoding='utf-8'?>\n" + PAGES["bare"]),
    "form": PAGES["plain"].replace(
        "</body>", "<form action='/s'><label>Search <input name='q' value='Kyiv'></label>"
                   "<select name='x'><option>a</option></select><textarea>t</textarea>"
                   "</form><!-- a comment --></body>"),
    "fragment": "<div><p>Kyiv said on Tuesday that its forces had shot down 14 drones.</p></div>",
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_tree_is_trafilaturas(name: str) -> None:
    ours, theirs = load_html(SHAPES[name]), trafilaturas_load_html(SHAPES[name])
    assert (ours is None) == (theirs is None)
    if ours is None or theirs is None:
        return
    assert etree.tostring(ours) == etree.tostring(theirs)
    assert all(isinstance(e, HtmlElement) for e in ours.iter(etree.Element))


def test_elements_are_lxml_htmls_classes() -> None:
    tree = load_html("<html><body><p>a<!-- kept? --></p><form><input></form></body></html>")
    assert tree is not None
    assert {type(e) for e in tree.iter()} == {HtmlElement}  # comments are removed, as theirs
    tree.append(HtmlComment("made later"))
    assert isinstance(tree[-1], HtmlComment)
    assert load_html("no markup at all, only words") is None


@pytest.mark.parametrize("name", sorted(SHAPES))
@pytest.mark.parametrize("url", [None, "https://example.org/story"])
def test_main_text_is_bare_extractions_body(name: str, url: str | None) -> None:
    theirs = trafilatura.bare_extraction(SHAPES[name], url=url, include_comments=False,
                                         include_formatting=True, favor_precision=True)
    tree = load_html(SHAPES[name])
    ours = None if tree is None else main_text(tree, url)
    if theirs is None:
        assert ours is None
        return
    assert isinstance(theirs, trafilatura.settings.Document)
    assert ours is not None
    assert etree.tostring(ours) == etree.tostring(theirs.body)
