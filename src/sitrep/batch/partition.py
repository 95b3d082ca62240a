"""One batch partition on one Dask worker: its inputs -> reports, events and failures on disk."""

from __future__ import annotations

import functools
import logging
import os
import resource
import socket
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from sitrep import report as report_json
from sitrep.batch.slices import FileSlice, read_slice
from sitrep.batch.tables import (
    EVENTS_SCHEMA,
    REPORTS_SCHEMA,
    TableWriter,
    event_rows,
    report_row,
    write_json,
    write_table,
)
from sitrep.ingest import read_inputs
from sitrep.model import Failure, RawDocument
from sitrep.pipeline import OnError, Pipeline, failure
from sitrep.settings import Settings

log = logging.getLogger(__name__)

REPORTS_DIR = "reports"
EVENTS_DIR = "events"
DONE_DIR = "done"


@dataclass(frozen=True, slots=True)
class PartitionSpec:
    """Which input files make one partition, and the name its outputs are written under."""

    id: str
    inputs: tuple[str, ...]
    part: FileSlice | None = None
    """Only these lines of the one JSON Lines input (a large file cut into slices)."""


@dataclass(frozen=True, slots=True)
class DocumentFailure:
    """A document a partition skipped, and why (``stage`` says where it broke)."""

    origin: str
    reason: str
    stage: str


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What one finished partition wrote; its JSON is the partition's completion marker."""

    id: str
    inputs: tuple[str, ...]
    documents: int
    reports: int
    events: int
    failures: tuple[DocumentFailure, ...]
    seconds: float
    worker: str
    peak_rss_mb: float
    versions: Mapping[str, str] = field(default_factory=dict)
    """The versions that made it (``made_by``); a rerun redoes the partition when they move."""

    def to_json(self) -> dict[str, Any]:
        """The marker document written to ``parts/done/ID.json``."""
        return {**asdict(self), "versions": dict(self.versions)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PartitionResult:
        """Read back a marker written by ``to_json``."""
        return cls(
            id=data["id"],
            inputs=tuple(data["inputs"]),
            documents=int(data["documents"]),
            reports=int(data["reports"]),
            events=int(data["events"]),
            failures=tuple(DocumentFailure(**f) for f in data["failures"]),
            seconds=float(data["seconds"]),
            worker=str(data["worker"]),
            peak_rss_mb=float(data["peak_rss_mb"]),
            # Markers written before versions were recorded have none: never current.
            versions={str(k): str(v) for k, v in data.get("versions", {}).items()},
        )


def partition_paths(out_dir: Path, partition_id: str) -> tuple[Path, Path, Path]:
    """(reports Parquet, events Parquet, completion marker) of one partition."""
    parts = out_dir / "parts"
    return (
        parts / REPORTS_DIR / f"{partition_id}.parquet",
        parts / EVENTS_DIR / f"{partition_id}.parquet",
        parts / DONE_DIR / f"{partition_id}.json",
    )


@functools.lru_cache(maxsize=2)
def worker_pipeline(settings: Settings) -> Pipeline:
    """The pipeline of this worker process, loaded on its first partition and kept after."""
    # A cache rather than a global: nothing loads at import, and a process serving two runs with
    # different settings keeps one pipeline for each.
    pipeline = Pipeline(settings)
    pipeline.warm_up()
    return pipeline


WARM_UP_TEXT = (
    "KYIV, Ukraine (Reuters) — Two people were killed in a drone attack on Kyiv on Monday, "
    "the city's mayor said. \"We will rebuild,\" he told reporters."
)
"""A short article that reaches every stage, so that what loads on first use loads now."""


def warm_worker(settings: Settings) -> float:
    """Load this worker's pipeline now (``client.run(warm_worker, settings)``); returns seconds."""
    start = time.perf_counter()
    pipeline = worker_pipeline(settings)
    # Some tables load on the first article (language identifier, lemmatizer lookups).
    list(pipeline.run([RawDocument(origin="warm-up", text=WARM_UP_TEXT)],
                      on_error=OnError.RECORD_ALL))
    return time.perf_counter() - start


def made_by(pipeline: Pipeline) -> dict[str, str]:
    """The versions a partition records: the pipeline's stages, and the report contract's."""
    return {**pipeline.versions(), "report": report_json.SCHEMA_ID}


def process_partition(spec: PartitionSpec, out_dir: str, settings: Settings) -> PartitionResult:
    """The Dask task: run one partition with this worker's pipeline."""
    return run_partition(spec, Path(out_dir), worker_pipeline(settings))


def run_partition(spec: PartitionSpec, out_dir: Path, pipeline: Pipeline) -> PartitionResult:
    """Extract every document of a partition and write its tables, then its completion marker."""
    start = time.perf_counter()
    failures: list[DocumentFailure] = []
    documents = 0
    reports_path, events_path, done_path = partition_paths(out_dir, spec.id)
    for path in (reports_path, events_path, done_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    # A worker parses millions of articles, and every new word, name or number would stay in
    # spaCy's string store for good: strings made inside the zone are freed when it closes.
    # Nothing spaCy made leaves it: the reports are plain JSON by then.
    with TableWriter(reports_path, REPORTS_SCHEMA) as reports, \
            TableWriter(events_path, EVENTS_SCHEMA) as events, pipeline.nlp.memory_zone():
        for item in _extract(pipeline, spec):
            documents += 1
            if isinstance(item, DocumentFailure):
                failures.append(item)
                continue
            origin, document = item
            reports.add(report_row(document, origin))
            for row in event_rows(document):
                events.add(row)
    result = PartitionResult(
        id=spec.id,
        inputs=spec.inputs,
        documents=documents,
        reports=reports.rows,
        events=events.rows,
        failures=tuple(failures),
        seconds=round(time.perf_counter() - start, 3),
        worker=f"{socket.gethostname()}:{os.getpid()}",
        peak_rss_mb=round(peak_rss_mb(), 1),
        versions=made_by(pipeline),
    )
    # The marker goes last: a partition counts as finished only once both tables are in place.
    write_json(result.to_json(), done_path)
    return result


def record_lost(out_dir: Path, spec: PartitionSpec, reason: str,
                versions: Mapping[str, str]) -> PartitionResult:
    """Mark a one-file partition whose worker died on it as done, its document as failed.

    Written by the client (the worker is gone), so that a rerun with the same stage versions
    skips the file rather than taking another worker down with it.
    """
    reports_path, events_path, done_path = partition_paths(out_dir, spec.id)
    for path in (reports_path, events_path, done_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    write_table([], REPORTS_SCHEMA, reports_path)
    write_table([], EVENTS_SCHEMA, events_path)
    part = spec.part
    origins = [f"{path}:{part.label}" if part else path for path in spec.inputs]
    result = PartitionResult(
        id=spec.id, inputs=spec.inputs, documents=part.lines if part else len(spec.inputs),
        reports=0, events=0,
        failures=tuple(DocumentFailure(origin, reason, "worker") for origin in origins),
        seconds=0.0, worker="lost", peak_rss_mb=0.0, versions=versions,
    )
    write_json(result.to_json(), done_path)
    return result


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


Extracted = tuple[str, dict[str, Any]] | DocumentFailure


def _extract(pipeline: Pipeline, spec: PartitionSpec) -> Iterator[Extracted]:
    """(origin, report JSON) or a failure for every document of the partition, never raising."""
    # The batch boundary STYLE.md names: one document must never stop a run of millions, so
    # every error of a stage ends as a record (OnError.RECORD_ALL), and so does a reader's.
    raws = _raw_documents(pipeline.settings, spec.inputs, spec.part)
    for item in pipeline.run(raws, on_error=OnError.RECORD_ALL):
        if isinstance(item, Failure):
            yield DocumentFailure(item.origin, item.reason, item.stage or "read")
            continue
        article = item.article
        origin = article.origin or article.url or article.id
        try:
            yield origin, report_json.to_json(item)
        except Exception as err:  # the batch boundary: record and go on
            made = failure(origin, "report", err)
            yield DocumentFailure(made.origin, made.reason, "report")


def _raw_documents(settings: Settings, inputs: Sequence[str], part: FileSlice | None
                   ) -> Iterator[RawDocument | Failure]:
    # One input at a time, so that a reader failing on one file cannot end the partition, and
    # streamed, so that a file of a million JSON Lines records is never in memory at once.
    for path in inputs:
        try:
            documents = read_inputs([path], settings) if part is None else read_slice(
                path, part, settings)
            for raw in documents:
                yield raw if isinstance(raw, RawDocument) else replace(raw, stage="read")
        except Exception as err:  # the batch boundary: record and go on
            yield failure(path, "read", err)
