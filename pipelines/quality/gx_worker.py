"""Great Expectations imported on the second core while the Dagster definitions load.

Importing GX costs about 2.5 s, a fixed cost of every refresh that reads a new file.
`thidua refresh` opens `warmed()` before it loads Dagster: a spawned process imports
GX meanwhile, and the quality check hands it the validation through `validate`. Where
nothing was warmed (`dagster dev`, tests) the check validates in its own process.
`thidua watch` keeps the worker for every build (`warmed(keep=True)`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.core.workers import spawn_pool
from pipelines.quality.gx_validate import SuiteOutcome, validate_new_rows

_pool: ProcessPoolExecutor | None = None
_keep = False  # the worker serves every validation until `warmed` ends


def _import_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations  # noqa: F401  (the import is the point)


@contextmanager
def warmed(keep: bool = False) -> Iterator[None]:
    global _pool, _keep
    _pool, _keep = spawn_pool(1, initializer=_import_gx), keep
    _pool.submit(int)  # starts the process now rather than at the first validation
    try:
        yield
    finally:
        if _pool is not None:  # the refresh ended before its quality check, or kept it
            pool, _pool, _keep = _pool, None, False
            pool.shutdown(cancel_futures=True)


def _validate_file(db_path: str, run_id: str) -> list[SuiteOutcome]:
    with duckdb.connect(db_path) as con:
        return validate_new_rows(con, run_id)


def validate(db_path: Path, run_id: str) -> list[SuiteOutcome]:
    """Validate the rows of new files (the caller holds no connection to the file)."""
    global _pool
    if _pool is None:
        return _validate_file(str(db_path), run_id)
    if _keep:
        try:
            return _pool.submit(_validate_file, str(db_path), run_id).result()
        except BrokenProcessPool:  # the worker died (killed, out of memory): here from now on
            _pool = None
            return _validate_file(str(db_path), run_id)
    pool, _pool = _pool, None
    try:
        return pool.submit(_validate_file, str(db_path), run_id).result()
    finally:
        # Its work is done: it exits (0.6 s with GX loaded) while dbt runs, not at the end.
        pool.shutdown(wait=False)
