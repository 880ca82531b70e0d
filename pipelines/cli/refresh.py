"""One build of the warehouse from the raw folder: the Dagster `refresh` job, in this process.

`thidua refresh` makes one Refresher and builds once. `thidua watch` keeps one between
builds (`keep_loaded=True`): Dagster's definitions, dbt's parsed project and the Great
Expectations worker stay loaded, so a ward's re-sent workbook costs only the build itself.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path


class BuildFailed(Exception):
    """The job ran and failed; the published warehouse is unchanged."""

    def __init__(self, reason: str, log_path: Path):
        super().__init__(reason)
        self.log_path = log_path


class BuildInterrupted(BuildFailed):
    """Ctrl+C or a stop signal arrived during the run: nothing is published."""


@dataclass
class Build:
    seconds: float
    steps: dict[str, float]  # step name → seconds, from the run's event log
    log_path: Path


def quiet_environment() -> None:
    # There is no network: no telemetry from dbt or Dagster.
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")


class Refresher:
    def __init__(self, raw: Path, warehouse: Path, *, keep_loaded: bool = False):
        self.raw = raw
        self.warehouse = warehouse
        self.keep_loaded = keep_loaded
        self._job = None
        self._resources = contextlib.ExitStack()

    def load(self) -> float:
        """Load the Dagster definitions (once); the seconds it took."""
        if self._job is not None:
            return 0.0
        started = time.perf_counter()
        quiet_environment()
        from pipelines.quality import gx_worker

        # GX is imported on the other core while this one loads Dagster.
        self._resources.enter_context(gx_worker.warmed(keep=self.keep_loaded))
        from pipelines.definitions import defs

        definitions = defs()
        self._job = definitions.resolve_job_def("refresh")
        self._reports_job = definitions.resolve_job_def("reports")
        # Opening the instance imports Dagster's storage (sqlalchemy, alembic): 0.8 s, paid
        # here while GX loads on the other core rather than in the first build.
        self._instance = self._resources.enter_context(warehouse_instance(self.warehouse))
        if self.keep_loaded:
            self._keep_dbt_parsed()
        return time.perf_counter() - started

    def _keep_dbt_parsed(self) -> None:
        """Parse the dbt project now, for the warehouse copy every build writes to."""
        from pipelines.defs.resources import Warehouse
        from pipelines.defs.transform import in_process
        from pipelines.defs.transform.project import DBT_PROJECT
        from pipelines.store.publish import building_path

        building = Warehouse(raw_dir=str(self.raw), path=str(building_path(self.warehouse)))
        os.environ["THIDUA_WAREHOUSE"] = str(building.db_path())  # read by dbt's profile
        in_process.keep_parsed_projects(DBT_PROJECT, building.dbt_target_path())

    def build(self, state: tuple[str, str]) -> Build:
        """Run the job into a copy of the warehouse and publish it; the caller holds the
        refresh lock. Raises BuildFailed with the failing steps' own messages."""
        from pipelines.store.publish import DiskFull

        self.load()
        started = time.perf_counter()
        log_path = refresh_log(self.warehouse)
        try:
            steps = self._run(self._instance, log_path, state)
        except DiskFull as error:
            raise BuildFailed(str(error), log_path) from error
        finally:
            forget_old_runs(self._instance)
        return Build(time.perf_counter() - started, steps, log_path)

    def _run(self, instance, log_path: Path, state: tuple[str, str]) -> dict[str, float]:
        """The job into a build copy, published with its reports if it succeeds."""
        from pipelines.build.state import record_state
        from pipelines.defs.reports.assets import all_periods_tags
        from pipelines.store.publish import building_copy, no_space_message

        with (
            building_copy(self.warehouse) as build_path,
            log_path.open("w", encoding="utf-8", buffering=1) as log,
            # dagster-dbt echoes every dbt event to stdout, and a failed step's English
            # traceback goes to stderr: they belong in the log for analysts, not on the
            # screen of the person refreshing, who reads the Vietnamese summary
            contextlib.redirect_stdout(log),
            contextlib.redirect_stderr(log),
            _stop_signals_seen() as stopped,
        ):
            config = self._run_config(build_path)
            results = [self._execute(self._job, config, instance)]
            # then the reports, partitioned by period: one run over every period
            tags = all_periods_tags(instance)
            if results[0].success and tags is not None and not stopped():
                results.append(self._execute(self._reports_job, config, instance, tags))
            steps = {
                step: seconds
                for result in results
                for step, seconds in step_seconds(instance, result.run_id).items()
            }
            if stopped():  # whatever became of the signal in the run, nothing is published
                raise BuildInterrupted("đã dừng theo yêu cầu (Ctrl+C hoặc tín hiệu dừng)", log_path)
            if not all(result.success for result in results):
                failures = [
                    failure_reason(event)
                    for result in results
                    for event in result.all_events
                    if event.is_step_failure
                ]
                reason = "; ".join(failures) or "chạy không thành công"
                if any(sign in reason for sign in _NO_SPACE_SIGNS):
                    reason = no_space_message(build_path)
                raise BuildFailed(reason, log_path)
            record_state(build_path, state)
        return steps

    def _run_config(self, build_path: Path) -> dict:
        from pipelines.store.publish import reports_building_path

        warehouse = {
            "raw_dir": str(self.raw),
            "path": str(build_path),
            "reports_dir": str(reports_building_path(self.warehouse)),
            "build_copy": False,  # this build copy is the CLI's own
        }
        return {
            "resources": {"warehouse": {"config": warehouse}},
            "loggers": {"console": {"config": {"log_level": "WARNING"}}},
        }

    @staticmethod
    def _execute(job, config: dict, instance, tags: dict | None = None):
        from pipelines.defs.reports.assets import SOURCE_TAG

        tags = {**(tags or {}), SOURCE_TAG: "cli"}  # the daemon's sensors leave these alone
        return job.execute_in_process(
            run_config=config, instance=instance, tags=tags, raise_on_error=False
        )

    def close(self) -> None:
        self._resources.close()


