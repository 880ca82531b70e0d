"""The DuckDB warehouse: raw tables written by ingestion, and how refreshes publish.

Schemas: `raw` (one table per contract sheet, every row with its file, sheet
and Excel row), `quality` (issues, reconciliation), `staging`/`marts` (dbt).
A refresh builds into a copy of the warehouse and replaces the published
file in one rename, so readers never see a half-built warehouse and a crash
leaves the previous one intact.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.reading.batch import Batch, Columns
from pipelines.reading.specs import KINDS

_TYPES = {
    "number": "double",
    "deduction": "double",
    "measure_value": "double",
    "target": "double",
    "date": "date",
    "yes_no": "boolean",
    "year": "integer",
    "stt": "integer",
    "level": "double",
}
PROVENANCE = "file_hash varchar not null, sheet varchar not null, row_number integer not null"

FILES_DDL = """
create table if not exists raw.files (
    file_hash varchar primary key,
    path varchar not null,
    size_bytes bigint,
    modified_at timestamp,
    first_seen_at timestamp not null,
    run_id varchar not null,
    kind varchar,
    sender_code varchar,
    sender_name varchar,
    period_code varchar,
    report_date date,
    is_rejected boolean not null,
    info json
);
create table if not exists raw.file_sightings (
    path varchar not null,
    file_hash varchar not null,
    seen_at timestamp not null,
    run_id varchar not null
);
create table if not exists raw.block_criterion_scores (
    file_hash varchar not null, sheet varchar not null, row_number integer not null,
    criterion_code varchar not null, score double
);
create table if not exists raw.file_contents (
    file_hash varchar primary key, content blob not null
);
create table if not exists raw.sheet_columns (
    file_hash varchar not null, sheet varchar not null, column_name varchar not null,
    column_letter varchar not null, header varchar
);
create table if not exists quality.gx_issues (
    file_hash varchar not null, sheet varchar, row_number integer, column_name varchar,
    value varchar, rule_code varchar not null, severity varchar not null,
    dimension varchar not null, message varchar not null, expectation varchar,
    run_id varchar not null, detected_at timestamp not null
);
create table if not exists quality.gx_validation_results (
    run_id varchar not null, validated_at timestamp not null, suite varchar not null,
    rows_checked bigint not null, success boolean not null, expectations_passed integer not null,
    expectations json not null
);
create table if not exists quality.gx_validated_files (
    file_hash varchar not null, validated_at timestamp not null
);
create table if not exists quality.parse_issues (
    file_hash varchar not null,
    run_id varchar not null,
    detected_at timestamp not null,
    dimension varchar not null,
    rule_code varchar not null,
    severity varchar not null,
    sheet varchar,
    row_number integer,
    column_name varchar,
    value varchar,
    message varchar not null
);
"""


def table_ddl() -> str:
    statements = []
    for specs in KINDS.values():
        for spec in specs:
            columns = ", ".join(f"{c.name} {_TYPES.get(c.kind, 'varchar')}" for c in spec.columns)
            statements.append(
                f"create table if not exists raw.{spec.table} ({PROVENANCE}, {columns}, "
                "is_duplicate boolean not null, has_error boolean not null);"
            )
    return "\n".join(statements)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for schema in ("raw", "quality"):
        con.execute(f"create schema if not exists {schema}")
    con.execute(FILES_DDL)
    con.execute(table_ddl())
    _add_new_columns(con)


def _add_new_columns(con: duckdb.DuckDBPyConnection) -> None:
    """A column a newer version of the specs reads, added to a warehouse made before it
    (its older rows get it blank until they are read again: reread.py)."""
    existing = set(
        con.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = 'raw'"
        ).fetchall()
    )
    for specs in KINDS.values():
        for spec in specs:
            for column in spec.columns:
                if (spec.table, column.name) not in existing:
                    kind = _TYPES.get(column.kind, "varchar")
                    # names and types come from specs.py, never from input
                    con.execute(f"alter table raw.{spec.table} add column {column.name} {kind}")


def known_hashes(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("select file_hash from raw.files").fetchall()}


def record_sightings(
    con: duckdb.DuckDBPyConnection, sightings: Iterable[tuple[str, str]], run_id: str
) -> None:
    frame = pd.DataFrame(list(sightings), columns=["path", "file_hash"])
    if frame.empty:
        return
    con.register("new_sightings", frame)
    con.execute(
        "insert into raw.file_sightings select path, file_hash, now(), ? from new_sightings",
        [run_id],
    )


def store_contents(con: duckdb.DuckDBPyConnection, jobs: list[tuple]) -> None:
    """Keep every submission's bytes: feedback copies and audits never need the raw folder.
    Inserted a group of at most CONTENT_GROUP_BYTES at a time: a folder of large files is
    never in memory at once."""
    group: list[tuple[str, bytes]] = []
    size = 0
    for path, digest, *_ in jobs:
        try:
            content = path.read_bytes()
        except OSError:  # removed since it was hashed: its parse says so
            continue
        group.append((digest, content))
        size += len(content)
        if size >= CONTENT_GROUP_BYTES:
            _insert_contents(con, group)
            group, size = [], 0
    _insert_contents(con, group)


CONTENT_GROUP_BYTES = 64 * 2**20


def _insert_contents(con: duckdb.DuckDBPyConnection, group: list[tuple[str, bytes]]) -> None:
    if not group:
        return
    con.register("new_contents", pd.DataFrame(group, columns=["file_hash", "content"]))
    con.execute("insert or ignore into raw.file_contents select * from new_contents")
    con.unregister("new_contents")


def load_batch(con: duckdb.DuckDBPyConnection, batch: Batch, run_id: str) -> None:
    """Append new files, their rows and their issues in one transaction."""
    if not batch.files_new:
        return
    files = pd.DataFrame(batch.files.data)
    files["modified_at"] = pd.to_datetime(files["modified_at"], unit="s")
    con.execute("begin transaction")
    try:
        con.register("new_files", files)
        con.execute(
            """insert into raw.files by name
               select * exclude (info), info::json as info, now() as first_seen_at,
                      ? as run_id
               from new_files""",
            [run_id],
        )
        for table_name, rows in batch.tables.items():
            _insert(con, f"raw.{table_name}", rows)
        _insert(con, "raw.block_criterion_scores", batch.scores)
        _insert(con, "raw.sheet_columns", batch.sheet_columns)
        if batch.issues.length:
            con.register("new_issues", pd.DataFrame(batch.issues.data))
            con.execute(
                """insert into quality.parse_issues by name
                   select *, ? as run_id, now() as detected_at from new_issues""",
                [run_id],
            )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


class Loader:
    """Parsed parts gathered until they hold LOAD_BYTES of workbooks, then loaded in one
    transaction: a load costs the same for 10 files or 1,000, and memory stays bounded."""

    def __init__(self, con: duckdb.DuckDBPyConnection, run_id: str):
        self.con, self.run_id = con, run_id
        self.pending, self.size = Batch(), 0

    def add(self, part: Batch) -> None:
        self.pending.extend(part)
        self.size += sum(size or 0 for size in part.files.data.get("size_bytes", []))
        if self.size >= LOAD_BYTES:
            self.flush()

    def flush(self) -> None:
        load_batch(self.con, self.pending, self.run_id)
        self.pending, self.size = Batch(), 0


LOAD_BYTES = 64 * 2**20


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Columns) -> None:
    if not rows.length:
        return
    frame = pd.DataFrame(rows.data)
    columns = [r[0] for r in con.execute(f"describe {table}").fetchall()]
    con.register("new_rows", frame.reindex(columns=columns))
    con.execute(f"insert into {table} by name select * from new_rows")


def new_run_id() -> str:
    return uuid.uuid4().hex[:12]


class RefreshInProgress(Exception):
    """Another refresh holds the warehouse's lock."""


@contextmanager
def refresh_lock(published: Path):
    """One refresh at a time per warehouse; the OS releases the lock if the process dies."""
    published.parent.mkdir(parents=True, exist_ok=True)
    lock_path = published.with_name(published.name + ".lock")
    with lock_path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise RefreshInProgress(
                f"Một lần làm mới khác đang chạy trên {published} ({holder}); "
                "hãy chờ lần đó xong rồi chạy lại."
            ) from error
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, bắt đầu {datetime.now():%H:%M:%S %d/%m/%Y}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
