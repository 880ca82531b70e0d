"""Raw folder → raw tables: find, fingerprint, parse only what is new, load.

Incremental by content: a file whose sha256 is already in raw.files is not
read again, wherever it lies and whatever it is called now.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import duckdb

from pipelines.lib.batch import Batch, parse_batch
from pipelines.lib.reread import reread_if_stale
from pipelines.lib.warehouse import (
    ensure_schema,
    known_hashes,
    load_batch,
    record_sightings,
    store_contents,
)
from pipelines.lib.workbook import file_hash, find_workbooks
from pipelines.lib.workers import spawn_pool

# Below this many new files, starting worker processes costs more than it saves
# (measured: benchmarks/RESULTS.md).
PARALLEL_MIN_FILES = 200


@dataclass
class IngestStats:
    files_found: int = 0
    files_new: int = 0
    files_rejected: int = 0
    rows_read: int = 0
    issues: Counter = field(default_factory=Counter)  # (dimension, severity) → count
    kinds: Counter = field(default_factory=Counter)
    files_reread: int = 0  # stored submissions read again by changed reading code


def ingest_folder(raw_dir: Path, con: duckdb.DuckDBPyConnection, run_id: str) -> IngestStats:
    ensure_schema(con)
    stats = IngestStats()
    stats.files_reread = reread_if_stale(con, run_id, parse_many)
    paths = find_workbooks(raw_dir)
    stats.files_found = len(paths)
    seen = known_hashes(con)
    sightings: list[tuple[str, str]] = []
    jobs: list[tuple[Path, str]] = []
    for path in paths:
        digest = file_hash(path)
        sightings.append((path.relative_to(raw_dir).as_posix(), digest))
        if digest in seen:
            continue
        seen.add(digest)
        jobs.append((path, digest))
    # the files' bytes are stored while the workers parse: this process is idle then
    batch = parse_many(jobs, raw_dir, meanwhile=lambda: store_contents(con, jobs))
    load_batch(con, batch, run_id)
    record_sightings(con, sightings, run_id)
    stats.files_new = batch.files_new
    stats.files_rejected = batch.files_rejected
    stats.kinds = batch.kinds
    stats.rows_read = batch.rows_read
    stats.issues = batch.issue_counts
    return stats


def parse_many(
    jobs: list[tuple],
    raw_dir: Path,
    workers: int | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Batch:
    """Parse files on every core into one Batch, in the order of `jobs`. `meanwhile` runs
    in this process while the workers parse.

    The worker function lives in batch.py so a worker never imports duckdb or pandas.
    """
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers == 1 or len(jobs) < PARALLEL_MIN_FILES:
        batch = parse_batch(jobs, raw_dir)
        if meanwhile:
            meanwhile()
        return batch
    # Eight chunks a worker: a slow chunk at the end leaves the other cores little to wait.
    size = -(-len(jobs) // (workers * 8))
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    batch = Batch()
    with spawn_pool(workers) as pool:
        results = pool.map(parse_batch, chunks, repeat(raw_dir))
        if meanwhile:
            meanwhile()
        for part in results:
            batch.extend(part)
    return batch
