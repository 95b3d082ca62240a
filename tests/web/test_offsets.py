"""Highlights in a real headless Chromium line up in text with characters past U+FFFF (emoji):
the API counts code points, the page's strings UTF-16 units."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.web import browser
from sitrep.web.server import running
from tests.store.helpers import strike_report

if TYPE_CHECKING:
    pass

pytest_plugins = ["tests.store.helpers"]

pytestmark = pytest.mark.skipif(browser.missing() is not None,
                                reason=browser.missing() or "")

EVIDENCE = "A Russian missile strike on Kharkiv killed at least 12 people on Wednesday."
TEXT = f"🔥🚨 Live 𝐔𝐩𝐝𝐚𝐭𝐞𝐬 🇺🇦: {EVIDENCE} Rescuers 👷 searched the rubble 🏚️ all night."


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = f"sqlite:///{tmp_path_factory.mktemp('offsets') / 'web.db'}"
    report = strike_report(TEXT)
    start = TEXT.index(EVIDENCE)  # code points, as the extractors count
    event = replace(report.events[0], evidence=((start, start + len(EVIDENCE)),))
    with open_store(Settings(), db) as store:
        store.add(replace(report, events=(event,)))
    with running(Settings(db_url=db)) as url:
        yield url


def test_evidence_after_emoji_is_highlighted_exactly(site: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with browser.chromium() as page:
        page.set_page_load_timeout(30)
        page.get(site + "/#event/1")
        WebDriverWait(page, 20).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#detail .source mark.hl-evidence"))
        marks = page.find_elements(By.CSS_SELECTOR, "#detail .source mark.hl-evidence")
        assert [m.text for m in marks] == [EVIDENCE]
        assert page.find_element(By.CSS_SELECTOR, "#detail .source .text").text == TEXT
