"""The reporting calendar (issue 21): from the registry's deadlines, a reminder of who has
not sent in the days before, and the period's reports built the day after."""

import datetime as dt
import shutil

import dagster as dg
from openpyxl import load_workbook

from pipelines.lib.calendar import due_on, reminder_name

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


def test_the_calendar_sensor_asks_for_what_the_registry_deadlines_make_due(refreshed, monkeypatch):
    from pipelines.defs.automation import calendar
    from pipelines.defs.resources import Warehouse

    def tick(day):
        monkeypatch.setattr(calendar, "_today", lambda: day)
        with dg.build_sensor_context(
            resources={"warehouse": Warehouse(path=str(refreshed))}
        ) as context:
            return calendar.reporting_calendar(context)

    quiet = tick(dt.date(2026, 9, 1))
    assert isinstance(quiet, dg.SkipReason) and "01/09/2026" in quiet.skip_message
    [remind] = tick(dt.date(2026, 7, 8))  # the sample's 2026-H1 deadline is 10/07/2026
    assert remind.job_name == "remind_missing" and remind.run_key == "remind-2026-H1-20260710"
    assert remind.run_config["ops"]["submission_reminder"]["config"] == {"period": "2026-H1"}
    [build] = tick(dt.date(2026, 7, 11))
    assert build.job_name == "refresh" and build.tags["thidua/ky"] == "2026-H1"
