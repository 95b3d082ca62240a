"""The page as an analyst uses it, in a real headless Chromium: clusters, selection, URL state,
downloads, the event view and the quotes panel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.web import browser
from sitrep.web.server import running
from tests.store.helpers import CHUHUIV, strike_report
from tests.web.page import event_rows, open_page

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

pytest_plugins = ["tests.store.helpers"]

STRIKE = ("A Russian missile strike on Kharkiv killed at least 12 people on Wednesday, "
          "regional governor Oleh Syniehubov said.")
EARLIER = "=HYPERLINK(\"x\") Russian shelling of Kharkiv killed 400 people on March 1."
PROTEST = "Thousands of people protested in Chuhuiv on Saturday against the mobilisation law."

pytestmark = pytest.mark.skipif(browser.missing() is not None,
                                reason=browser.missing() or "")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two strikes on Kharkiv two weeks apart (one place, two events) and a protest."""
    db = f"sqlite:///{tmp_path_factory.mktemp('views') / 'web.db'}"
    with open_store(Settings(), db) as store:
        store.add(strike_report(STRIKE))
        store.add(strike_report(EARLIER, date="2024-03-01", published="2024-03-01", killed=400))
        store.add(strike_report(PROTEST, place=CHUHUIV, date="2024-03-16",
                                published="2024-03-17", event_type="PROTEST", killed=None,
                                actor1=None))
    with running(Settings(db_url=db)) as url:
        yield url


@pytest.fixture(scope="module")
def page(site: str) -> Iterator[WebDriver]:
    with browser.chromium() as driver:
        driver.set_page_load_timeout(30)
        driver.set_window_size(800, 900)  # the narrow layout
        yield driver




def test_events_at_one_place_are_one_cluster_with_their_count(page: WebDriver, site: str) -> None:
    from selenium.webdriver.common.by import By

    open_page(page, site + "/")
    assert len(event_rows(page)) == 3
    [cluster] = page.find_elements(By.CSS_SELECTOR, ".cluster")
    assert cluster.text == "2"
    # The one other event keeps its own marker, its radius capped despite a toll of hundreds.
    radii = page.execute_script(
        "return [...drawn.values()].filter(d => !d.cluster).map(d => d.marker.getRadius())")
    assert radii == [4]
    cluster.click()
    # textContent: the popup fades in, and Selenium's text is empty while it is transparent.
    links = page.execute_script(
        "return [...document.querySelectorAll('.cluster-list a')].map(a => a.textContent)")
    assert links == ["2024-03-13 ASSAULT (reported)", "2024-03-01 ASSAULT (reported)"]


def test_a_selected_event_is_highlighted_in_the_table_and_on_the_map(
        page: WebDriver, site: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(page, site + "/")
    page.find_element(By.XPATH, "//tbody/tr[td[text()='Chuhuiv']]").click()
    WebDriverWait(page, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "tr.selected"))
    assert "Chuhuiv" in page.find_element(By.CSS_SELECTOR, "tr.selected").text
    weights = page.execute_script(
        "return [...document.querySelectorAll('path.leaflet-interactive')]"
        ".map(p => p.getAttribute('stroke-width'))")
    assert weights == ["4"]
    page.find_element(By.XPATH, "//tbody/tr[td[text()='2024-03-01']]").click()
    WebDriverWait(page, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".cluster.selected"))
    assert page.execute_script(
        "return document.querySelector('path.leaflet-interactive').getAttribute('stroke-width')"
    ) == "1"


