"""Shared fixtures. The pipeline (model + gazetteers) loads once per test session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sitrep.model import RawDocument, Report
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


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
