"""Parsed files laid out in columns, the shape the warehouse loads; built where they are parsed.

A parsing process used to send back each file as objects, and the refresh then turned
every row dict into DataFrames on one core while the other core idled: 1.9 s at 3,321
wards, after the parsing. Each process now lays out its own files in columns, and the
refresh only joins lists (`Batch.extend`). Pure Python: a worker never imports pandas.
"""

from __future__ import annotations

import json
import os
import resource
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.reading.workbook import ParsedFile, failed_file, parse_workbook


@dataclass
class Columns:
    """Rows appended as dicts, kept as one list per column; a key missing from a row is None."""

    data: dict[str, list[Any]] = field(default_factory=dict)
    length: int = 0

    def append(self, row: dict[str, Any]) -> None:
        data = self.data
        if row.keys() != data.keys():
            for key in row.keys() - data.keys():
                data[key] = [None] * self.length
            for key in data.keys() - row.keys():
                data[key].append(None)
        for key, value in row.items():
            data[key].append(value)
        self.length += 1

    def extend(self, other: Columns) -> None:
        for key in other.data.keys() - self.data.keys():
            self.data[key] = [None] * self.length
        for key, values in self.data.items():
            values.extend(other.data[key] if key in other.data else [None] * other.length)
        self.length += other.length


@dataclass
class Batch:
    """New files, their rows by raw table, and their issues; plus the counts a refresh reports."""

    files: Columns = field(default_factory=Columns)
    tables: dict[str, Columns] = field(default_factory=dict)
    scores: Columns = field(default_factory=Columns)
    sheet_columns: Columns = field(default_factory=Columns)
    issues: Columns = field(default_factory=Columns)
    files_rejected: int = 0
    rows_read: int = 0
    kinds: Counter = field(default_factory=Counter)
    issue_counts: Counter = field(default_factory=Counter)  # (dimension, severity) → count
    files_counted: int = 0  # files of parts already loaded and let go (count_only)

    @property
    def files_new(self) -> int:
        return self.files.length + self.files_counted

    def count_only(self, part: Batch) -> None:
        """Add a part's counts, not its rows: the part was loaded and is let go."""
        self.files_counted += part.files_new
        self.files_rejected += part.files_rejected
        self.rows_read += part.rows_read
        self.kinds.update(part.kinds)
        self.issue_counts.update(part.issue_counts)

    def add(self, parsed: ParsedFile) -> None:
        self.files.append(
            {
                "file_hash": parsed.file_hash,
                "path": parsed.path,
                "size_bytes": parsed.size_bytes,
                "modified_at": parsed.modified_at,  # seconds since the epoch, UTC
                "kind": parsed.kind,
                "sender_code": parsed.sender_code,
                "sender_name": parsed.sender_name,
                "period_code": parsed.period_code,
                "report_date": parsed.report_date,
                "is_rejected": parsed.is_rejected,
                "info": json.dumps({k: str(v) for k, v in parsed.info.items()}, ensure_ascii=False),
            }
        )
        for issue in parsed.issues:
            self.issues.append(issue.as_row() | {"file_hash": parsed.file_hash})
            self.issue_counts[(issue.dimension, issue.severity)] += 1
        # Rows of a rejected file are kept too: they are counted as quarantined.
        for table_name, table in parsed.tables.items():
            provenance = {"file_hash": parsed.file_hash, "sheet": table.sheet}
            rows = self.tables.setdefault(table_name, Columns())
            for row in table.rows:
                rows.append(provenance | row)
            for score in table.criterion_scores:
                self.scores.append(provenance | score)
            for name, (letter, header) in table.columns.items():
                self.sheet_columns.append(
                    provenance | {"column_name": name, "column_letter": letter, "header": header}
                )
            self.rows_read += len(table.rows)
        self.files_rejected += parsed.is_rejected
        self.kinds[parsed.kind or "unknown"] += 1

    def extend(self, other: Batch) -> None:
        self.files_counted += other.files_counted
        self.files.extend(other.files)
        for name, rows in other.tables.items():
            self.tables.setdefault(name, Columns()).extend(rows)
        self.scores.extend(other.scores)
        self.sheet_columns.extend(other.sheet_columns)
        self.issues.extend(other.issues)
        self.files_rejected += other.files_rejected
        self.rows_read += other.rows_read
        self.kinds.update(other.kinds)
        self.issue_counts.update(other.issue_counts)


# A ward workbook parses in 2 ms, the national registry in 3 s: past this, the kernel
# stops the parsing process (SIGXCPU) and isolation.py reports the file.
FILE_CPU_SECONDS = 60


def _limit_cpu(seconds: int) -> None:
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (spent + seconds, resource.RLIM_INFINITY))


def parse_batch(jobs: list[tuple], raw_dir: Path, progress: str | None = None) -> Batch:
    """(path, sha256) or (path, sha256, path to record) → one Batch: the unit of work of a
    parsing process (isolation.py). Before each file it writes the file's hash to
    progress/<pid>, so a worker that dies is known to have died on that file."""
    batch = Batch()
    # one descriptor, overwritten in place: a truncating write_text cost 0,7 ms a file here
    marker = (
        os.open(Path(progress) / str(os.getpid()), os.O_WRONLY | os.O_CREAT) if progress else None
    )
    for path, digest, *name in jobs:
        if marker is not None:
            os.pwrite(marker, digest.encode(), 0)  # every digest has 64 characters
            _limit_cpu(FILE_CPU_SECONDS)
        try:
            parsed = parse_workbook(path, raw_dir, digest, *name)
        except Exception as error:  # a file must never stop the others (MemoryError too)
            parsed = failed_file(path, raw_dir, digest, *name, reason=type(error).__name__)
        batch.add(parsed)
    if marker is not None:
        os.close(marker)
        (Path(progress) / str(os.getpid())).unlink(missing_ok=True)
    return batch
