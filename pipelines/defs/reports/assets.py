"""A period's reports, partitioned by period: the consolidated workbook, the quality page,
the official Word report. `report_periods`, the refresh's last step, makes each period the
marts know a partition; the CLI then runs the `reports` job over them all, and under the
daemon the `reports_after_refresh` sensor does (defs/automation/sensors.py)."""

import os
import shutil

import dagster as dg
import duckdb
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from pipelines.core.workers import spawn_pool
from pipelines.defs.resources import Warehouse
from pipelines.reports.inputs import report_digest
from pipelines.reports.period import (
    move_in,
    report_names,
    write_feedback_folder,
    write_period_reports,
)

# A period's report takes about 4 s at 3,321 wards and 0.2 s at 114; a spawned worker
# costs about 0.6 s to start, so periods are written side by side only for large cities.
PARALLEL_MIN_WARDS = 500

# Built after every mart it reads (the dbt assets' keys are schema/model).
MARTS_READ = [
    "mart_indicator_results",
    "mart_ward_scorecard",
    "mart_indicator_city_summary",
    "mart_covenant_scores",
    "mart_award_proposals",
    "mart_award_statistics",
    "mart_submission_status",
    "mart_dq_scorecard",
    "mart_period_editions",
    "mart_published_changes",
    "mart_periods",
    "mart_indicator_catalog",
]


# Runs `thidua refresh` and `thidua watch` start carry this tag, with the value "cli".
SOURCE_TAG = "thidua/nguon"
# One partition per reporting period (2026-H1, 2026-FY, SY2025-2026): periods are data.
PERIODS = dg.DynamicPartitionsDefinition(name="period")


def _periods(con: duckdb.DuckDBPyConnection) -> list[str]:
    sql = "select distinct period_code from marts.mart_submission_status order by 1"
    return [row[0] for row in con.execute(sql).fetchall()]


@dg.asset(
    group_name="reports",
    deps=[dg.AssetKey(["marts", "mart_submission_status"]), dg.AssetKey(["marts", "mart_periods"])],
)
def report_periods(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    """The reporting periods the marts hold, each a partition of `period_reports`."""
    with duckdb.connect(str(warehouse.db_path()), read_only=True) as con:
        periods = _periods(con)
    known = set(PERIODS.get_partition_keys(dynamic_partitions_store=context.instance))
    new = [period for period in periods if period not in known]
    if new:
        context.instance.add_dynamic_partitions(PERIODS.name, new)
    return dg.MaterializeResult(metadata={"periods": periods, "new_periods": new})


@dg.asset(
    group_name="reports",
    kinds={"excel", "html", "word"},
    partitions_def=PERIODS,
    # a run over many periods is one run (one process opens the warehouse), not one each
    backfill_policy=dg.BackfillPolicy.single_run(),
    deps=[dg.AssetKey(["marts", name]) for name in MARTS_READ]
    + [dg.AssetKey(["quality", "dq_issues"]), report_periods],
)
def period_reports(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    """For each period asked for, next to the warehouse: the consolidated Excel report, the offline quality page, the official Word report (sơ kết, tổng kết), and the senders' feedback once `thidua report` has asked for them."""
    out = warehouse.reports_path()
    todo, unchanged = {}, []
    with duckdb.connect(str(warehouse.db_path()), read_only=True) as con:
        held = set(_periods(con))
        periods = [period for period in context.partition_keys if period in held]
        wards = con.execute(
            "select count(distinct ward_code) from marts.mart_ward_scorecard"
        ).fetchone()[0]
        for period in periods:
            digest = report_digest(con, period)
            stamp = out / period / ".inputs"
            present = all((out / period / name).exists() for name in report_names(period))
            if present and stamp.exists() and stamp.read_text() == digest:
                unchanged.append(period)  # nothing it shows has changed since it was written
            else:
                todo[period] = digest
    # Written beside, then swapped in: a reader never opens a half-written report.
    staged = {period: out / f".{period}.tmp" for period in todo}
    for folder in staged.values():
        shutil.rmtree(folder, ignore_errors=True)  # left by a refresh that was killed
    jobs = [(warehouse.db_path(), period, folder) for period, folder in staged.items()]
    if len(jobs) > 1 and wards >= PARALLEL_MIN_WARDS:
        with spawn_pool(min(len(jobs), os.cpu_count() or 1)) as pool:
            list(pool.map(write_period_reports, *zip(*jobs, strict=True)))
    else:
        for job in jobs:
            write_period_reports(*job)
    written = []
    for period, folder in staged.items():
        # feedback workbooks `thidua report` wrote are written again from the new figures:
        # the one reports folder never keeps a stale one
        if (out / period / "phan_hoi").is_dir():
            write_feedback_folder(warehouse.db_path(), period, folder / "phan_hoi")
        written += [str(out / period / path.name) for path in folder.iterdir()]
        move_in(folder, out / period)
        # replaced, not written in place: the file may be a hard link to a published build's
        stamp = out / period / ".inputs.tmp"
        stamp.write_text(todo[period])
        stamp.replace(out / period / ".inputs")
    return dg.MaterializeResult(
        metadata={"periods": periods, "files": written, "unchanged_periods": unchanged}
    )


reports_job = dg.define_asset_job(
    "reports",
    selection=[period_reports],
    partitions_def=PERIODS,
    description="Ghi các báo cáo của kỳ: bảng tổng hợp, trang chất lượng, báo cáo sơ kết/tổng kết.",
)


def all_periods_tags(instance) -> dict[str, str] | None:
    """The tags of one run over every period partition; None while there is none."""
    periods = PERIODS.get_partition_keys(dynamic_partitions_store=instance)
    if not periods:
        return None
    return {
        ASSET_PARTITION_RANGE_START_TAG: periods[0],
        ASSET_PARTITION_RANGE_END_TAG: periods[-1],
    }
