"""What the browser tests do to the page: open it until it says it is ready, read its table."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver


def open_page(driver: WebDriver, url: str) -> None:
    """Load the page and wait until its script has drawn the first view."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return document.body.dataset.ready") == "true")


def event_rows(driver: WebDriver) -> list[str]:
    """The event table's rows as text, read in one script call (the table is rebuilt whenever
    a filter changes)."""
    rows: list[str] = driver.execute_script(
        "return [...document.querySelectorAll('#events tbody tr')].map(r => r.innerText)")
    return rows