def test_filters_live_in_the_url_so_a_view_can_be_shared(page: WebDriver, site: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(page, site + "/")
    page.find_element(By.ID, "f-min_fatalities").send_keys("100")
    page.find_element(By.ID, "apply").click()
    WebDriverWait(page, 10).until(lambda d: len(event_rows(d)) == 1)
    assert "min_fatalities=100" in page.current_url
    open_page(page, site + "/?near=Chuhuiv&km=10")
    assert page.find_element(By.ID, "f-near").get_attribute("value") == "Chuhuiv"
    WebDriverWait(page, 10).until(lambda d: len(event_rows(d)) == 1)
    assert "Chuhuiv" in event_rows(page)[0]


def test_the_download_is_the_current_selection_with_formulas_defused(
        page: WebDriver, site: str) -> None:
    import csv
    import io
    import json

    open_page(page, site + "/?type=ASSAULT")
    body = page.execute_script("return asCSV(shown)")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert sorted(r["fatalities"] for r in rows) == ["12", "400"]
    assert {r["start"] for r in rows} == {"2024-03-13", "2024-03-01"}
    geo = json.loads(page.execute_script("return asGeoJSON(shown)"))
    assert len(geo["features"]) == 2
    assert geo["features"][0]["geometry"]["type"] == "Point"
    assert page.execute_script("return csvCell('=1+1')") == "'=1+1"
    assert page.find_element("id", "download-csv").is_displayed()


def test_the_event_view_titles_sources_and_lists_their_quotes(page: WebDriver, site: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(page, site + "/")
    page.find_element(By.XPATH, "//tbody/tr[td[text()='2024-03-13']]").click()
    WebDriverWait(page, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".event-quotes li"))
    [heading] = page.find_elements(By.CSS_SELECTOR, "#detail .source h3")
    assert heading.text == f"Wire — {STRIKE[:40].strip()} — 2024-03-14"
    assert "Oleh Syniehubov" in page.find_element(By.CSS_SELECTOR, ".event-quotes li").text
    history = page.find_element(By.CSS_SELECTOR, ".history li").text
    assert "12" in history and "Wire" in history


def test_the_quotes_panel_filters_by_speaker(page: WebDriver, site: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(page, site + "/#quotes/Syniehubov")
    WebDriverWait(page, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "ul.quotes li"))
    assert len(page.find_elements(By.CSS_SELECTOR, "ul.quotes li")) == 1
    box = page.find_element(By.ID, "q-speaker")
    box.clear()
    box.send_keys("Nobody")
    box.submit()
    WebDriverWait(page, 10).until(lambda d: "No quotes." in d.find_element(By.ID, "detail").text)


def test_the_timeline_labels_stay_inside_it_at_800_px(page: WebDriver, site: str) -> None:
    open_page(page, site + "/")
    inside = page.execute_script(
        "const box = document.getElementById('timeline').getBoundingClientRect();"
        "return [...document.querySelectorAll('#timeline text')].map(t => {"
        "  const r = t.getBoundingClientRect();"
        "  return r.left >= box.left - 0.5 && r.right <= box.right + 0.5; })")
    assert inside and all(inside)


def test_city_zoom_names_the_towns_without_a_tile_server(page: WebDriver, site: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(page, site + "/")
    page.execute_script("map.setView([49.98, 36.25], 9, { animate: false })")

    def names(driver: WebDriver) -> set[str]:
        # In one call: the labels are redrawn whenever the map stops moving.
        found: list[str] = driver.execute_script(
            "return [...document.querySelectorAll('.town')].map(t => t.textContent)")
        return set(found)

    WebDriverWait(page, 10).until(lambda d: "Kharkiv" in names(d))
    page.execute_script("map.setView([48, 20], 3, { animate: false })")
    WebDriverWait(page, 10).until(lambda d: not names(d))


def test_province_zoom_draws_first_level_boundaries_and_their_names(
    page: WebDriver, site: str
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(page, site + "/")
    page.execute_script("map.setView([49.0, 35.5], 6, { animate: false })")

    def names(driver: WebDriver) -> set[str]:
        found: list[str] = driver.execute_script(
            "return [...document.querySelectorAll('.leaflet-tooltip.province')]"
            ".map(t => t.textContent)")
        return set(found)

    WebDriverWait(page, 20).until(lambda d: {"Kharkiv", "Poltava"} <= names(d))
    assert page.execute_script(
        "return provinces.getLayers().some(l => l instanceof L.Polyline)")
    page.execute_script("map.setView([48, 20], 3, { animate: false })")
    WebDriverWait(page, 10).until(lambda d: not names(d))
    assert page.execute_script("return provinces.getLayers().length") == 0
