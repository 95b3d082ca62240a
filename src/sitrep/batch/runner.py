"""Dask batch runs: a glob of inputs -> partitioned Parquet reports and events, plus a manifest.

Layout of an output folder::

    DIR/parts/reports/ID.parquet   one row per article, the report JSON in column ``report``
    DIR/parts/events/ID.parquet    one row per event mention (a flat, ACLED-like table)
    DIR/parts/done/ID.json         the partition's completion marker: counts and failures
    DIR/manifest.json              the run: partitions, inputs, counts, failures, versions

Every file is written under a temporary name and renamed, and a partition's marker is written
after its tables, so a rerun trusts exactly the partitions whose marker exists and redoes the rest.
A partition's ID hashes its inputs (path, size, modification time) and the settings that change
output, and its marker records the stage versions that made it (``Pipeline.versions``): a rerun
redoes new or edited files, and every partition whose recorded versions differ from the current.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import importlib
import importlib.metadata
import json
import logging
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import ModuleType
from typing import Any

from sitrep.batch.partition import (
    PartitionResult,
    PartitionSpec,
    made_by,
    partition_paths,
    process_partition,
    record_lost,
)
from sitrep.batch.slices import FileSlice, cut, is_json_lines
from sitrep.batch.tables import write_json
from sitrep.errors import SitrepError
from sitrep.settings import Settings

log = logging.getLogger(__name__)

MANIFEST_SCHEMA = "sitrep.batch/1"
DEFAULT_PARTITION_SIZE = 50

# Settings that cannot change a report; the others are part of a partition's identity.
_NEUTRAL_SETTINGS = frozenset({"db_url", "batch_size", "eval_limit", "fetch_timeout", "user_agent",
                               "cache_dir", "ingest_token", "allow_private_urls", "tile_url",
                               "allow_loopback_urls", "served_hosts",
                               "retry_after", "retry_attempts"})


class BatchError(SitrepError):
    """A batch cannot start (no inputs, no scheduler) or its output cannot be read."""


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """Where a batch runs and how it cuts its inputs."""

    workers: int | None = None
    """Local worker processes (one thread each); None means one per core."""
    scheduler: str | None = None
    """Address of an existing Dask scheduler (tcp://HOST:8786); then ``workers`` is ignored."""
    partition_size: int = DEFAULT_PARTITION_SIZE
    """Input files per partition, the unit of work, of output files and of resumption."""
    partition_records: int | None = None
    """Cut each JSON Lines file into partitions of at most this many lines (records)."""
    partition_bytes: int | None = None
    """Cut each JSON Lines file into partitions of about this many bytes (whole lines)."""
    processes: bool = True
    """Local workers as processes (real parallelism) or threads in this process (tests)."""
    progress: bool = True
    """Show a progress bar on stderr."""


def import_distributed() -> ModuleType:
    """Dask's distributed package, or a BatchError saying how to install it."""
    try:
        return importlib.import_module("distributed")
    except ImportError as err:
        raise BatchError("dask", "Dask is not installed; install sitrep with its [dask] extra "
                                 "(pip install 'sitrep[dask]')") from err


def find_inputs(pattern: str) -> list[str]:
    """The files a glob names, sorted (``**`` recurses; a folder means every file under it)."""
    if Path(pattern).is_dir():
        pattern = str(Path(pattern) / "**" / "*")
    found = sorted(str(Path(p).resolve()) for p in glob.glob(pattern, recursive=True))
    files = [p for p in found if Path(p).is_file()]
    if not files:
        raise BatchError(pattern, "no file matches; quote the glob so that the shell leaves it to "
                                  "sitrep, and check the path")
    return files


def versions(settings: Settings) -> dict[str, str]:
    """What produced the output: package, report schema, stage, model and library versions."""
    from sitrep.pipeline import Pipeline
    from sitrep.report import SCHEMA_ID

    found = {"sitrep": _version("sitrep"), "report": SCHEMA_ID}
    found.update(Pipeline(settings).versions())
    for package in ("dask", "distributed", "pyarrow"):
        found[package] = _version(package)
    return found


def stage_versions(settings: Settings) -> dict[str, str]:
    """The versions a partition's marker must record to count as current (without loading)."""
    from sitrep.pipeline import Pipeline

    return made_by(Pipeline(settings))


def plan(inputs: list[str], settings: Settings, partition_size: int,
         records: int | None = None, size: int | None = None) -> list[PartitionSpec]:
    """Cut the inputs into partitions whose IDs change whenever their output would.

    Files go ``partition_size`` to a partition. With ``records`` or ``size`` (bytes), a JSON
    Lines file holding more is cut into slices of whole lines, each a partition of its own, so
    that one huge feed dump keeps every worker busy.
    """
    if partition_size < 1:
        raise BatchError(str(partition_size), "the partition size must be at least 1")
    for name, limit in (("records", records), ("bytes", size)):
        if limit is not None and limit < 1:
            raise BatchError(str(limit), f"the {name} per partition must be at least 1")
    # Versions are not part of the ID: a partition keeps its name and files when a stage moves,
    # and its marker, which records them, says whether it must be redone (see ``finished``).
    identity = json.dumps({"settings": _output_settings(settings)}, sort_keys=True)
    units: list[tuple[tuple[str, ...], FileSlice | None]] = []
    whole: list[str] = []
    for path in inputs:
        parts = _slices(path, records, size)
        if len(parts) < 2:
            whole.append(path)
            continue
        units += _chunks(whole, partition_size)
        whole = []
        units += [((path,), part) for part in parts]
    units += _chunks(whole, partition_size)
    specs = []
    for index, (chunk, part) in enumerate(units):
        digest = hashlib.sha256(identity.encode())
        for path in chunk:
            try:
                stat = Path(path).stat()
                signature = f"{stat.st_size}\t{stat.st_mtime_ns}"
            except OSError:  # gone since the glob: its worker records the failure to read it
                signature = "unreadable"
            digest.update(f"\n{path}\t{signature}".encode())
        if part is not None:
            digest.update(f"\t{part.start}-{part.end}".encode())
        specs.append(PartitionSpec(id=f"part-{index:05d}-{digest.hexdigest()[:12]}",
                                   inputs=chunk, part=part))
    return specs


def _chunks(paths: list[str], size: int) -> list[tuple[tuple[str, ...], FileSlice | None]]:
    return [(tuple(paths[first : first + size]), None) for first in range(0, len(paths), size)]


def _slices(path: str, records: int | None, size: int | None) -> list[FileSlice]:
    """The slices of a JSON Lines file to cut (fewer than two: read it whole)."""
    if (records is None and size is None) or not is_json_lines(path):
        return []
    try:
        return cut(path, records, size)
    except (OSError, SitrepError):  # unreadable: its worker records the failure to read it
        return []


def finished(out_dir: Path, spec: PartitionSpec,
             current: Mapping[str, str]) -> PartitionResult | None:
    """The result of a partition an earlier run finished with the current stage versions, or
    None if it must be (re)done."""
    reports, events, done = partition_paths(out_dir, spec.id)
    if not (done.is_file() and reports.is_file() and events.is_file()):
        return None
    try:
        result = PartitionResult.from_json(json.loads(done.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("%s: unreadable completion marker; redoing the partition", done)
        return None
    moved = sorted(k for k in current.keys() | result.versions.keys()
                   if current.get(k) != result.versions.get(k))
    if moved:
        log.info("%s: made by other versions of %s; redoing it", spec.id, ", ".join(moved))
        return None
    return result


def run_batch(pattern: str, out_dir: Path, settings: Settings,
              options: BatchOptions | None = None, client: Any = None) -> dict[str, Any]:
    """Run every input the glob names on Dask and write DIR; returns the manifest written.

    ``client`` is an already-connected ``distributed.Client`` (benchmarks warm their workers
    first); without one, a local cluster or ``options.scheduler`` is connected for the run.
    """
    options = options or BatchOptions()
    import_distributed()
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    inputs = find_inputs(pattern)
    specs = plan(inputs, settings, options.partition_size, options.partition_records,
                 options.partition_bytes)
    out_dir = _prepare(out_dir)
    units, done = _resume(out_dir, specs, stage_versions(settings))
    todo = [unit for unit in units if unit.id not in done]
    log.info("%d inputs, %d partitions, %d already finished", len(inputs), len(specs), len(done))
    outcome = _Outcome()
    with _connected(options, client) as connected:
        if todo:
            _compute(connected, todo, out_dir, settings, options.progress, outcome)
        info = connected.scheduler_info(n_workers=-1)
        workers, address = len(info["workers"]), str(info["address"])
    units = [child for unit in units for child in outcome.splits.get(unit.id, [unit])]
    manifest = _manifest(units, done, outcome.results, outcome.errors)
    manifest.update({
        "input_glob": pattern,
        "inputs": len(inputs),
        "partition_size": options.partition_size,
        "scheduler": "local" if client is None and not options.scheduler else address,
        "workers": workers,
        "started": started.isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - clock, 3),
        "versions": versions(settings),
    })
    write_json(manifest, out_dir / "manifest.json")
    return manifest


@dataclass
class _Outcome:
    """What the partitions of one run came to: results, errors, and which were split."""

    results: dict[str, PartitionResult] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    splits: dict[str, list[PartitionSpec]] = field(default_factory=dict)


def split(spec: PartitionSpec) -> list[PartitionSpec]:
    """One partition per input file, for a partition that took its worker down."""
    return [PartitionSpec(f"{spec.id}.{k:03d}", (path,)) for k, path in enumerate(spec.inputs)]


def _resume(out_dir: Path, specs: list[PartitionSpec], current: Mapping[str, str]
            ) -> tuple[list[PartitionSpec], dict[str, PartitionResult]]:
    """The units of work (partitions, or the files of a split one) and those already done."""
    units: list[PartitionSpec] = []
    done: dict[str, PartitionResult] = {}
    for spec in specs:
        result = finished(out_dir, spec, current)
        if result is not None:
            units.append(spec)
            done[spec.id] = result
            continue
        children = split(spec) if len(spec.inputs) > 1 else []
        found = {c.id: r for c in children if (r := finished(out_dir, c, current)) is not None}
        if found:  # an earlier run split it: carry on file by file
            units.extend(children)
            done.update(found)
        else:
            units.append(spec)
    return units, done


def _compute(client: Any, todo: list[PartitionSpec], out_dir: Path, settings: Settings,
             progress: bool, outcome: _Outcome) -> None:
    from distributed import KilledWorker, as_completed
    from tqdm import tqdm

    specs: dict[Any, PartitionSpec] = {}

    def submit(spec: PartitionSpec) -> Any:
        future = client.submit(process_partition, spec, str(out_dir), settings, pure=False,
                               key=f"sitrep-{spec.id}-{uuid.uuid4().hex[:8]}")
        specs[future] = spec
        return future

    pending = as_completed([submit(spec) for spec in todo])  # type: ignore[no-untyped-call]
    bar = tqdm(total=len(todo), unit="partition", disable=not progress, desc="sitrep batch")
    with bar:
        for future in pending:
            spec = specs.pop(future)
            try:
                outcome.results[spec.id] = future.result()
            except KilledWorker as err:
                # Dask retried it on other workers and each one died: a document in it kills
                # the process (memory, a crash in native code). Split it to find which.
                if len(spec.inputs) > 1:
                    log.warning("%s took %s workers down; running its files one by one",
                                spec.id, err.allowed_failures)
                    outcome.splits[spec.id] = split(spec)
                    for child in outcome.splits[spec.id]:
                        pending.add(submit(child))  # type: ignore[no-untyped-call]
                    bar.total += len(spec.inputs)
                else:
                    outcome.results[spec.id] = record_lost(
                        out_dir, spec, "the worker died processing this input, every time",
                        stage_versions(settings))
            except Exception as err:  # the run goes on; a rerun retries the partition
                log.error("%s failed: %s: %s", spec.id, type(err).__name__, err)
                outcome.errors[spec.id] = f"{type(err).__name__}: {err}"
            docs = sum(r.documents for r in outcome.results.values())
            bar.set_postfix(docs=docs, refresh=False)
            bar.update(1)


@contextmanager
def _connected(options: BatchOptions, client: Any) -> Iterator[Any]:
    """The given client, or one connected to the scheduler or a local cluster for this run."""
    if client is not None:
        yield client
        return
    from distributed import Client, LocalCluster

    if options.scheduler:
        try:
            remote = Client(options.scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        except OSError as err:
            raise BatchError(options.scheduler, f"cannot reach the Dask scheduler ({err}); "
                                                "check the address and that it runs") from err
        with remote:
            yield remote
        return
    workers = options.workers or _cores()
    if workers < 1:
        raise BatchError(str(workers), "the number of workers must be at least 1")
    # One thread per worker: spaCy holds the GIL, so parallelism comes from processes.
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=options.processes,
        dashboard_address=None, silence_logs=logging.WARNING,
        # No dashboard, and its health-check server on a free port rather than on 8787, which
        # another cluster on the machine may hold.
        scheduler_kwargs={"dashboard_address": ":0"},
    )
    with cluster, Client(cluster) as local:  # type: ignore[no-untyped-call]
        yield local


def _manifest(specs: list[PartitionSpec], done: dict[str, PartitionResult],
              results: dict[str, PartitionResult], errors: dict[str, str]) -> dict[str, Any]:
    partitions: list[dict[str, Any]] = []
    failures: list[dict[str, str]] = []
    totals = {"documents": 0, "reports": 0, "events": 0, "failures": 0}
    for spec in specs:
        if spec.id in errors:
            partitions.append({"id": spec.id, "status": "failed", "inputs": len(spec.inputs),
                               "error": errors[spec.id]})
            continue
        resumed = spec.id in done
        result = done[spec.id] if resumed else results[spec.id]
        partitions.append({
            "id": spec.id, "status": "resumed" if resumed else "done",
            "inputs": len(spec.inputs), "documents": result.documents, "reports": result.reports,
            "events": result.events, "failures": len(result.failures),
            "seconds": result.seconds, "worker": result.worker, "peak_rss_mb": result.peak_rss_mb,
            "versions": dict(result.versions),
            **({} if spec.part is None else {
                "lines": [spec.part.first_line, spec.part.first_line + spec.part.lines - 1],
                "bytes": [spec.part.start, spec.part.end]}),
        })
        failures.extend({"partition": spec.id, "origin": f.origin, "stage": f.stage,
                         "reason": f.reason} for f in result.failures)
        totals["documents"] += result.documents
        totals["reports"] += result.reports
        totals["events"] += result.events
        totals["failures"] += len(result.failures)
    counts = {
        "partitions": len(specs),
        "partitions_done": sum(p["status"] == "done" for p in partitions),
        "partitions_resumed": sum(p["status"] == "resumed" for p in partitions),
        "partitions_failed": len(errors),
        **totals,
    }
    return {"schema": MANIFEST_SCHEMA, "counts": counts, "partitions": partitions,
            "failures": failures}


def read_manifest(out_dir: str | Path) -> dict[str, Any]:
    """The manifest of a batch output folder."""
    path = Path(out_dir) / "manifest.json"
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise BatchError(str(out_dir), "no manifest.json: not a batch output, or its run was "
                         "interrupted (run `sitrep batch` again to finish it)") from err
    except (OSError, ValueError) as err:
        raise BatchError(str(path), f"unreadable manifest ({err})") from err
    if manifest.get("schema") != MANIFEST_SCHEMA:
        raise BatchError(str(path), f"not a {MANIFEST_SCHEMA} manifest")
    return manifest


def read_batch(out_dir: str | Path) -> Iterator[dict[str, Any]]:
    """Every report JSON document of a batch output, partition by partition."""
    for document, _ in read_batch_made(out_dir):
        yield document


def read_batch_made(out_dir: str | Path) -> Iterator[tuple[dict[str, Any], dict[str, str]]]:
    """Every report JSON document of a batch output with the stage versions that made it (for
    ``ingest``; empty for an output written before they were recorded)."""
    import pyarrow.parquet as pq

    out_dir = Path(out_dir)
    for partition in read_manifest(out_dir)["partitions"]:
        if partition["status"] == "failed":
            continue
        made = {str(k): str(v) for k, v in partition.get("versions", {}).items()}
        reports, _, _ = partition_paths(out_dir, partition["id"])
        try:
            parquet = pq.ParquetFile(reports)
        except (OSError, ValueError) as err:
            raise BatchError(str(reports), f"unreadable partition ({err})") from err
        for batch in parquet.iter_batches(columns=["report"], batch_size=256):
            for text in batch.column(0).to_pylist():
                document: dict[str, Any] = json.loads(text)
                yield document, made


def read_events(out_dir: str | Path) -> Any:
    """The flat events table of a batch output, all finished partitions, as a pyarrow Table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sitrep.batch.tables import EVENTS_SCHEMA

    out_dir = Path(out_dir)
    tables = [pq.read_table(partition_paths(out_dir, p["id"])[1], schema=EVENTS_SCHEMA)
              for p in read_manifest(out_dir)["partitions"] if p["status"] != "failed"]
    return pa.concat_tables(tables) if tables else EVENTS_SCHEMA.empty_table()


def _prepare(out_dir: Path) -> Path:
    out_dir = Path(out_dir).resolve()
    try:
        for sub in ("reports", "events", "done"):
            folder = out_dir / "parts" / sub
            folder.mkdir(parents=True, exist_ok=True)
            # Leftovers of a run killed mid-write; one run per folder at a time, so none is live.
            for stale in folder.glob(".*.tmp"):
                stale.unlink(missing_ok=True)
    except OSError as err:
        raise BatchError(str(out_dir), f"cannot write the output folder ({err})") from err
    return out_dir


def _output_settings(settings: Settings) -> dict[str, Any]:
    return {f.name: getattr(settings, f.name) for f in fields(settings)
            if f.name not in _NEUTRAL_SETTINGS}


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
