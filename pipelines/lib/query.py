"""Read-only queries of the warehouse for `thidua query`."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.lib.xlsx_out import safe_text


class QueryRefused(Exception):
    """A statement that would write, attach, install or read outside the warehouse."""


_ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
# The board and stewards read marts and quality; raw holds personal numbers, birth
# dates and the original files. DuckDB resolves views to their tables, so a view
# cannot be used to reach raw.
READABLE_SCHEMAS = {"marts", "quality"}


def run_query(warehouse: Path, sql: str) -> pd.DataFrame:
    if not warehouse.exists():
        raise QueryRefused(f"chưa có kho dữ liệu {warehouse}; hãy chạy `thidua refresh` trước.")
    # read_only refuses writes; no external access refuses files, ATTACH and INSTALL.
    config = {"enable_external_access": False}
    with duckdb.connect(str(warehouse), read_only=True, config=config) as con:
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error as error:
            raise QueryRefused(f"câu lệnh không hợp lệ: {error}") from error
        if len(statements) != 1:
            raise QueryRefused("chỉ chạy một câu lệnh SELECT mỗi lần.")
        if statements[0].type not in _ALLOWED:
            raise QueryRefused(
                f"chỉ cho phép câu lệnh đọc (SELECT); câu lệnh {statements[0].type.name} bị từ chối."
            )
        try:
            tables = con.get_table_names(sql, qualified=True)
        except duckdb.Error as error:
            raise QueryRefused(str(error).splitlines()[0]) from error
        outside = sorted(
            name
            for name in tables
            if (name.split(".")[-2] if "." in name else "main") not in READABLE_SCHEMAS
        )
        if outside:
            raise QueryRefused(
                "chỉ được truy vấn các bảng marts.* và quality.* (ghi rõ lược đồ, ví dụ "
                f"marts.mart_ward_scorecard); không được đọc: {', '.join(outside)}."
            )
        try:
            return con.execute(sql).df()
        except duckdb.Error as error:
            raise QueryRefused(str(error).splitlines()[0]) from error


def write_result(frame: pd.DataFrame, fmt: str, out: Path | None) -> None:
    if fmt == "xlsx":
        target = out or Path("ket_qua_truy_van.xlsx")
        frame.map(safe_text).to_excel(target, index=False, engine="openpyxl")
        print(target)
        return
    if fmt == "csv":
        text = frame.to_csv(index=False)
    elif fmt == "json":
        text = frame.to_json(orient="records", force_ascii=False, date_format="iso", indent=1)
    else:
        text = frame.to_string(index=False, max_rows=200)
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
