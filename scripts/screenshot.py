"""docs/screenshot.png: the page over the bundled examples, in the headless Chromium of the tests.

Usage: python scripts/screenshot.py [OUT.png]
"""

from __future__ import annotations

import sys
import tempfile
from importlib import resources
from pathlib import Path

from sitrep.model import Failure, RawDocument
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.web import browser
from sitrep.web.server import running


def fill(db: str) -> None:
    """The bundled example articles through the pipeline into the store."""
    settings = Settings()
    examples = resources.files("sitrep.examples")
    raws = [RawDocument(origin=item.name, text=item.read_text(encoding="utf-8"),
                        title=item.name.removesuffix(".txt"))
            for item in sorted(examples.iterdir(), key=lambda p: p.name)
            if item.name.endswith(".txt")]
    with open_store(settings, db) as store:
        for report in Pipeline(settings).run(raws):
            if not isinstance(report, Failure):
                store.add(report)


def main(out: Path) -> None:
    """Serve the examples, open the page and an event, and save the screenshot."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    reason = browser.missing()
    if reason:
        sys.exit(f"screenshot: {reason}")
    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite:///{Path(folder) / 'examples.db'}"
        fill(db)
        with running(Settings(db_url=db)) as url, browser.chromium(1400, 900) as driver:
            driver.get(url + "/")
            WebDriverWait(driver, 30).until(
                lambda d: d.execute_script("return document.body.dataset.ready") == "true")
            driver.find_element(By.CSS_SELECTOR, "#events tbody tr").click()
            WebDriverWait(driver, 10).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, "#detail mark.hl-evidence"))
            out.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(out))
    print(f"screenshot: {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshot.png"))