# Runs a warehouse's Dagster instance keeps (a watcher in a reporting season builds dozens a
# day; each run's events take about 1,5 MB).
RUNS_KEPT = 50
INSTANCE_CONFIG = """# The Dagster instance of this warehouse: every `thidua refresh` and `thidua watch` build
# is a run here, and `make dev` (DAGSTER_HOME=warehouse/.dagster) shows them.
telemetry:
  enabled: false
"""


def instance_home(warehouse: Path) -> Path:
    """<dir>/.dagster beside the warehouse: one persistent instance per warehouse."""
    return warehouse.parent / ".dagster"


@contextlib.contextmanager
def warehouse_instance(warehouse: Path):
    """The warehouse's Dagster instance (made on first use), open for the builds."""
    import dagster as dg

    home = instance_home(warehouse)
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(INSTANCE_CONFIG, encoding="utf-8")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        yield instance


def forget_old_runs(instance, keep: int = RUNS_KEPT) -> None:
    """Only the newest runs are kept: the instance does not grow without end."""
    extra = instance.get_runs_count() - keep
    if extra > 0:
        for record in instance.get_run_records(limit=extra, ascending=True):
            instance.delete_run(record.dagster_run.run_id)


# How DuckDB, openpyxl and Python say a write found the disk full.
_NO_SPACE_SIGNS = ("No space left on device", "File too large", "Disk quota exceeded")


def refresh_log(warehouse: Path, keep: int = 20) -> Path:
    """A new log file beside the warehouse (logs/refresh_<time>.log); the oldest are removed."""
    folder = warehouse.parent / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    for old in sorted(folder.glob("refresh_*.log"))[: -keep + 1 or None]:
        old.unlink(missing_ok=True)
    return folder / f"refresh_{time.strftime('%Y%m%d_%H%M%S')}_{os.getpid()}.log"


def failure_reason(event) -> str:
    """The step's own exception message (DbtBuildFailed, ...) rather than Dagster's wrapper."""
    error = event.step_failure_data.error if event.step_failure_data else None
    while error is not None and error.cause is not None:
        error = error.cause
    reason = error.message.strip().split(": ", 1)[-1] if error is not None else ""
    return f"{event.step_key}: {reason or event.message}"


