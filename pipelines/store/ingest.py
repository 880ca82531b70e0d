"""Raw folder → raw tables: find, fingerprint, parse only what is new, load.

Incremental by content: a file whose sha256 is already in raw.files is not
read again, wherever it lies and whatever it is called now.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.reading.batch import Batch
from pipelines.reading.discover import refusal_hash, scan, unreadable
from pipelines.reading.workbook import file_hash, refused_file
from pipelines.store.isolation import chunked, parse_isolated
from pipelines.store.reread import reread_if_stale
from pipelines.store.warehouse import (
    Loader,
    ensure_schema,
    known_hashes,
    record_sightings,
    store_contents,
)

# Below this many new files, one parsing process: starting a second costs more than it
# saves (measured: benchmarks/RESULTS.md).
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
    entries = scan(raw_dir)
    stats.files_found = len(entries)
    seen = known_hashes(con)
    sightings: list[tuple[str, str]] = []
    jobs: list[tuple[Path, str, str]] = []
    not_read = []
    for entry in entries:
        if not entry.refusal:
            try:
                digest = file_hash(entry.path)
            except OSError as error:  # gone or unreadable since the look
                entry = unreadable(entry, error)
        if entry.refusal:
            digest = refusal_hash(entry)
        sightings.append((entry.name, digest))
        if digest in seen:
            continue
        seen.add(digest)
        if entry.refusal:
            not_read.append(refused_file(entry.path, raw_dir, digest, entry.name, *entry.refusal))
        else:
            jobs.append((entry.path, digest, entry.name))
    # the files' bytes are stored while the workers parse: this process is idle then; each
    # parsed part is loaded as it arrives and let go
    loader = Loader(con, run_id)
    batch = parse_many(
        jobs, raw_dir, meanwhile=lambda: store_contents(con, jobs), on_part=loader.add
    )
    refused = Batch()
    for parsed in not_read:
        refused.add(parsed)
    loader.add(refused)
    loader.flush()
    batch.count_only(refused)
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
    on_part: Callable[[Batch], None] | None = None,
) -> Batch:
    """Parse files in worker processes into one Batch, in the order of `jobs` (files that
    had to be read again after a worker died come last). `meanwhile` runs in this process
    while the workers parse. Never in this process: isolation.py.
    """
    if not jobs:
        if meanwhile:
            meanwhile()
        return Batch()
    workers = workers or min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_MIN_FILES:
        workers = 1
    # Eight chunks a worker: a slow chunk at the end leaves the other cores little to wait.
    size = -(-len(jobs) // (workers * 8))
    return parse_isolated(chunked(jobs, size), raw_dir, workers, meanwhile, on_part)
