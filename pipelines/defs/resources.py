"""Resources shared by every asset: where the raw workbooks are and which warehouse to build."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dagster as dg
from pydantic import PrivateAttr

from pipelines.build.state import current_state, record_state
from pipelines.store.publish import building_copy, reports_building_path
from pipelines.store.warehouse import refresh_lock


class RunFailed(Exception):
    """A step of the run failed: its build copy is discarded, not published."""


class Warehouse(dg.ConfigurableResource):
    """The raw folder and the DuckDB file.

    A run builds into a copy of the warehouse under the refresh lock, and publishes the copy
    with its reports in one rename only if every step succeeded (publish.py): a run launched
    from the Dagster UI is as safe as `thidua refresh`. The CLI makes its own copy (it also
    records the build's state and explains a full disk) and sets `build_copy` off.
    """

    raw_dir: str = "raw"
    path: str = "warehouse/thidua.duckdb"
    # Reports go beside the published warehouse (not the build copy): warehouse/reports/.
    reports_dir: str = ""
    build_copy: bool = True
    _build: Path | None = PrivateAttr(default=None)
    _stack: contextlib.ExitStack | None = PrivateAttr(default=None)
    _state: tuple[str, str] | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        if not self.build_copy or context.dagster_run is None:  # a sensor's tick only looks
            return
        published = self.published_path()
        stack = contextlib.ExitStack()
        try:
            stack.enter_context(refresh_lock(published))
            # what the build is made from, recorded in it: a refresh or the raw-folder
            # sensor that finds it unchanged has nothing to do (state.is_unchanged)
            # (only the whole refresh job: a reminder's run reads no new file)
            if context.dagster_run.job_name == "refresh":
                self._state = current_state(self.raw_path(), published)
            self._build = stack.enter_context(building_copy(published))
        except BaseException:
            stack.close()
            raise
        self._stack = stack

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._stack is None:
            return
        stack, build, self._stack, self._build = self._stack, self._build, None, None
        state, self._state = self._state, None
        failures = context.instance.get_records_for_run(
            context.run_id, of_type=dg.DagsterEventType.STEP_FAILURE
        ).records
        if failures:  # building_copy discards the copy on the way out of an error
            stack.__exit__(RunFailed, RunFailed(), None)
            return
        try:
            if state is not None:
                record_state(build, state)
        except BaseException as error:
            stack.__exit__(type(error), error, error.__traceback__)
            raise
        stack.close()  # publishes, then releases the lock

    def raw_path(self) -> Path:
        return Path(self.raw_dir).resolve()

    def published_path(self) -> Path:
        """The warehouse as users open it: once published, a symbolic link that is not
        followed here (the lock, the build copy and the reports sit beside the link)."""
        return Path(os.path.abspath(self.path))

    def reports_path(self) -> Path:
        if self._build is not None:
            folder = reports_building_path(self.published_path())
        else:
            folder = (
                Path(self.reports_dir) if self.reports_dir else Path(self.path).parent / "reports"
            )
        folder = folder.resolve()
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def dbt_target_path(self) -> Path:
        """dbt's artifacts for this warehouse file: warehouse/.dbt/<file name>/.

        The file's path is in dbt's profile, and dbt re-parses the whole project (3 s)
        when the profile differs from the one its partial-parse state was saved with:
        one state per warehouse file, not one shared by every warehouse, keeps partial
        parsing working when `thidua refresh` and `dagster dev` build different files,
        and two refreshes of different warehouses never write the same artifacts.
        """
        path = self.db_path()
        return path.parent / ".dbt" / path.name

    def db_path(self) -> Path:
        """The copy this run builds into, or the file the CLI's own copy is."""
        path = self._build or Path(self.path).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return path


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "warehouse": Warehouse(),
        },
        # one process per run: DuckDB has one writer, and the warehouse resource's lock and
        # build copy are set up once per run
        executor=dg.in_process_executor,
    )
