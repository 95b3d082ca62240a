"""The page's relevance filter: events of articles about conflict or politics, of other news,
or of all articles, kept in the page's URL like every other filter."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.web import browser
from sitrep.web.server import running
from tests.store.helpers import ODESA, strike_report
from tests.web.page import event_rows, open_page

if TYPE_CHECKING:
    pass

pytest_plugins = ["tests.store.helpers"]

STRIKE = ("A Russian missile strike on Kharkiv killed at least 12 people on Wednesday, "
          "regional governor Oleh Syniehubov said.")
OTHER = "Odesa's football club beat its rivals 3-0 in the port city on Sunday."

pytestmark = pytest.mark.skipif(browser.missing() is not None,
                                reason=browser.missing() or "")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a store with a strike and an event from an article that is not relevant."""
    db = f"sqlite:///{tmp_path_factory.mktemp('relevance') / 'web.db'}"
    with open_store(Settings(), db) as store:
        store.add(strike_report(STRIKE))
        store.add(replace(strike_report(OTHER, place=ODESA, killed=None), relevant=False))
    with running(Settings(db_url=db)) as url:
        yield url



def test_the_relevance_filter_narrows_the_events_and_lives_in_the_url(site: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    with browser.chromium() as page:
        page.set_page_load_timeout(30)
        open_page(page, site + "/")
        WebDriverWait(page, 10).until(lambda d: len(event_rows(d)) == 2)
        Select(page.find_element(By.ID, "f-relevant")).select_by_value("true")
        page.find_element(By.ID, "apply").click()
        WebDriverWait(page, 10).until(lambda d: len(event_rows(d)) == 1)
        assert "Kharkiv" in event_rows(page)[0]
        assert "relevant=true" in page.current_url
        open_page(page, site + "/?relevant=false")
        assert page.find_element(By.ID, "f-relevant").get_attribute("value") == "false"
        WebDriverWait(page, 10).until(lambda d: len(event_rows(d)) == 1)
        assert "Odesa" in event_rows(page)[0]
