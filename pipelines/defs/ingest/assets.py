"""Ingestion: every workbook below the raw folder into the warehouse's raw tables."""

import dagster as dg
import duckdb

from pipelines.defs.resources import Warehouse
from pipelines.reading.specs import KINDS
from pipelines.store.ingest import ingest_folder

RAW_TABLES = [
    "files",
    "file_sightings",
    "block_criterion_scores",
    "sheet_columns",
    "file_contents",
    *(spec.table for specs in KINDS.values() for spec in specs),
]
QUALITY_TABLES = {
    "parse_issues": "Lỗi phát hiện khi đọc tệp: tệp hỏng, thiếu trang, ô không đọc được, chuẩn hoá.",
    "gx_issues": "Dòng không đạt bộ kiểm tra Great Expectations (ghi bởi kiểm tra great_expectations_suites).",
}


def ingest_specs() -> list[dg.AssetSpec]:
    """One asset per raw table (a function: the defs loader would collect a module-level list)."""
    return [
        dg.AssetSpec(
            ["raw", table],
            group_name="ingest",
            kinds={"duckdb", "excel"},
            description=f"Bảng raw.{table}: dữ liệu đọc nguyên trạng từ tệp Excel, kèm tệp, trang, dòng.",
        )
        for table in RAW_TABLES
    ] + [
        dg.AssetSpec(["quality", table], group_name="ingest", kinds={"duckdb"}, description=text)
        for table, text in QUALITY_TABLES.items()
    ]


@dg.multi_asset(specs=ingest_specs(), name="ingest_workbooks")
def ingest_workbooks(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """Registry, ward and block workbooks read from the raw folder (new files only), every row traced to its file, sheet and Excel row."""
    with duckdb.connect(str(warehouse.db_path())) as con:
        stats = ingest_folder(warehouse.raw_path(), con, context.run_id[:12])
        counts = {
            spec.key: con.execute(f"select count(*) from {'.'.join(spec.key.path)}").fetchone()[0]
            for spec in ingest_specs()
        }
    context.log.info(
        f"{stats.files_found} tệp, {stats.files_new} tệp mới, {stats.rows_read} dòng mới"
        + (
            f"; đọc lại {stats.files_reread} tệp đã lưu vì cách đọc tệp đã thay đổi"
            if stats.files_reread
            else ""
        )
    )
    for key, rows in counts.items():
        metadata = {"dagster/row_count": rows}
        if key.path == ["raw", "files"]:
            metadata |= {
                "files_found": stats.files_found,
                "files_new": stats.files_new,
                "files_reread": stats.files_reread,
                "files_rejected": stats.files_rejected,
                "rows_read": stats.rows_read,
            }
        yield dg.MaterializeResult(asset_key=key, metadata=metadata)


refresh_job = dg.define_asset_job(
    "refresh",
    # the reminder is the calendar's (defs/automation/calendar.py), for one period at a time;
    # the reports are partitioned by period: the `reports` job, run after this one
    selection=dg.AssetSelection.all()
    - dg.AssetSelection.assets("submission_reminder", "period_reports"),
    description="Đọc tệp mới, kiểm tra chất lượng, dựng các bảng báo cáo.",
)
