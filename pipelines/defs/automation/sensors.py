"""The raw folder watched under `dagster dev` or the daemon: a refresh run once the folder
has settled after a change, as `thidua watch` does on one analyst's machine (pipelines/
watch.py). Both make the same two looks (build_state.folder_snapshot) and the same test
of the published build (build_state.is_unchanged); the run's warehouse resource takes the
refresh lock and publishes its build whole, as the CLI does.
"""

import dagster as dg

from pipelines.defs.resources import Warehouse
from pipelines.lib.build_state import current_state, folder_snapshot, is_unchanged, snapshot_digest


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
