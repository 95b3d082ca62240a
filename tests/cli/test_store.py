"""The store's commands end to end: crash-safe ingest (kill -9, rerun), events, show, export."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from sitrep.cli.main import main
from sitrep.settings import Settings
from sitrep.store import open_store
from tests.store.helpers import ODESA, strike_report

pytest_plugins = ["tests.store.helpers"]

TOWNS = ("Kharkiv", "Odesa", "Sumy", "Dnipro", "Kherson", "Zaporizhzhia", "Mykolaiv", "Poltava")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def write_articles(folder: Path, n: int) -> list[str]:
    """n distinct short wire reports, one file each."""
    paths = []
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        day = WEEKDAYS[i % len(WEEKDAYS)]
        text = (f"{town.upper()}, Ukraine - A Russian drone attack on {town} killed {i + 2} "
                f"people and injured {3 * i + 1} on {day}, the regional governor said. "
                f"Emergency crews worked through the night to put out {i % 4 + 1} fires "
                f"in residential areas, and schools in the city will stay closed.")
        path = folder / f"{i:03d}-{town.lower()}.txt"
        path.write_text(f"date 2024-03-{i % 27 + 1:02d}\n{text}\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def _ingest_command(files: list[str], url: str) -> list[str]:
    return [sys.executable, "-m", "sitrep.cli", "ingest", *files, "--db", url, "--quiet"]


@pytest.mark.slow
def test_kill_9_mid_ingest_then_rerun_stores_every_article_exactly_once(
    tmp_path: Path, db_url: str
) -> None:
    files = write_articles(tmp_path, 40)
    store = open_store(Settings(), db_url)  # migrated before the writer starts
    env = {**os.environ, "SITREP_BATCH_SIZE": "2"}
    proc = subprocess.Popen(_ingest_command(files, db_url), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        stored = store.table_sizes()["articles"]
        if stored >= 4:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    killed_at = store.table_sizes()["articles"]
    assert 4 <= killed_at < 40

    rerun = subprocess.run(_ingest_command(files, db_url), env=env, capture_output=True,
                           text=True, timeout=600, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stderr.count("already stored (same text)") == killed_at
    assert f"{40 - killed_at} added" in rerun.stderr
    sizes = store.table_sizes()
    assert sizes["articles"] == 40
    # Nothing half-written: every mention has its source row, every count its history row.
    assert sizes["event_sources"] == sizes["event_mentions"]
    with store.engine.connect() as conn:
        import sqlalchemy as sa

        from sitrep.store import schema as t

        origins = set(conn.execute(sa.select(t.articles.c.origin)).scalars())
        counts = conn.execute(sa.select(t.event_mentions.c.counts)).scalars().all()
    assert origins == set(files)
    assert sizes["count_history"] == sum(len(c) for c in counts)
    store.close()


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(Settings(), url) as store:
        store.add(strike_report("A Russian missile strike on Kharkiv killed 12 people on "
                                "Wednesday, governor Oleh Syniehubov said.", killed=12))
        store.add(strike_report("Russian drones hit Odesa port, killing three dock workers.",
                                place=ODESA, killed=3))
    return url


def test_events_as_table_json_and_csv(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", db, "--near", "49.99,36.23", "--km", "20"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["id", "date", "type"]
    assert len(table) == 2 and "Kharkiv" in table[1]
    assert main(["events", "--db", db, "--format", "json", "--country", "UA"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["place"] for r in rows} == {"Kharkiv", "Odesa"}
    assert main(["events", "--db", db, "--format", "csv", "--actor", "russia"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id,type,mode") and len(lines) == 3


def test_events_filtered_by_the_relevance_of_their_articles(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'relevance.db'}"
    with open_store(Settings(), url) as store:
        store.add(strike_report("A Russian missile strike on Kharkiv killed 12 people on "
                                "Wednesday, governor Oleh Syniehubov said.", killed=12))
        store.add(replace(strike_report("Russian drones hit Odesa port, killing three dock "
                                        "workers.", place=ODESA, killed=3), relevant=False))

    def places(*options: str) -> set[str]:
        assert main(["events", "--db", url, "--format", "json", *options]) == 0
        return {r["place"] for r in json.loads(capsys.readouterr().out)}

    assert places() == places("--all-articles") == {"Kharkiv", "Odesa"}
    assert places("--relevant") == {"Kharkiv"}
    assert places("--not-relevant") == {"Odesa"}


def test_relevance_options_exclude_each_other(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["events", "--relevant", "--all-articles", "--db", str(tmp_path / "x.db")])
    assert stop.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_show_prints_every_source_sentence(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", db, "--format", "json", "--near", "Odesa"]) == 0
    [odesa] = json.loads(capsys.readouterr().out)
    assert main(["show", str(odesa["id"]), "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "Russian drones hit Odesa port, killing three dock workers." in shown
    assert "killed: latest 3, most conservative 3" in shown
    assert main(["show", "999", "--db", db]) == 1
    assert "no such event" in capsys.readouterr().err


def test_quotes_lists_speech_unless_all_is_asked(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'classes.db'}"
    said = strike_report("A Russian missile strike on Kharkiv killed 12 people on Wednesday, "
                         "governor Oleh Syniehubov said.", killed=12)
    believed = strike_report("Governor Syniehubov believes power will be back in Kharkiv.",
                             killed=None)
    with open_store(Settings(), url) as store:
        store.add(said)
        store.add(replace(believed, quotes=tuple(replace(q, cue="believes", cue_class="belief")
                                                 for q in believed.quotes)))

    def classes(*options: str) -> list[str]:
        assert main(["quotes", "--db", url, "--format", "json", *options]) == 0
        return sorted(q["cue_class"] for q in json.loads(capsys.readouterr().out))

    assert classes() == ["speech"]
    assert classes("--all") == ["belief", "speech"]
    assert classes("--cue-class", "belief") == ["belief"]


def test_quotes_export_and_failed(db: str, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes", "--db", db, "--speaker", "Syniehubov", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["speaker"] == "Oleh Syniehubov"
    out = tmp_path / "events.geojson"
    assert main(["export", "--db", db, "--format", "geojson", str(out)]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 2
    assert main(["ingest", "--failed", "--db", db]) == 0
    assert "(no failed inputs)" in capsys.readouterr().out
    assert main(["ingest", "--db", db]) == 2
    assert "give INPUT" in capsys.readouterr().err
    assert main(["events", "--db", "mysql://nowhere/db"]) == 1
    assert "unsupported database" in capsys.readouterr().err


@pytest.mark.slow
def test_ingest_of_a_stored_url_neither_fetches_nor_changes_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    site = tmp_path / "site"
    site.mkdir()
    (site / "strike.html").write_text(
        "<html><head><title>Drones hit Sumy</title></head><body><article><h1>Drones hit Sumy"
        "</h1><p>SUMY, Ukraine - Russian drones hit an energy facility in Sumy on Monday, "
        "cutting power to 40,000 homes, the regional administration said. Two workers were "
        "injured and taken to hospital.</p><p>Repair crews restored electricity to most "
        "districts by the evening, the local energy company said.</p></article></body></html>",
        encoding="utf-8")
    fetched: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            fetched.append(self.path)

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/strike.html"
    db = f"sqlite:///{tmp_path / 'urls.db'}"
    monkeypatch.setenv("SITREP_ALLOW_LOOPBACK_URLS", "1")  # the site is served on this machine
    try:
        assert main(["ingest", url, "--db", db, "--quiet"]) == 0
        assert "1 added" in capsys.readouterr().err
        assert main(["ingest", url, "--db", db, "--quiet"]) == 0
        err = capsys.readouterr().err
    finally:
        server.shutdown()
        server.server_close()
    assert "already stored (same URL); nothing changed" in err
    assert "0 added, 1 already stored" in err
    assert len(fetched) == 1


def test_watch_once_reports_a_dead_feed_and_exits(db: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["watch", "http://127.0.0.1:1/feed.xml", "--once", "--every", "1m",
                 "--db", db]) == 0
    err = capsys.readouterr().err
    assert "watch: http://127.0.0.1:1/feed.xml: error: feed unreachable" in err
    assert main(["watch", "http://127.0.0.1:1/feed.xml", "--once", "--every", "soon",
                 "--db", db]) == 2
    assert "not an interval" in capsys.readouterr().err
