"""`sitrep delete` and `sitrep ingest --reextract` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitrep.settings import Settings
from sitrep.store import open_store, schema
from tests.cli.test_read_commands import sitrep_cli

KHARKIV = ("KHARKIV, Ukraine (Reuters) - A Russian missile strike on Kharkiv killed at least 12 "
           "people on Wednesday, regional governor Oleh Syniehubov said.")
FOLLOW_UP = ("The death toll from Wednesday's Russian missile strike on Kharkiv has risen to 19, "
             "officials said on Friday as rescuers cleared the rubble.")


@pytest.mark.slow
def test_reextract_replaces_stale_articles_without_duplicates_and_delete_takes_one_out(
        tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(KHARKIV, encoding="utf-8")
    second.write_text(FOLLOW_UP, encoding="utf-8")
    db = str(tmp_path / "s.db")
    done = sitrep_cli("ingest", str(first), "--published", "2024-03-13", "--db", db, "--quiet",
                      cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = sitrep_cli("ingest", str(second), "--published", "2024-03-15", "--db", db, "--quiet",
                      cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with open_store(Settings(), db) as store:
        before = store.table_sizes()
        with store.engine.begin() as conn:  # as if an older release had stored one of them
            conn.execute(sa.update(schema.articles).where(
                schema.articles.c.origin == str(first)).values(versions={"times": "old"}))

    done = sitrep_cli("ingest", "--reextract", "--db", db, "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 articles extracted again, 0 failed, 1 already current" in done.stderr
    with open_store(Settings(), db) as store:
        assert store.table_sizes() == before
    again = sitrep_cli("ingest", "--reextract", "--db", db, "--quiet", cwd=tmp_path)
    assert "0 articles extracted again, 0 failed, 2 already current" in again.stderr

    shown = json.loads(sitrep_cli("events", "--format", "json", "--db", db, cwd=tmp_path).stdout)
    [strike] = [e for e in shown if e["sources"] == 2]
    assert (strike["fatalities"], strike["fatalities_latest"]) == (12, 19)
    with open_store(Settings(), db) as store, store.engine.connect() as conn:
        follow_up = conn.execute(sa.select(schema.articles.c.id).where(
            schema.articles.c.origin == str(second))).scalar_one()
    done = sitrep_cli("delete", follow_up[:10], "--db", db, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shown = json.loads(sitrep_cli("show", str(strike["id"]), "--format", "json", "--db", db,
                                  cwd=tmp_path).stdout)
    assert (len(shown["sources"]), shown["fatalities"], shown["fatalities_latest"]) == (1, 12, 12)
    assert [h["value"] for h in shown["count_history"]] == [12]
    missing = sitrep_cli("delete", follow_up, "--db", db, cwd=tmp_path)
    assert missing.returncode == 1 and "no such article" in missing.stderr
