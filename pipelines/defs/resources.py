"""Resources shared by every asset: where the raw workbooks are and which warehouse to build."""

from __future__ import annotations

from pathlib import Path

import dagster as dg


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
        path = Path(self.path).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return path


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "warehouse": Warehouse(),
        }
    )
