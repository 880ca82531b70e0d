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
