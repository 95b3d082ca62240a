"""Batch runs on Dask: partitions, Parquet tables, a resumable manifest."""

from sitrep.batch.runner import (
    BatchOptions,
    import_distributed,
    read_batch,
    read_events,
    run_batch,
)

__all__ = ["BatchOptions", "import_distributed", "read_batch", "read_events", "run_batch"]