@contextlib.contextmanager
def _stop_signals_seen() -> Iterator[Callable[[], bool]]:
    """A function telling whether Ctrl+C or a stop signal arrived inside, whoever handled it.

    During a run Dagster turns the signal into an exception in whatever code runs at that
    moment. When that is dbt's scheduling loop, dbt reports it as one node's error and the
    run merely fails, or even completes. Python writes every signal it handles to the
    wakeup fd, whatever the handler: that record cannot be swallowed."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    read, write = os.pipe()
    os.set_blocking(read, False)
    os.set_blocking(write, False)
    previous = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    seen: set[int] = set()

    def stopped() -> bool:
        with contextlib.suppress(BlockingIOError):
            while chunk := os.read(read, 64):
                seen.update(chunk)
        return bool(seen & {signal.SIGINT, signal.SIGTERM})

    try:
        yield stopped
    finally:
        signal.set_wakeup_fd(previous)
        os.close(read)
        os.close(write)


def step_seconds(instance, run_id: str) -> dict[str, float]:
    """Wall time of each step of a run, from its event log: where a refresh spends its time."""
    started: dict[str, float] = {}
    seconds: dict[str, float] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or not entry.step_key:
            continue
        if event.event_type_value == "STEP_START":
            started[entry.step_key] = entry.timestamp
        elif (
            event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and entry.step_key in started
        ):
            seconds[entry.step_key] = entry.timestamp - started[entry.step_key]
    return seconds


def print_summary(warehouse: Path, seconds: float) -> None:
    import duckdb

    from pipelines.core.values import vn_number
    from pipelines.portal.labels import DIMENSION, SEVERITY

    with duckdb.connect(str(warehouse), read_only=True) as con:
        files = con.execute(
            """select count(*), count(*) filter (where is_rejected),
                      count(*) filter (where is_current)
               from quality.dq_reconciliation"""
        ).fetchone()
        rows = con.execute(
            "select sum(rows_read), sum(rows_loaded), sum(rows_quarantined) "
            "from quality.dq_reconciliation"
        ).fetchone()
        issues = con.execute(
            """select dimension, severity, count(*) from quality.dq_issues
               group by all order by dimension, severity"""
        ).fetchall()
        marts = con.execute(
            """select table_name, estimated_size from duckdb_tables()
               where schema_name = 'marts' order by table_name"""
        ).fetchall()
        blocking = con.execute(
            "select message from quality.dq_issues where rule_code = 'DU_REGISTRY_MISSING'"
        ).fetchall()
    for (message,) in blocking:  # the one thing that leaves every mart empty
        print(f"LỖI: {message}", file=sys.stderr, flush=True)
    print(f"\nHoàn tất sau {vn_number(round(seconds, 1))} giây.")
    print(
        f"Tệp đã nhận: {vn_number(files[0])} tệp khác nhau (tệp gửi trùng y hệt tính một lần), "
        f"trong đó {vn_number(files[2])} là bản mới nhất đang dùng của đơn vị gửi và "
        f"{vn_number(files[1])} bị từ chối."
    )
    print(
        f"Dòng số liệu: đọc {vn_number(rows[0] or 0)}, nạp {vn_number(rows[1] or 0)}, "
        f"cách ly {vn_number(rows[2] or 0)}."
    )
    print("Vấn đề chất lượng (tiêu chí / mức độ / số lượng):")
    for dimension, severity, count in issues:
        print(
            f"  {DIMENSION.get(dimension, dimension):5} {SEVERITY.get(severity, severity):9} "
            f"{vn_number(count)}"
        )
    print("Bảng báo cáo (marts):")
    for name, size in marts:
        print(f"  marts.{name}: {vn_number(size)} dòng")
    print(f"Báo cáo tổng hợp và chất lượng từng kỳ: {warehouse.parent / 'reports'}")


def print_failure(error: BuildFailed, prefix: str = "", published: Path | None = None) -> None:
    """What a failed build says, on stderr: the published warehouse, if any, is unchanged."""
    kept = (
        "chưa có kho dữ liệu nào được tạo"
        if published is not None and not published.exists()
        else "kho cũ được giữ nguyên"
    )
    print(
        f"{prefix}LỖI: lần làm mới không hoàn tất, {kept}. {error}\n"
        f"Nhật ký chi tiết: {error.log_path}",
        file=sys.stderr,
        flush=True,
    )


# The job's steps as the person refreshing knows them.
STEP_LABELS = {
    "ingest_workbooks": "đọc tệp",
    "great_expectations_suites": "kiểm tra Great Expectations",
    "thidua_dbt_models": "dựng bảng (dbt)",
    "report_periods": "kỳ báo cáo",
    "period_reports": "ghi báo cáo",
}


def print_steps(loaded: float, build: Build) -> None:
    from pipelines.core.values import vn_number

    steps = [("nạp đồ thị", loaded)]
    steps += [(STEP_LABELS.get(step, step), seconds) for step, seconds in build.steps.items()]
    print(
        "Thời gian từng bước (giây): "
        + "; ".join(f"{label} {vn_number(round(seconds, 1))}" for label, seconds in steps)
    )
    print(f"Nhật ký chi tiết (dbt): {build.log_path}")
