"""The reporting calendar under `dagster dev` or the daemon, from the registry's deadlines
(marts.mart_periods): each morning, a reminder of who has not sent, in the days before a
period's deadline, and the period's reports (its partition) built the day after it.
"""

import dagster as dg
import duckdb

from pipelines.build.calendar import due_on, periods_with_deadlines, write_reminder
from pipelines.defs.reports.assets import PERIODS, reports_job
from pipelines.defs.resources import Warehouse

# every day at 7:00, Hanoi time, from the first `dagster dev`
EACH_MORNING = {
    "cron_schedule": "0 7 * * *",
    "execution_timezone": "Asia/Ho_Chi_Minh",
    "default_status": dg.DefaultScheduleStatus.RUNNING,
}


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


def _ran(context: dg.ScheduleEvaluationContext, run_key: str) -> bool:
    """Asked for on an earlier morning (the days after a deadline catch up a missed one)."""
    runs = context.instance.get_runs(dg.RunsFilter(tags={"dagster/run_key": run_key}), limit=1)
    return bool(runs)


def _due(context: dg.ScheduleEvaluationContext, warehouse: Warehouse, kind: str):
    """(the tick's day, what the published registry's deadlines make due that day)."""
    today = context.scheduled_execution_time.date()
    due = due_on(periods_with_deadlines(warehouse.published_path()), today)
    return today, [d for d in due if d.kind == kind]


@dg.schedule(
    job=remind_job,
    **EACH_MORNING,
    description="Mỗi sáng trong 3 ngày trước hạn nộp: danh sách đơn vị chưa gửi báo cáo của kỳ.",
)
def remind_before_deadlines(context: dg.ScheduleEvaluationContext, warehouse: Warehouse):
    today, due = _due(context, warehouse, "remind")
    requests = [
        dg.RunRequest(
            # each morning's list: who has sent since yesterday is off it
            run_key=f"{d.run_key}-{today:%Y%m%d}",
            run_config={"ops": {"submission_reminder": {"config": {"period": d.period}}}},
        )
        for d in due
    ]
    return requests or dg.SkipReason(f"Không có kỳ nào sắp đến hạn nộp ngày {today:%d/%m/%Y}.")


@dg.schedule(
    job=reports_job,
    **EACH_MORNING,
    description="Sáng ngày sau hạn nộp: ghi báo cáo của kỳ từ mọi báo cáo đã gửi đúng hạn.",
)
def reports_after_deadlines(context: dg.ScheduleEvaluationContext, warehouse: Warehouse):
    today, due = _due(context, warehouse, "reports")
    periods = set(PERIODS.get_partition_keys(dynamic_partitions_store=context.instance))
    requests = [
        dg.RunRequest(run_key=d.run_key, partition_key=d.period)
        for d in due
        if d.period in periods and not _ran(context, d.run_key)
    ]
    return requests or dg.SkipReason(f"Không có kỳ nào vừa hết hạn nộp ngày {today:%d/%m/%Y}.")
