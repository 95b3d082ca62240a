"""`sitrep batch` with 1 and 2 local Dask workers on the same input: speed-up and memory per worker.

Each configuration gets its own local cluster (worker processes, one thread each). The model is
loaded on every worker before the clock starts, since a long run pays that once; the cluster's
start-up and the loading are reported in their own column.

    python benchmarks/batch.py [--n 200] [--workers 1 2] [--partition-size 10] [--record]
    python benchmarks/batch.py --jsonl [--partition-records 20] ...   # one JSON Lines file

With --jsonl the articles are the records of one JSON Lines file: one partition unless
--partition-records cuts it (see docs/batch.md).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import write_corpus
from tables import machine, markdown, record

from sitrep.batch.partition import peak_rss_mb, warm_worker
from sitrep.batch.runner import BatchOptions, run_batch
from sitrep.settings import Settings


def cpu_seconds() -> float:
    """CPU time this process has used (run on each worker through ``client.run``)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def one_configuration(workers: int, corpus: str, out: Path, settings: Settings,
                      options: BatchOptions) -> dict[str, Any]:
    """Start a cluster of n workers, load the model on each, then time one batch run."""
    from distributed import Client, LocalCluster

    start = time.perf_counter()
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=logging.WARNING, scheduler_kwargs={"dashboard_address": ":0"},
    )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        client.run(warm_worker, settings)
        ready = time.perf_counter() - start
        cpu_before: dict[str, float] = client.run(cpu_seconds)
        start = time.perf_counter()
        manifest = run_batch(corpus, out, settings, options, client=client)
        seconds = time.perf_counter() - start
        cpu_after: dict[str, float] = client.run(cpu_seconds)
        memory: dict[str, float] = client.run(peak_rss_mb)
    cpu = sorted(cpu_after[w] - cpu_before[w] for w in cpu_after)
    return {"workers": workers, "seconds": seconds, "ready": ready, "manifest": manifest,
            "memory": sorted(memory.values()), "cpu": cpu}


def main() -> None:
    """Measure, print the table, optionally record it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="synthetic articles")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partition-size", type=int, default=10)
    parser.add_argument("--jsonl", action="store_true", help="one JSON Lines file of records")
    parser.add_argument("--partition-records", type=int, default=None)
    parser.add_argument("--record", action="store_true", help="write the table to RESULTS.md")
    args = parser.parse_args()
    settings = Settings.from_env()
    results = []
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        files = write_corpus(corpus, args.n)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
        pattern = str(corpus / "*.txt")
        if args.jsonl:
            feed = Path(tmp) / "feed.jsonl"
            feed.write_text("".join(json.dumps({"text": p.read_text(encoding="utf-8")}) + "\n"
                                    for p in files), encoding="utf-8")
            pattern = str(feed)
        options = BatchOptions(partition_size=args.partition_size,
                               partition_records=args.partition_records, progress=False)
        for workers in args.workers:
            results.append(one_configuration(workers, pattern, Path(tmp) / f"out-{workers}",
                                             settings, options))
    one = next((r["seconds"] for r in results if r["workers"] == 1), None)
    # On a busy machine the workers get a fraction of a core each, and wall time says more about
    # the neighbours than about sitrep: the CPU the 1-worker run needed, over the largest share
    # any worker of a larger run needed, is the speed-up a machine with a free core per worker
    # would see (the split's balance and Dask's overhead included, contention not).
    one_cpu = next((sum(r["cpu"]) for r in results if r["workers"] == 1), None)
    rows = []
    for r in results:
        counts = r["manifest"]["counts"]
        rows.append((
            r["workers"], r["seconds"], round(counts["reports"] / r["seconds"], 1),
            one / r["seconds"] if one else None,
            one_cpu / max(r["cpu"]) if one_cpu else None,
            " / ".join(f"{c:.1f}" for c in r["cpu"]), r["ready"],
            " / ".join(str(round(m)) for m in r["memory"]),
            counts["reports"], counts["failures"],
        ))
    table = markdown(["workers", "run s", "articles/s", "speed-up vs 1 (wall)",
                      "speed-up vs 1 (CPU, a core each)", "CPU s per worker",
                      "cluster start + model load s", "peak RSS per worker MB", "reports",
                      "failures"], rows)
    if args.jsonl:
        cut = (f"cut into partitions of {args.partition_records} records"
               if args.partition_records else "one partition (not cut)")
        what = f"as the records of one JSON Lines file, {cut}"
        flags = " --jsonl" + (f" --partition-records {args.partition_records}"
                              if args.partition_records else "")
    else:
        what, flags = f"partitions of {args.partition_size} files", ""
    partitions = " / ".join(str(r["manifest"]["counts"]["partitions"]) for r in results)
    body = (f"{args.n} synthetic wire articles ({words:,} words), {what} ({partitions} "
            f"partitions), local worker processes with one thread each.\n"
            f"{machine()}\n\n{table}\n\n`python benchmarks/batch.py --n {args.n} --workers "
            f"{' '.join(map(str, args.workers))} --partition-size {args.partition_size}{flags}`")
    print(body)
    for r in results:
        for failure in r["manifest"]["failures"][:3]:
            print(f"failure with {r['workers']} workers: {failure['origin']}: "
                  f"{failure['reason']}", file=sys.stderr)
    if args.record:
        record("batch", "`sitrep batch` on 1 and 2 local workers", body)


if __name__ == "__main__":
    main()
