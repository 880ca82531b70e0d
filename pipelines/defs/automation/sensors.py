"""Sensors under `dagster dev` or the daemon.

`raw_folder`: a refresh run once the raw folder has settled after a change, as `thidua
watch` does on one analyst's machine (cli/watch.py). Both make the same two looks
(state.folder_snapshot) and the same test of the published build (state.is_unchanged);
the run's warehouse resource takes the refresh lock and publishes its build whole.
`reports_after_refresh`: after each refresh run, the reports of every period.
"""

import dagster as dg

from pipelines.build.state import current_state, folder_snapshot, is_unchanged, snapshot_digest
from pipelines.defs.reports.assets import SOURCE_TAG, all_periods_tags, reports_job
from pipelines.defs.resources import Warehouse


@dg.sensor(
    job_name="refresh",
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Làm mới kho khi thư mục dữ liệu có tệp mới hay thay đổi (sau khi tệp đã chép xong).",
)
def raw_folder(context: dg.SensorEvaluationContext, warehouse: Warehouse):
    raw, published = warehouse.raw_path(), warehouse.published_path()
    look = snapshot_digest(folder_snapshot(raw))
    if context.cursor != look:  # changed since the last tick: a file may still be copying
        context.update_cursor(look)
        return dg.SkipReason("Thư mục dữ liệu vừa thay đổi; chờ lần xem sau để tệp chép xong.")
    state = current_state(raw, published)
    if is_unchanged(published, state):
        return dg.SkipReason("Kho dữ liệu đã khớp với thư mục; chờ tệp mới.")
    # one run per state of the folder and the code: a failed build is not retried in a loop
    return dg.RunRequest(run_key="|".join(state))


@dg.asset_sensor(
    asset_key=dg.AssetKey("report_periods"),
    job=reports_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Ghi báo cáo của mọi kỳ sau mỗi lần làm mới kho (một lần chạy cho mọi kỳ).",
)
def reports_after_refresh(context: dg.SensorEvaluationContext, asset_event: dg.EventLogEntry):
    """A refresh ended (its last step made the period partitions): its reports, every period
    in one run. A build of `thidua refresh` or `thidua watch` has written its own."""
    run = context.instance.get_run_by_id(asset_event.run_id)
    if run is not None and run.tags.get(SOURCE_TAG) == "cli":
        return dg.SkipReason("Lần làm mới từ dòng lệnh đã tự ghi báo cáo.")
    tags = all_periods_tags(context.instance)
    if tags is None:
        return dg.SkipReason("Kho dữ liệu chưa có kỳ báo cáo nào.")
    return dg.RunRequest(run_key=asset_event.run_id, tags=tags)
