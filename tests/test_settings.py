"""Settings: every one documented, environment overrides typed."""

from __future__ import annotations

import pytest

from sitrep.settings import Settings, describe


def test_every_setting_has_a_help_string() -> None:
    undocumented = [name for name, _default, help_text in describe() if len(help_text) < 10]
    assert undocumented == []


def test_environment_overrides_are_parsed_to_the_field_type(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SITREP_BATCH_SIZE", "8")
    monkeypatch.setenv("SITREP_FETCH_TIMEOUT", "2.5")
    monkeypatch.setenv("SITREP_DB", "sqlite:///elsewhere.db")
    settings = Settings.from_env()
    assert settings.batch_size == 8
    assert settings.fetch_timeout == 2.5
    assert settings.db_url == "sqlite:///elsewhere.db"


def test_explicit_overrides_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_BATCH_SIZE", "8")
    assert Settings.from_env(batch_size=2).batch_size == 2
