"""Settings: every one documented, environment overrides typed."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.settings import Settings, describe, markdown_table, variables


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


SRC = Path(__file__).parent.parent / "src" / "sitrep"
README = Path(__file__).parent.parent / "README.md"
NAMED = re.compile(r"\bSITREP_[A-Z0-9_]+\b")


def _environment_reads(tree: ast.AST) -> Iterator[ast.AST]:
    """The first argument or key of every os.environ.get/[...], os.getenv and os.environ.pop."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            yield node.slice
        elif isinstance(node, ast.Call) and node.args and ast.unparse(node.func) in {
                "os.environ.get", "os.getenv", "os.environ.pop", "os.environ.setdefault"}:
            yield node.args[0]


def test_only_settings_reads_sitrep_variables_from_the_environment() -> None:
    readers = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "settings.py":
            continue
        for key in _environment_reads(ast.parse(path.read_text(encoding="utf-8"))):
            text = ast.unparse(key)
            # A name built at run time could be any variable: it must be a constant elsewhere.
            if "SITREP_" in text or not isinstance(key, ast.Constant):
                readers.append(f"{path.relative_to(SRC)}: {text}")
    assert readers == [], "read these through Settings (a field with help text) instead"


def test_every_sitrep_variable_named_in_code_or_docs_is_a_setting() -> None:
    known = variables()
    files = [*SRC.rglob("*.py"), README, *(README.parent / "docs").glob("*.md"),
             *Path(__file__).parent.rglob("*.py")]
    unknown = {f"{path.name}: {name}" for path in files
               for name in NAMED.findall(path.read_text(encoding="utf-8")) if name not in known}
    assert unknown == set()
    assert {"SITREP_INGEST_TOKEN", "SITREP_ALLOW_PRIVATE_URLS", "SITREP_TILE_URL",
            "SITREP_CACHE_DIR", "SITREP_DB"} <= set(known)


def test_the_readme_lists_every_setting() -> None:
    assert markdown_table() in README.read_text(encoding="utf-8"), (
        "README's Settings table is stale: paste sitrep.settings.markdown_table() over it")


def test_server_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("SITREP_INGEST_TOKEN", "s3cret")
    monkeypatch.setenv("SITREP_ALLOW_PRIVATE_URLS", "yes")
    monkeypatch.setenv("SITREP_TILE_URL", "https://tiles.example/{z}/{x}/{y}.png")
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    settings = Settings.from_env()
    assert settings.ingest_token == "s3cret"
    assert settings.allow_private_urls is True
    assert settings.tile_url == "https://tiles.example/{z}/{x}/{y}.png"
    assert settings.cache_path == tmp_path
    assert "s3cret" not in repr(settings)
    monkeypatch.setenv("SITREP_INGEST_TOKEN", "")
    assert Settings.from_env().ingest_token is None
    assert Settings.from_env(ingest_token="other").ingest_token == "other"
    assert Settings().cache_path is None


@pytest.mark.slow
def test_the_cache_dir_setting_is_where_the_gazetteer_is_cached(tmp_path: Path) -> None:
    from sitrep.store.geo import resolve_point

    settings = Settings(cache_dir=str(tmp_path / "cache"))
    assert resolve_point("Kharkov", settings.cache_path).label == "Kharkiv"
    assert [p.suffix for p in (tmp_path / "cache").iterdir()] == [".idx"]
