"""sitrep's parse of a page and its main text tree are trafilatura's own, with less work."""

from __future__ import annotations

import pytest
import trafilatura
from lxml import etree
from lxml.html import HtmlComment, HtmlElement
from trafilatura.utils import load_html as trafilaturas_load_html

from sitrep.ingest.main_text import _readability_can_win, main_text, options
from sitrep.ingest.page_tree import load_html
from tests.ingest.test_page_meta import BODY, PAGES

TOWNS = ("Kharkiv", "Odesa", "Sumy", "Kherson", "Zaporizhzhia", "Dnipro", "Mykolaiv", "Poltava")
LONG = "".join(f"<p>On day {day} of the offensive, {attackers} drones struck {town}, where the "
               f"regional governor said {day % 5 + 1} people were killed and {day * 3} wounded "
               f"in the attack on a residential block.</p>"
               for day, (attackers, town) in enumerate(
                   ((a, t) for a in ("Russian", "Iranian-made", "Shahed") for t in TOWNS),
                   start=1))
SHAPES = {
    **PAGES,
    "declared-encoding": ("<?xml version='1.0' encoding='utf-8'?>\n" + PAGES["bare"]),
    "form": PAGES["plain"].replace(
        "</body>", "<form action='/s'><label>Search <input name='q' value='Kyiv'></label>"
                   "<select name='x'><option>a</option></select><textarea>t</textarea>"
                   "</form><!-- a comment --></body>"),
    "fragment": "<div><p>Kyiv said on Tuesday that its forces had shot down 14 drones.</p></div>",
    # Past readability's bypass (2,500 characters): with and without furniture for justext.
    "long": PAGES["bare"].replace(BODY, LONG),
    "long-figure": PAGES["bare"].replace(
        BODY, LONG[:2000] + "<figure><img src='a.jpg'><figcaption>A burnt-out block in Kharkiv"
                            "</figcaption></figure><aside>Read more: the war in maps</aside>"
                            + LONG[2000:]),
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
    if name.startswith("long"):  # readability skipped, the same body
        assert len(theirs.text or "") > 2500 and not _readability_can_win(ours, theirs.text or "",
                                                                          options(url))


def test_readability_is_skipped_only_for_long_paragraph_text() -> None:
    found = options(None)
    long_text = "Kharkiv was shelled again overnight. " * 80
    paragraphs = etree.fromstring(f"<body><p>{long_text}</p><p>more</p></body>")
    assert not _readability_can_win(paragraphs, long_text, found)
    assert _readability_can_win(paragraphs, long_text[:2000], found)  # short: compared
    tables = etree.fromstring(f"<body><p>{long_text}</p><table/><table/></body>")
    assert _readability_can_win(tables, long_text, found)  # table-dominated: compared
    lists = etree.fromstring(f"<body><list><item>{long_text}</item></list></body>")
    assert _readability_can_win(lists, long_text, found)  # no paragraph text: compared
