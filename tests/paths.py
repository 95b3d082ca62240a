"""Where the tests find the repository, their fixtures and the shared evaluation data."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The repository root (this file sits in its tests/ folder), whatever the test's depth."""
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
SHARED_DATA = ROOT.parent / "shared" / "data"
"""The public gold data beside the repository (``../shared/data``); absent on most machines."""
