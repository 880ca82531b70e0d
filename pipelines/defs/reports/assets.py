"""Reports written at every refresh: the city's consolidated workbook and quality page."""

import datetime as dt
import shutil

import dagster as dg
import duckdb

from pipelines.defs.resources import Warehouse
from pipelines.lib.city_report import write_city_report
from pipelines.lib.quality_page import render_quality_page

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
]


@dg.asset(
    group_name="reports",
    kinds={"excel", "html"},
    deps=[dg.AssetKey(["marts", name]) for name in MARTS_READ]
    + [dg.AssetKey(["quality", "dq_issues"])],
)
def period_reports(warehouse: Warehouse) -> dg.MaterializeResult:
    """For every reporting period: the consolidated Excel report and the offline quality page, next to the warehouse."""
    out = warehouse.reports_path()
    written = []
    with duckdb.connect(str(warehouse.db_path()), read_only=True) as con:
        periods = [
            row[0]
            for row in con.execute(
                "select distinct period_code from marts.mart_submission_status order by 1"
            ).fetchall()
        ]
        for period in periods:
            # Written beside, then swapped in: a reader never opens a half-written report.
            staging = out / f".{period}.tmp"
            shutil.rmtree(staging, ignore_errors=True)
            write_city_report(con, period, staging / f"bao_cao_tong_hop_{period}.xlsx")
            (staging / f"chat_luong_{period}.html").write_text(
                render_quality_page(con, period, dt.datetime.now()), encoding="utf-8"
            )
            for path in staging.iterdir():
                target = out / period / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                path.replace(target)
                written.append(str(target))
            shutil.rmtree(staging, ignore_errors=True)
    return dg.MaterializeResult(metadata={"periods": periods, "files": written})
