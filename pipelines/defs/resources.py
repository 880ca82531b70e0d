"""Resources shared by every asset: where the raw workbooks are and which warehouse to build."""

from __future__ import annotations

from functools import cached_property
from importlib.metadata import version
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging.version import Version

from pipelines.defs.transform.project import DBT_EXECUTABLE, DBT_PROJECT


class Warehouse(dg.ConfigurableResource):
    """The raw folder and the DuckDB file; `thidua refresh` points them at a build copy."""

    raw_dir: str = "raw"
    path: str = "warehouse/thidua.duckdb"
    # Reports go beside the published warehouse (not the build copy): warehouse/reports/.
    reports_dir: str = ""

    def raw_path(self) -> Path:
        return Path(self.raw_dir).resolve()

    def reports_path(self) -> Path:
        folder = Path(self.reports_dir) if self.reports_dir else Path(self.path).parent / "reports"
        folder = folder.resolve()
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def db_path(self) -> Path:
        path = Path(self.path).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return path


class ThiduaDbtCli(DbtCliResource):
    """dagster-dbt's resource without two start-up costs thidua never uses (4 s a refresh).

    Before each `dbt build` it asks the dbt executable its version (a second dbt process,
    1.8 s) and opens a dbt adapter in this process (2.3 s), which serves only the optional
    row-count and column metadata. dbt-core is pinned in requirements.lock and installed
    beside us, so its version is read from the package; with no adapter, dagster-dbt runs
    as it does for dbt Fusion. Pinned dagster-dbt 0.29: tests/test_pipeline.py runs it.
    """

    @cached_property
    def _cli_version(self) -> Version:
        return Version(version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "warehouse": Warehouse(),
            "dbt": ThiduaDbtCli(project_dir=DBT_PROJECT, dbt_executable=DBT_EXECUTABLE),
        }
    )
