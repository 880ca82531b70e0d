"""The reporting calendar (issue 21): from the registry's deadlines, a reminder of who has
not sent in the days before, and the period's reports built the day after."""

import datetime as dt
import shutil

import dagster as dg
from openpyxl import load_workbook

from pipelines.build.calendar import due_on, reminder_name

DEADLINE = dt.date(2026, 7, 10)


def test_the_calendar_reminds_before_the_deadline_and_builds_the_day_after():
    periods = [("2026-H1", DEADLINE), ("2026-FY", dt.date(2026, 12, 15)), ("2027-H1", None)]

    def due(day):
        return [(d.period, d.kind) for d in due_on(periods, day)]

    assert due(dt.date(2026, 7, 6)) == []
    assert due(dt.date(2026, 7, 7)) == [("2026-H1", "remind")]
    assert due(dt.date(2026, 7, 9)) == [("2026-H1", "remind")]
    assert due(DEADLINE) == [], "the deadline's own day still belongs to the senders"
    assert due(dt.date(2026, 7, 11)) == [("2026-H1", "reports")]
    assert due(dt.date(2026, 7, 18)) == []
    keys = {d.run_key for d in due_on(periods, dt.date(2026, 7, 8))}
    assert keys == {"remind-2026-H1-20260710"}, "asked once per period and deadline"


def test_the_reminder_lists_who_has_not_sent(city, refreshed, tmp_path):
    from pipelines.definitions import defs

    warehouse = tmp_path / "thidua.duckdb"
    shutil.copy(refreshed, warehouse)
    result = (
        defs()
        .resolve_job_def("remind_missing")
        .execute_in_process(
            run_config={
                "ops": {"submission_reminder": {"config": {"period": "2026-H1"}}},
                "resources": {
                    "warehouse": {"config": {"raw_dir": str(city), "path": str(warehouse)}}
                },
            },
            instance=dg.DagsterInstance.ephemeral(),
        )
    )
    assert result.success
    sheet = load_workbook(tmp_path / "reports" / "2026-H1" / reminder_name("2026-H1")).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row[0] and str(row[0]).isdigit()]
    assert [row[0] for row in rows] == ["00160"], "D02: the last ward never sent its report"
    assert any("Còn 1 báo cáo chưa gửi" in str(row[0]) for row in sheet.iter_rows(values_only=True))


def test_the_calendar_schedules_ask_for_what_the_registry_deadlines_make_due(refreshed):
    with dg.instance_for_test() as instance:
        _ask_the_schedules(instance, refreshed)


def _ask_the_schedules(instance, refreshed):
    from pipelines.definitions import defs
    from pipelines.defs.automation.calendar import remind_before_deadlines, reports_after_deadlines
    from pipelines.defs.resources import Warehouse

    repository = defs().get_repository_def()
    instance.add_dynamic_partitions("period", ["2026-H1"])  # as the refresh's report_periods

    def tick(schedule, day):
        with dg.build_schedule_context(
            instance=instance,
            repository_def=repository,
            scheduled_execution_time=dt.datetime(day.year, day.month, day.day, 7),
            resources={"warehouse": Warehouse(path=str(refreshed))},
        ) as context:
            return schedule.evaluate_tick(context)

    quiet = tick(remind_before_deadlines, dt.date(2026, 9, 1))
    assert not quiet.run_requests and "01/09/2026" in quiet.skip_message
    # the sample's 2026-H1 deadline is 10/07/2026: a list each morning of the three before
    [remind] = tick(remind_before_deadlines, dt.date(2026, 7, 8)).run_requests
    assert remind.run_key == "remind-2026-H1-20260710-20260708"
    assert remind.run_config["ops"]["submission_reminder"]["config"] == {"period": "2026-H1"}
    assert not tick(reports_after_deadlines, dt.date(2026, 7, 10)).run_requests
    [build] = tick(reports_after_deadlines, dt.date(2026, 7, 11)).run_requests
    assert build.partition_key == "2026-H1" and build.run_key == "reports-2026-H1-20260710"
    # asked for once: a later morning in the window only catches up a missed one
    instance.add_run(dg.DagsterRun(job_name="reports", tags={"dagster/run_key": build.run_key}))
    assert not tick(reports_after_deadlines, dt.date(2026, 7, 12)).run_requests
