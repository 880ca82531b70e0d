"""The reporting calendar under `dagster dev` or the daemon, from the registry's deadlines
(marts.mart_periods): a reminder of who has not sent, in the days before a period's
deadline, and the period's reports built the day after it. Deadlines are data, not a fixed
cron, so an hourly sensor reads them; each reminder and build is asked for once (run_key).
"""

import datetime as dt

import dagster as dg
import duckdb

from pipelines.defs.ingest.assets import refresh_job
from pipelines.defs.resources import Warehouse
from pipelines.lib.calendar import due_on, periods_with_deadlines, write_reminder


def _today() -> dt.date:
    return dt.date.today()


class ReminderConfig(dg.Config):
    period: str


@dg.asset(
    group_name="reports",
    kinds={"excel"},
    deps=[dg.AssetKey(["marts", "mart_submission_status"])],
)
def submission_reminder(
    context: dg.AssetExecutionContext, config: ReminderConfig, warehouse: Warehouse
) -> dg.MaterializeResult:
    """Who has not yet sent the period's reports, in reports/<kỳ>/nhac_nop_<kỳ>.xlsx: the list the board sends out before the deadline."""
    with duckdb.connect(str(warehouse.db_path()), read_only=True) as con:
        missing = write_reminder(con, config.period, warehouse.reports_path() / config.period)
    for code, name, kind, _ in missing:
        context.log.info(f"Chưa gửi {kind.lower()}: {name} ({code})")
    return dg.MaterializeResult(metadata={"period": config.period, "missing": len(missing)})


remind_job = dg.define_asset_job(
    "remind_missing",
    selection=[submission_reminder],
    description="Nhắc các đơn vị chưa gửi báo cáo trước hạn nộp.",
)


@dg.sensor(
    jobs=[refresh_job, remind_job],
    minimum_interval_seconds=3600,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Lịch báo cáo theo hạn nộp trong danh mục: nhắc đơn vị chưa gửi 3 ngày trước hạn, dựng báo cáo của kỳ ngày sau hạn.",
)
def reporting_calendar(context: dg.SensorEvaluationContext, warehouse: Warehouse):
    today = _today()
    requests = []
    for due in due_on(periods_with_deadlines(warehouse.published_path()), today):
        if due.kind == "remind":
            config = {"ops": {"submission_reminder": {"config": {"period": due.period}}}}
            requests.append(
                dg.RunRequest(run_key=due.run_key, job_name="remind_missing", run_config=config)
            )
        else:
            requests.append(
                dg.RunRequest(
                    run_key=due.run_key, job_name="refresh", tags={"thidua/ky": due.period}
                )
            )
    return requests or dg.SkipReason(f"Không có hạn nộp nào cần xử lý ngày {today:%d/%m/%Y}.")
