"""`sitrep serve --workers N`: N worker processes, each answering the API with the settings the
command was given."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from sitrep.cli.serve import MOST_WORKERS, worker_count, worker_environment
from sitrep.settings import Settings
from sitrep.web.server import free_port
from tests.cli.test_read_commands import SRC

pytest_plugins = ["tests.store.helpers", "tests.api.test_paging"]


def _children(pid: int) -> list[int]:
    """The processes whose parent is pid (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts workers in /proc")
def test_serve_with_two_workers_answers_from_two_processes(db: str, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": SRC}
    server = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "serve", "--db", db, "--port", str(port),
         "--workers", "2", "--ingest-token", "s3cret", "--tile-url",
         "https://tiles.example/{z}/{x}/{y}.png"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            try:
                page = httpx.get(base + "/api/events?limit=10", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "sitrep serve --workers 2 did not answer"
                time.sleep(0.2)
        assert page.status_code == 200
        body = page.json()
        assert len(body["events"]) == 10 and body["next_cursor"]
        # The settings given to the command reach the workers' apps.
        config = [httpx.get(base + "/api/config", timeout=5).json() for _ in range(6)]
        assert all(c == {"tile_url": "https://tiles.example/{z}/{x}/{y}.png", "ingest": True}
                   for c in config)
        workers = [p for p in _children(server.pid)
                   if "multiprocessing" in Path(f"/proc/{p}/cmdline").read_text()
                   and "resource_tracker" not in Path(f"/proc/{p}/cmdline").read_text()]
        assert len(workers) == 2
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode == 0


def test_the_default_is_one_worker_per_core_within_bounds() -> None:
    assert worker_count(3) == 3
    assert 1 <= worker_count(0) <= MOST_WORKERS
    assert worker_count(0) == min(MOST_WORKERS, os.cpu_count() or 1)


def test_settings_survive_the_environment_the_workers_read(
        monkeypatch: pytest.MonkeyPatch) -> None:
    given = Settings(db_url="postgresql://u@h/db", ingest_token="t", tile_url=None,
                     served_hosts=("example.org", "127.0.0.1"), allow_private_urls=True,
                     fetch_timeout=2.5, eval_limit=None, batch_size=3, languages=())
    for name, value in worker_environment(given).items():
        monkeypatch.setenv(name, value)
    assert Settings.from_env() == given
