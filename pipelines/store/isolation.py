"""Parsing where one file can harm only itself: worker processes with their own limits.

A file is never parsed in the refresh's own process. Each parsing process has an address
space limit (a file past preflight's bounds that still blows up memory fails there, as a
MemoryError or an abort of the Rust reader) and a CPU-time limit per file. A worker that
dies takes its pool down; the files it was reading are then each read again alone, and a
file that kills its reader twice becomes one file-level issue. The other files are
parsed again in a new pool. The refresh goes on.
"""

from __future__ import annotations

import os
import resource
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from pipelines.core.workers import spawn_pool
from pipelines.reading.batch import Batch, parse_batch
from pipelines.reading.workbook import crashed_file

# Two parsing processes and the refresh stay under 2 GB together. The largest sheet
# preflight lets through (4 million cells of range) needs about 400 MB.
WORKER_MEMORY_BYTES = 640 * 2**20


def _memory_limit() -> int:
    """THIDUA_PARSE_MEMORY_MB lowers or raises it (tests make a reader run out with it)."""
    setting = os.environ.get("THIDUA_PARSE_MEMORY_MB", "")
    return int(setting) * 2**20 if setting.isdigit() else WORKER_MEMORY_BYTES


def limit_worker() -> None:
    """Runs first in each parsing process."""
    limit = _memory_limit()
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a killed reader leaves no core file
    # An aborting reader prints a Rust backtrace in English; the sender gets the issue.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def parse_isolated(
    chunks: list[list[tuple]],
    raw_dir: Path,
    workers: int,
    meanwhile: Callable[[], None] | None = None,
    on_part: Callable[[Batch], None] | None = None,
) -> Batch:
    """Every chunk parsed in a limited worker process. Without `on_part`, one Batch in the
    chunks' order, files that had to be read again coming last. With it, each part is
    handed over as soon as it is parsed and let go (the Batch returned holds the counts):
    the refresh holds a few chunks' rows at a time, however many files the folder has."""
    batch = _Collector(on_part)
    with tempfile.TemporaryDirectory(prefix="thidua-parse-") as progress:
        failed, suspects = _run(chunks, raw_dir, workers, Path(progress), batch, meanwhile)
        while failed:
            for job in suspects:
                batch.extend(_run_alone(job, raw_dir, Path(progress)))
            rest = [job for job in failed if job[1] not in {s[1] for s in suspects}]
            again = chunked(rest, max(1, -(-len(rest) // (workers * 4))))
            failed, suspects = (
                _run(again, raw_dir, workers, Path(progress), batch) if again else ([], [])
            )
    return batch.result


class _Collector:
    """Parts kept in one Batch, or handed to `on_part` and counted."""

    def __init__(self, on_part: Callable[[Batch], None] | None):
        self.on_part, self.result = on_part, Batch()

    def extend(self, part: Batch) -> None:
        if self.on_part is None:
            self.result.extend(part)
        else:
            self.on_part(part)
            self.result.count_only(part)


def _run(
    chunks: list[list[tuple]],
    raw_dir: Path,
    workers: int,
    progress: Path,
    batch: _Collector,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[list[tuple], list[tuple]]:
    """Parse chunks in one pool; the jobs of chunks lost with a dead worker, and those of
    them being read when it died (the suspects)."""
    for stale in progress.iterdir():
        stale.unlink()
    failed: list[tuple] = []
    with spawn_pool(max(1, min(workers, len(chunks))), initializer=limit_worker) as pool:
        futures: list[Future | None] = []
        for chunk in chunks:
            try:
                futures.append(pool.submit(parse_batch, chunk, raw_dir, str(progress)))
            except BrokenProcessPool:  # a worker died already: the rest is read again
                futures.append(None)
        if meanwhile:
            meanwhile()
        # in the order they finish when parts are handed over (nothing waits in memory),
        # in the chunks' order otherwise
        pending = dict(zip(futures, chunks, strict=True))
        failed.extend(job for future, chunk in pending.items() if future is None for job in chunk)
        running = [future for future in futures if future is not None]
        ordered = as_completed(running) if batch.on_part else running
        for future in ordered:
            try:
                batch.extend(future.result())
            except BrokenProcessPool:
                failed.extend(pending[future])
    if not failed:
        return [], []
    reading = {marker.read_text() for marker in progress.iterdir()}
    suspects = [job for job in failed if job[1] in reading]
    # A pool that breaks before any worker has marked a file: every lost job is a suspect.
    return failed, suspects or failed


def _run_alone(job: tuple, raw_dir: Path, progress: Path) -> Batch:
    """One file in a pool of its own; a file that kills this reader too is one issue."""
    with spawn_pool(1, initializer=limit_worker) as pool:
        try:
            return pool.submit(parse_batch, [job], raw_dir, str(progress)).result()
        except BrokenProcessPool:
            pass
    batch = Batch()
    path, digest, *name = job
    batch.add(crashed_file(Path(path), raw_dir, digest, *name))
    return batch


# A chunk's rows travel back and wait to be loaded in this process: chunks are cut at this
# many bytes of workbooks too (a ward's is 20 KB; a file within preflight's bounds, 5 MB).
CHUNK_BYTES = 16 * 2**20


def chunked(jobs: list[tuple], files: int) -> list[list[tuple]]:
    chunks: list[list[tuple]] = [[]]
    size = 0
    for job in jobs:
        try:
            weight = os.stat(job[0]).st_size
        except OSError:
            weight = 0
        if chunks[-1] and (len(chunks[-1]) >= files or size + weight > CHUNK_BYTES):
            chunks.append([])
            size = 0
        chunks[-1].append(job)
        size += weight
    return [chunk for chunk in chunks if chunk]
