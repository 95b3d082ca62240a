"""Batch runs on Dask: partitions, failures recorded per document, manifest, resumption."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from sitrep.batch import partition as batch_partition
from sitrep.batch.partition import PartitionSpec, made_by, run_partition
from sitrep.batch.runner import (
    BatchError,
    BatchOptions,
    find_inputs,
    read_batch,
    read_events,
    run_batch,
)
from sitrep.cli.main import main
from sitrep.pipeline import Pipeline
from sitrep.report import validate
from sitrep.settings import Settings
from sitrep.store import open_store, schema

pytestmark = pytest.mark.slow

ARTICLES = {
    "strike.txt": (
        "date 2024-03-14\n\n"
        "ODESA, Ukraine (Reuters) — At least seven people were killed and 18 wounded when a "
        "Russian missile hit a residential building in Odesa on Wednesday, the regional governor "
        "Oleh Kiper said.\n\n"
        "\"Rescuers are still working at the site,\" Kiper wrote on Telegram. He said two "
        "children were among the injured.\n"
    ),
    "talks.txt": (
        "date 2024-05-02\n\n"
        "ISTANBUL (AP) — Delegations from Kyiv and Moscow are due to meet in Istanbul next week "
        "to discuss a prisoner exchange, Turkey's foreign minister said on Thursday.\n\n"
        "The Kremlin said it was ready to talk but rejected any preconditions.\n"
    ),
    "aid.txt": (
        "date 2024-07-20\n\n"
        "GENEVA (AFP) — The United Nations appealed on Friday for $1.2 billion to help "
        "civilians displaced by fighting in Sudan, where more than 10 million people have fled "
        "their homes since April last year.\n"
    ),
}
# A PNG header: not text in any encoding, so every reader rejects it.
BAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "broken.txt").write_bytes(BAD)
    return folder


@pytest.fixture
def shared_pipeline(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> Pipeline:
    """In-process Dask workers use the session's pipeline instead of loading their own."""
    monkeypatch.setattr(batch_partition, "worker_pipeline", lambda settings: pipeline)
    return pipeline


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """One in-process Dask worker with one thread, shared by the tests of this module."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None,
        scheduler_kwargs={"dashboard_address": ":0"},
    )
    with cluster, Client(cluster) as connected:  # type: ignore[no-untyped-call]
        yield connected


def _run(inputs: Path, out: Path, client: Any) -> dict[str, Any]:
    options = BatchOptions(partition_size=2, progress=False)
    return run_batch(str(inputs / "*.txt"), out, Settings(), options, client=client)


def test_partition_writes_reports_events_and_records_the_bad_document(
    inputs: Path, tmp_path: Path, pipeline: Pipeline
) -> None:
    paths = tuple(str(p) for p in sorted(inputs.iterdir()))
    result = run_partition(PartitionSpec("part-x", paths), tmp_path / "out", pipeline)
    assert (result.documents, result.reports) == (4, 3)
    assert [f.origin for f in result.failures] == [str(inputs / "broken.txt")]
    assert result.failures[0].stage == "read"
    table = pq.read_table(tmp_path / "out" / "parts" / "reports" / "part-x.parquet")
    assert sorted(Path(o).name for o in table.column("origin").to_pylist()) == sorted(ARTICLES)
    for text in table.column("report").to_pylist():
        document = json.loads(text)
        validate(document)
        assert document["article"]["text"].startswith(("ODESA", "ISTANBUL", "GENEVA", "date"))
    marker = json.loads((tmp_path / "out" / "parts" / "done" / "part-x.json").read_text())
    assert marker["reports"] == 3 and marker["failures"][0]["stage"] == "read"


def test_batch_run_writes_manifest_and_reports(
    inputs: Path, tmp_path: Path, client: Any, shared_pipeline: Pipeline
) -> None:
    out = tmp_path / "out"
    manifest = _run(inputs, out, client)
    assert manifest["schema"] == "sitrep.batch/1"
    assert manifest["inputs"] == 4
    assert manifest["counts"] == {
        "partitions": 2, "partitions_done": 2, "partitions_resumed": 0, "partitions_failed": 0,
        "documents": 4, "reports": 3, "events": manifest["counts"]["events"], "failures": 1,
    }
    assert [f["origin"] for f in manifest["failures"]] == [str((inputs / "broken.txt").resolve())]
    assert {"sitrep", "model", "spacy", "dask", "report", "places"} <= set(manifest["versions"])
    assert json.loads((out / "manifest.json").read_text()) == manifest
    documents = list(read_batch(out))
    assert len(documents) == 3
    for document in documents:
        validate(document)
    assert read_events(out).num_rows == manifest["counts"]["events"]


def test_rerun_skips_finished_partitions_and_redoes_unfinished_ones(
    inputs: Path, tmp_path: Path, client: Any, shared_pipeline: Pipeline
) -> None:
    out = tmp_path / "out"
    first = _run(inputs, out, client)
    markers = sorted((out / "parts" / "done").iterdir())
    written = {m.name: m.stat().st_mtime_ns for m in markers}
    # A run killed after writing a partition's tables but before its marker:
    markers[1].unlink()
    second = _run(inputs, out, client)
    assert [p["status"] for p in second["partitions"]] == ["resumed", "done"]
    assert markers[0].stat().st_mtime_ns == written[markers[0].name]
    assert second["counts"]["reports"] == first["counts"]["reports"] == 3
    third = _run(inputs, out, client)
    assert third["counts"]["partitions_resumed"] == 2
    assert len(list(read_batch(out))) == 3


def test_a_new_stage_version_redoes_every_partition_under_its_old_name(
    inputs: Path, tmp_path: Path, client: Any, shared_pipeline: Pipeline,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sitrep.extract import quotes

    out = tmp_path / "out"
    first = _run(inputs, out, client)
    assert all(p["versions"] == made_by(shared_pipeline) for p in first["partitions"])
    assert {p["versions"]["quotes"] for p in first["partitions"]} == {quotes.VERSION}
    monkeypatch.setattr(quotes, "VERSION", "sitrep.quotes.v999")
    rerun = _run(inputs, out, client)
    assert [p["status"] for p in rerun["partitions"]] == ["done", "done"]
    assert [p["id"] for p in rerun["partitions"]] == [p["id"] for p in first["partitions"]]
    assert {p["versions"]["quotes"] for p in rerun["partitions"]} == {"sitrep.quotes.v999"}
    assert rerun["versions"]["quotes"] == "sitrep.quotes.v999"
    assert len(list(read_batch(out))) == 3
    # Made by the current versions now: nothing left to redo.
    assert _run(inputs, out, client)["counts"]["partitions_resumed"] == 2


def test_only_partitions_made_by_other_versions_are_redone(
    inputs: Path, tmp_path: Path, client: Any, shared_pipeline: Pipeline
) -> None:
    out = tmp_path / "out"
    _run(inputs, out, client)
    markers = sorted((out / "parts" / "done").iterdir())
    # The second partition was made by an older events stage, the first by the current ones.
    marker = json.loads(markers[1].read_text())
    marker["versions"]["events"] = "sitrep.events.v0"
    markers[1].write_text(json.dumps(marker))
    written = markers[0].stat().st_mtime_ns
    rerun = _run(inputs, out, client)
    assert [p["status"] for p in rerun["partitions"]] == ["resumed", "done"]
    assert markers[0].stat().st_mtime_ns == written
    assert json.loads(markers[1].read_text())["versions"] == made_by(shared_pipeline)
    # A marker written before versions were recorded is never taken as current.
    del marker["versions"]
    markers[1].write_text(json.dumps(marker))
    assert [p["status"] for p in _run(inputs, out, client)["partitions"]] == ["resumed", "done"]


def test_an_edited_input_redoes_only_its_partition(
    inputs: Path, tmp_path: Path, client: Any, shared_pipeline: Pipeline
) -> None:
    out = tmp_path / "out"
    _run(inputs, out, client)
    (inputs / "talks.txt").write_text(ARTICLES["talks.txt"] + "\nTalks were postponed.\n",
                                      encoding="utf-8")
    rerun = _run(inputs, out, client)
    # Sorted inputs: aid, broken | strike, talks.
    assert [p["status"] for p in rerun["partitions"]] == ["resumed", "done"]


def test_a_crash_inside_a_stage_is_recorded_and_the_run_completes(
    inputs: Path, tmp_path: Path, client: Any, shared_pipeline: Pipeline,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = shared_pipeline.quotes

    def fragile(doc: Any, article: Any, actors: Any) -> Any:
        if "Istanbul" in article.text:
            raise RuntimeError("a bug in a stage")
        return real(doc, article, actors)

    monkeypatch.setattr(shared_pipeline, "quotes", fragile)
    manifest = _run(inputs, tmp_path / "out", client)
    crashes = [f for f in manifest["failures"] if f["stage"] == "quotes"]
    assert [Path(f["origin"]).name for f in crashes] == ["talks.txt"]
    assert crashes[0]["reason"] == "RuntimeError: a bug in a stage"
    assert manifest["counts"]["reports"] == 2
    assert manifest["counts"]["partitions_failed"] == 0


def test_a_document_that_kills_its_worker_is_isolated_and_skipped_on_rerun(
    inputs: Path, tmp_path: Path, client: Any, shared_pipeline: Pipeline,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from distributed import KilledWorker

    real = batch_partition.run_partition
    poison = str((inputs / "strike.txt").resolve())
    attempts: list[tuple[str, ...]] = []

    def deadly(spec: PartitionSpec, out_dir: Path, pipeline: Pipeline) -> Any:
        # What Dask raises once every worker that tried the task has died on it.
        attempts.append(spec.inputs)
        if poison in spec.inputs:
            worker = SimpleNamespace(address="tcp://10.0.0.7:40123")
            raise KilledWorker(spec.id, worker, 3)  # type: ignore[arg-type]
        return real(spec, out_dir, pipeline)

    monkeypatch.setattr(batch_partition, "run_partition", deadly)
    out = tmp_path / "out"
    manifest = _run(inputs, out, client)
    # aid, broken | strike, talks: the second partition is split into one partition per file.
    ids = [p["id"] for p in manifest["partitions"]]
    assert len(ids) == 3 and ids[1].endswith(".000") and ids[2].endswith(".001")
    assert manifest["counts"]["partitions_failed"] == 0
    assert manifest["counts"]["reports"] == 2  # aid and talks
    lost = [f for f in manifest["failures"] if f["stage"] == "worker"]
    assert [f["origin"] for f in lost] == [poison]
    attempts.clear()
    rerun = _run(inputs, out, client)
    assert attempts == []  # the poison file is not tried again
    assert [p["status"] for p in rerun["partitions"]] == ["resumed"] * 3
    assert len(list(read_batch(out))) == 2


def test_local_cluster_is_started_and_closed_by_the_run(
    inputs: Path, tmp_path: Path, shared_pipeline: Pipeline
) -> None:
    options = BatchOptions(workers=1, processes=False, partition_size=10, progress=False)
    manifest = run_batch(str(inputs), tmp_path / "out", Settings(), options)
    assert (manifest["workers"], manifest["scheduler"]) == (1, "local")
    assert manifest["counts"]["reports"] == 3


def test_bad_arguments_get_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(BatchError, match="no file matches"):
        find_inputs(str(tmp_path / "missing" / "*.html"))
    with pytest.raises(BatchError, match=r"no manifest\.json"):
        list(read_batch(tmp_path))
    # A pattern that matches nothing is a runtime failure (exit 1), as a missing file is.
    assert main(["batch", str(tmp_path / "nothing-*.txt"), "--out", str(tmp_path / "o")]) == 1


def test_json_lines_records_are_documents_of_their_own(tmp_path: Path, pipeline: Pipeline) -> None:
    path = tmp_path / "wire.jsonl"
    records = [json.dumps({"text": ARTICLES["strike.txt"], "url": "https://example.org/a"}),
               '{"text": "an unterminated record',
               json.dumps({"text": ARTICLES["aid.txt"], "published": "2024-07-20"})]
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    result = run_partition(PartitionSpec("part-j", (str(path),)), tmp_path / "out", pipeline)
    assert (result.documents, result.reports) == (3, 2)
    assert [f.origin for f in result.failures] == [f"{path}:2"]
    table = pq.read_table(tmp_path / "out" / "parts" / "reports" / "part-j.parquet")
    assert table.column("origin").to_pylist() == [f"{path}:1", f"{path}:3"]
    assert table.column("url").to_pylist() == ["https://example.org/a", None]


def test_a_large_json_lines_file_is_cut_into_partitions_that_resume(
    tmp_path: Path, client: Any, shared_pipeline: Pipeline
) -> None:
    feed = tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir()
    texts = list(ARTICLES.values())
    records = [json.dumps({"text": texts[i % 3], "url": f"https://example.org/{i}"})
               for i in range(7)]
    records.insert(4, "{broken")  # line 5: a failure, recorded once
    feed.write_text("\n".join(records) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    options = BatchOptions(partition_records=3, progress=False)
    first = run_batch(str(feed), out, Settings(), options, client=client)
    assert [p["lines"] for p in first["partitions"]] == [[1, 3], [4, 6], [7, 8]]
    every = [f"{feed}:{n}" for n in range(1, 9) if n != 5]
    assert _origins(out) == every  # every record once: none lost, none doubled
    assert len(list(read_batch(out))) == 7
    assert [f["origin"] for f in first["failures"]] == [f"{feed}:5"]
    # Killed before the second partition's marker was written: a rerun redoes that one only.
    middle = first["partitions"][1]["id"]
    (out / "parts" / "done" / f"{middle}.json").unlink()
    second = run_batch(str(feed), out, Settings(), options, client=client)
    assert [p["status"] for p in second["partitions"]] == ["resumed", "done", "resumed"]
    assert _origins(out) == every
    assert second["counts"]["documents"] == 8 and second["counts"]["failures"] == 1


def _origins(out: Path) -> list[str]:
    """The origins of the reports of every partition the manifest lists, in its order."""
    manifest = json.loads((out / "manifest.json").read_text())
    return [str(origin) for p in manifest["partitions"] for origin in pq.read_table(
        out / "parts" / "reports" / f"{p['id']}.parquet").column("origin").to_pylist()]


def test_partition_frees_the_strings_its_articles_added(tmp_path: Path, pipeline: Pipeline) -> None:
    name = f"Zorvakhivka{uuid.uuid4().hex[:8]}"
    path = tmp_path / "village.txt"
    path.write_text(f"Shelling hit the village of {name} on Tuesday, killing two people, the "
                    f"regional governor said. Residents of {name} were evacuated.\n",
                    encoding="utf-8")
    result = run_partition(PartitionSpec("part-z", (str(path),)), tmp_path / "out", pipeline)
    assert result.reports == 1
    assert name not in pipeline.nlp.vocab.strings


def test_ingest_loads_a_batch_output_folder_once(
    inputs: Path, tmp_path: Path, client: Any, shared_pipeline: Pipeline,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sitrep.cli.main import main

    out = tmp_path / "out"
    _run(inputs, out, client)
    db = f"sqlite:///{tmp_path / 'batch.db'}"
    assert main(["ingest", str(out), "--db", db, "--quiet"]) == 0
    assert "3 added, 0 already stored, 0 failed" in capsys.readouterr().err
    with open_store(Settings(), db) as store, store.engine.connect() as conn:
        made = conn.execute(sa.select(schema.articles.c.versions)).scalars().all()
    assert made == [made_by(shared_pipeline)] * 3  # the versions its partitions recorded
    assert main(["ingest", str(out), "--db", db, "--quiet"]) == 0
    assert "0 added, 3 already stored, 0 failed" in capsys.readouterr().err
