"""Raw folder → raw tables: find, fingerprint, parse only what is new, load.

Incremental by content: a file whose sha256 is already in raw.files is not
read again, wherever it lies and whatever it is called now.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.lib.warehouse import ensure_schema, known_hashes, load_parsed, record_sightings
from pipelines.lib.workbook import file_hash, find_workbooks, parse_workbook


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
    new_files = []
    for path in paths:
        digest = file_hash(path)
        sightings.append((path.relative_to(raw_dir).as_posix(), digest))
        if digest in seen:
            continue
        seen.add(digest)
        new_files.append(parse_workbook(path, raw_dir, digest))
    load_parsed(con, new_files, run_id)
    record_sightings(con, sightings, run_id)
    for parsed in new_files:
        stats.files_new += 1
        stats.files_rejected += parsed.is_rejected
        stats.kinds[parsed.kind or "unknown"] += 1
        stats.rows_read += sum(len(table.rows) for table in parsed.tables.values())
        stats.issues.update((issue.dimension, issue.severity) for issue in parsed.issues)
    return stats
