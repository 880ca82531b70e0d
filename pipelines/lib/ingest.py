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

from pipelines.lib.warehouse import (
    ensure_schema,
    known_hashes,
    load_parsed,
    record_sightings,
    store_contents,
)
from pipelines.lib.workbook import ParsedFile, file_hash, find_workbooks, parse_job
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


def ingest_folder(raw_dir: Path, con: duckdb.DuckDBPyConnection, run_id: str) -> IngestStats:
    ensure_schema(con)
    stats = IngestStats()
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
    new_files = parse_many(jobs, raw_dir, meanwhile=lambda: store_contents(con, jobs))
    load_parsed(con, new_files, run_id)
    record_sightings(con, sightings, run_id)
    for parsed in new_files:
        stats.files_new += 1
        stats.files_rejected += parsed.is_rejected
        stats.kinds[parsed.kind or "unknown"] += 1
        stats.rows_read += sum(len(table.rows) for table in parsed.tables.values())
        stats.issues.update((issue.dimension, issue.severity) for issue in parsed.issues)
    return stats


def parse_many(
    jobs: list[tuple[Path, str]],
    raw_dir: Path,
    workers: int | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[ParsedFile]:
    """Parse files on every core; results keep the order of `jobs`. `meanwhile` runs in
    this process while the workers parse.

    The worker function lives in workbook.py so a worker never imports duckdb or pandas.
    """
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers == 1 or len(jobs) < PARALLEL_MIN_FILES:
        parsed = [parse_job(job, raw_dir) for job in jobs]
        if meanwhile:
            meanwhile()
        return parsed
    chunk = max(1, len(jobs) // (workers * 8))
    with spawn_pool(workers) as pool:
        results = pool.map(parse_job, jobs, repeat(raw_dir), chunksize=chunk)
        if meanwhile:
            meanwhile()
        return list(results)
