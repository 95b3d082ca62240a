"""Shared fixtures. The pipeline (model + gazetteers) loads once per test session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sitrep.model import RawDocument, Report
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings
from tests.paths import SHARED_DATA

# Imported by test modules before their pytest_plugins line registers it: rewrite it all the same.
pytest.register_assert_rewrite("tests.store.helpers")


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def pipeline(settings: Settings) -> Pipeline:
    p = Pipeline(settings)
    p.warm_up()
    return p


@pytest.fixture(scope="session")
def extract(pipeline: Pipeline) -> Callable[..., Report]:
    """Text (and an optional publication date) -> Report, through the whole pipeline."""
    import datetime as dt

    def run(text: str, published: str | None = None, **meta: str) -> Report:
        day = dt.date.fromisoformat(published) if published else None
        return pipeline.extract_one(RawDocument(origin="test", text=text, published=day, **meta))

    return run


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the repository root; skips the test when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the shared evaluation data is not beside the repository ({SHARED_DATA})")
    return SHARED_DATA
