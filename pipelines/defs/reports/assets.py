"""Reports written at every refresh: the city's consolidated workbook and quality page."""

import os
import shutil

import dagster as dg
import duckdb

from pipelines.defs.resources import Warehouse
from pipelines.lib.report_inputs import report_digest
from pipelines.lib.reports import (
    move_in,
    report_names,
    write_feedback_folder,
    write_period_reports,
)
from pipelines.lib.workers import spawn_pool

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


@dg.asset(
    group_name="reports",
    kinds={"excel", "html", "word"},
    deps=[dg.AssetKey(["marts", name]) for name in MARTS_READ]
    + [dg.AssetKey(["quality", "dq_issues"])],
)
def period_reports(warehouse: Warehouse) -> dg.MaterializeResult:
    """For every reporting period, next to the warehouse: the consolidated Excel report, the offline quality page, the official Word report (sơ kết, tổng kết), and the senders' feedback once `thidua report` has asked for them."""
    out = warehouse.reports_path()
    todo, unchanged = {}, []
    with duckdb.connect(str(warehouse.db_path()), read_only=True) as con:
        periods = [
            row[0]
            for row in con.execute(
                "select distinct period_code from marts.mart_submission_status order by 1"
            ).fetchall()
        ]
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
