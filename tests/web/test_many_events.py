"""The page over more events than it draws one by one: grid clusters from the server, the list
by cursor pages, counts from the summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa

from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store import schema as t
from sitrep.web import browser
from sitrep.web.server import running
from tests.web.page import event_rows, open_page

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

pytestmark = pytest.mark.skipif(browser.missing() is not None,
                                reason=browser.missing() or "")

TOWNS = ((50.45, 30.52, "Kyiv"), (49.99, 36.23, "Kharkiv"), (46.48, 30.72, "Odesa"))
N = 2400  # more than the page's DETAIL (2,000)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = f"sqlite:///{tmp_path_factory.mktemp('many') / 'web.db'}"
    now = dt.datetime(2026, 1, 1)
    rows = []
    for i in range(N):
        lat, lon, name = TOWNS[i % 3]
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i % 200)
        rows.append({"type": "ASSAULT" if i % 2 else "PROTEST", "status": "reported",
                     "date_start": day, "date_end": day, "date_precision": "day",
                     "place": name, "lat": lat + (i % 7) * 0.01, "lon": lon, "country": "UA",
                     "sources": 1, "first_seen": now, "updated_at": now})
    with open_store(Settings(), db) as store, store.engine.begin() as conn:
        conn.execute(sa.insert(t.events), rows)
    with running(Settings(db_url=db)) as url:
        yield url


@pytest.fixture(scope="module")
def page(site: str) -> Iterator[WebDriver]:
    with browser.chromium() as driver:
        driver.set_page_load_timeout(30)
        yield driver


def test_the_map_draws_every_event_in_clusters_and_the_list_pages_by_cursor(
        page: WebDriver, site: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(page, site + "/")
    assert "2400 events (showing 100)" in page.find_element(By.ID, "status").text
    assert len(event_rows(page)) == 100
    counts = [int(c.text) for c in page.find_elements(By.CSS_SELECTOR, ".cluster")]
    singles = len(page.find_elements(By.CSS_SELECTOR, "path.leaflet-interactive"))
    assert sum(counts) + singles == N  # every event drawn, none loaded as a row
    assert len(counts) < 50
    page.find_element(By.ID, "more").click()
    WebDriverWait(page, 10).until(lambda d: len(event_rows(d)) == 200)
    ids = page.execute_script("return shown.map(e => e.id)")
    assert len(ids) == len(set(ids)) == 200
    assert page.find_elements(By.CSS_SELECTOR, "#timeline rect")


def test_an_event_inside_a_large_cluster_is_ringed_when_selected(
        page: WebDriver, site: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(page, site + "/")
    event_rows(page)
    page.find_element(By.CSS_SELECTOR, "#events tbody tr").click()
    WebDriverWait(page, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "tr.selected"))
    WebDriverWait(page, 10).until(lambda d: d.execute_script("return ring !== null"))
    at = page.execute_script("const p = ring.getLatLng(); return [p.lat, p.lng]")
    assert [round(v, 2) for v in at] in [[round(lat + k * 0.01, 2), lon]
                                          for lat, lon, _ in TOWNS for k in range(7)]
