"""A page's title, url, date and site name are trafilatura's own, without its other searches."""

from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Extractor
from trafilatura.utils import load_html

from sitrep.ingest import html as html_page
from sitrep.ingest.page_meta import page_metadata

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
BODY = ("<p>Russian drones struck an apartment block in Kharkiv overnight, killing three people "
        "and wounding 14 others, the regional governor said on Tuesday.</p>" * 3)
PAGES = {
    "plain": (FIXTURES / "page.html").read_text(encoding="utf-8"),
    "json-ld": f"""<html><head><title>Drones hit Kharkiv - Kyiv Daily</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Drones hit Kharkiv block", "datePublished": "2024-05-07T06:10:00+03:00",
"author": {{"@type": "Person", "name": "Olena Kovalenko"}},
"publisher": {{"@type": "Organization", "name": "Kyiv Daily"}}}}</script>
</head><body><article>{BODY}</article></body></html>""",
    "opengraph": f"""<html><head><title>Drones hit Kharkiv | kyivdaily.example</title>
<link rel="canonical" href="/news/2024/05/07/drones-kharkiv">
<meta property="og:url" content="https://kyivdaily.example/news/2024/05/07/drones-kharkiv">
<meta property="og:title" content="Drones hit Kharkiv">
<meta property="og:site_name" content="@kyivdaily">
<meta name="author" content="Olena Kovalenko">
<meta property="article:section" content="World">
</head><body><div class="byline">By Olena Kovalenko</div><article>{BODY}</article>
<footer><a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a></footer>
</body></html>""",
    "bare": f"""<html><head><title>drones hit kharkiv</title></head>
<body><h1>Drones hit Kharkiv</h1><p>May 7, 2024</p><article>{BODY}</article></body></html>""",
}
FIELDS = ("title", "url", "date", "sitename")


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("url", [None, "https://example.org/story"])
def test_kept_fields_are_trafilaturas(name: str, url: str | None) -> None:
    defaults = Extractor()
    theirs = extract_metadata(load_html(PAGES[name]), url, defaults.date_params)
    ours = page_metadata(load_html(PAGES[name]), url, defaults.date_params)
    assert {f: getattr(ours, f) for f in FIELDS} == {f: getattr(theirs, f) for f in FIELDS}
    assert ours.title  # every page here has one: the comparison is not of Nones


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_is_bare_extractions_own(name: str) -> None:
    page = html_page.extract(PAGES[name], name)
    theirs = trafilatura.bare_extraction(PAGES[name], with_metadata=True, include_comments=False,
                                         include_formatting=True, favor_precision=True)
    assert isinstance(theirs, trafilatura.settings.Document)
    title = " ".join((theirs.title or "").split()) or None
    expected = tuple(html_page._blocks(theirs.body))
    if expected and expected[0].heading and expected[0].text == title:
        expected = expected[1:]
    assert page.blocks == expected
    assert len(page.blocks) >= 1
    assert (page.title, page.sitename) == (title, " ".join((theirs.sitename or "").split()) or None)
    assert page.published == html_page._date(theirs.date)
