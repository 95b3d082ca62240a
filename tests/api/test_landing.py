"""The page's landing view is made as the server starts; one answer is made once however many
ask for it at the same time."""

from __future__ import annotations

import re
import threading
import time
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.api import landing
from sitrep.api.app import create_app
from sitrep.api.memo import Memo
from sitrep.settings import Settings
from sitrep.store import open_store
from tests.api.test_paging import LOCAL

pytest_plugins = ["tests.store.helpers", "tests.api.test_paging"]


def test_the_landing_view_is_made_at_start_up(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(Settings(db_url=db))
    with TestClient(app, base_url=LOCAL) as client:
        app.state.warmer.join()

        def refused(*_: object) -> None:
            raise AssertionError("made again on request: not made at start-up")

        # From here on an aggregate made on request fails the test.
        monkeypatch.setattr(landing, "summary", refused)
        monkeypatch.setattr(landing, "clusters", refused)
        counts = client.get("/api/events/summary").json()
        assert counts["total"] == 250
        assert sum(counts["types"].values()) == 250
        found = client.get("/api/events/clusters?cell=5.625&detail=2000").json()
        assert found["cell"] == 0.001  # under 2,000 events: by place
        assert sum(c["count"] for c in found["clusters"]) == 250
        # Another view is not made in advance: the patched aggregate is asked for.
        with pytest.raises(AssertionError, match="made again on request"):
            client.get("/api/events/summary?type=PROTEST")


def test_the_landing_view_is_the_pages_first_view() -> None:
    """The page's first requests (web/static/app.js) are the ones made at start-up."""
    script = (Path(str(resources.files("sitrep.web"))) / "static" / "app.js").read_text(
        encoding="utf-8")
    assert re.search(r"const CELL_PX = (\d+);", script)[1] == str(landing.CELL_PX)  # type: ignore[index]
    assert re.search(r"const DETAIL = (\d+);", script)[1] == str(landing.PAGE_DETAIL)  # type: ignore[index]
    assert re.search(r"\.setView\(\[[^\]]*\], (\d+)\)", script)[1] == str(landing.PAGE_ZOOM)  # type: ignore[index]
    assert landing.LANDING_CELL == 5.625


def test_an_answer_being_made_is_awaited_not_made_again(tmp_path: Path) -> None:
    memo = Memo()
    made: list[int] = []

    def slow() -> int:
        made.append(1)
        time.sleep(0.3)
        return 42

    with open_store(Settings(), f"sqlite:///{tmp_path / 'x.db'}") as store:
        answers: list[int] = []
        askers = [threading.Thread(target=lambda: answers.append(memo.answer(store, "k", slow)))
                  for _ in range(4)]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
        assert answers == [42] * 4
        assert len(made) == 1
        # Another key is made on its own.
        assert memo.answer(store, "other", lambda: 7) == 7
