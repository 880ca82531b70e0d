"""What the published warehouse was built from: the raw files and the project's own code.

A refresh that finds both unchanged has nothing to do and says so in about a second,
instead of loading Dagster and running dbt again (about 12 s at 3,321 wards): a scheduled
refresh every few minutes costs nothing while no ward sends anything.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb

from pipelines.core import person_keys
from pipelines.reading.discover import refusal_hash, scan
from pipelines.reading.workbook import file_hash
from pipelines.reports.period import report_names
from pipelines.store.announce import editions_fingerprint

ROOT = Path(__file__).resolve().parents[2]
# Everything that decides what a build contains besides the raw files.
CODE = [
    ("pipelines", "**/*.py"),
    ("dbt_project", "dbt_project.yml"),
    ("dbt_project/models", "**/*"),
    ("dbt_project/macros", "**/*"),
    ("dbt_project/seeds", "**/*"),
    ("dbt_project/tests", "**/*"),
    ("expectations/gx/expectations", "**/*.json"),
]


def code_files() -> list[Path]:
    return [
        path
        for folder, pattern in CODE
        for path in sorted((ROOT / folder).glob(pattern))
        if path.is_file() and "__pycache__" not in path.parts
    ]


def code_digest() -> str:
    code = hashlib.sha256()
    for path in code_files():
        code.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return code.hexdigest()


def current_state(raw_dir: Path, warehouse: Path) -> tuple[str, str]:
    """(code digest, raw digest): every workbook by relative path and content, which
    secret keys persons (a rotated secret rebuilds every key) and the editions published."""
    raw = hashlib.sha256(person_keys.fingerprint(person_keys.key_path(warehouse)).encode())
    raw.update(editions_fingerprint(warehouse).encode())  # a new edition is built into the marts
    for entry in scan(raw_dir):
        try:
            digest = refusal_hash(entry) if entry.refusal else file_hash(entry.path)
        except OSError:  # gone or unreadable since the look: ingestion says so
            digest = refusal_hash(entry)
        raw.update(f"{entry.name}\t{digest}\n".encode())
    return code_digest(), raw.hexdigest()


def record_state(warehouse: Path, state: tuple[str, str]) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "create or replace table raw.build_state as select ? as code_digest, ? as raw_digest, now() as built_at",
            list(state),
        )


def is_unchanged(warehouse: Path, state: tuple[str, str]) -> bool:
    """True when the published build was made from this state and its reports are all there."""
    if not warehouse.exists():
        return False
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            recorded = con.execute("select code_digest, raw_digest from raw.build_state").fetchone()
            periods = [
                row[0]
                for row in con.execute(
                    "select distinct period_code from marts.mart_submission_status"
                ).fetchall()
            ]
    except duckdb.Error:  # an older build without the table, or no build at all
        return False
    reports = warehouse.parent / "reports"
    present = all(
        (reports / period / name).exists() for period in periods for name in report_names(period)
    )
    return recorded == state and present


Snapshot = tuple[tuple[str, int, int], ...]


def folder_snapshot(raw: Path) -> Snapshot:
    """What a look at the folder compares: path, size and modification time of every
    workbook and of every file of the project's code. Two equal looks in a row mean no
    file is still being copied in (`thidua watch`, the raw-folder sensor)."""
    entries = []
    for path in [*(entry.path for entry in scan(raw)), *code_files()]:
        try:
            status = path.lstat()
        except OSError:  # removed between the listing and now
            continue
        entries.append((os.fsencode(path).hex(), status.st_size, status.st_mtime_ns))
    return tuple(entries)


def snapshot_digest(snapshot: Snapshot) -> str:
    return hashlib.sha256(repr(snapshot).encode()).hexdigest()
