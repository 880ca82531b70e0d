"""Read-only queries of the warehouse for `thidua query`.

A statement runs only once query_guard.py has proved it safe from DuckDB's own parse;
it then runs on a read-only connection without external access, with a memory limit,
and is interrupted after a time limit (30 s unless --timeout says otherwise).
"""

from __future__ import annotations

import re
import sys
import threading
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.core.values import vn_number
from pipelines.core.xlsx_out import safe_text
from pipelines.store.query_guard import READABLE_SCHEMAS, Refused, check

DEFAULT_TIMEOUT_SECONDS = 30
# What a terminal shows (--max-rows), and what a file can hold (Excel's sheet is 1,048,576).
DEFAULT_TABLE_ROWS = 200
MAX_FILE_ROWS = 1_000_000


class QueryRefused(Exception):
    """A statement that would write, attach, install, read outside marts and quality, or
    that failed; the message is Vietnamese."""


def run_query(
    warehouse: Path,
    sql: str,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    max_rows: int = MAX_FILE_ROWS,
) -> pd.DataFrame:
    if not warehouse.exists():
        raise QueryRefused(f"chưa có kho dữ liệu {warehouse}; hãy chạy `thidua refresh` trước.")
    # read_only refuses writes; no external access refuses files, ATTACH and INSTALL.
    config = {
        "enable_external_access": False,
        "memory_limit": "1GB",
        "threads": 2,
        "lock_configuration": True,
    }
    with duckdb.connect(str(warehouse), read_only=True, config=config) as con:
        database = con.execute("select current_database()").fetchone()[0]
        try:
            check(sql, database)
        except Refused as error:
            raise QueryRefused(str(error)) from error
        timer = threading.Timer(timeout, con.interrupt)
        timer.start()
        try:
            result = con.execute(sql)
            names = [column[0] for column in result.description]
            rows = result.fetchmany(max_rows + 1)
        except duckdb.InterruptException as error:
            raise QueryRefused(
                f"câu lệnh chạy quá {vn_number(timeout)} giây nên đã bị dừng; hãy thu hẹp điều "
                "kiện lọc, hoặc đặt --timeout lớn hơn."
            ) from error
        except duckdb.Error as error:
            raise QueryRefused(explain(con, error)) from error
        finally:
            timer.cancel()
    frame = pd.DataFrame(rows[:max_rows], columns=names)
    frame.attrs["truncated"] = len(rows) > max_rows
    return frame


def explain(con: duckdb.DuckDBPyConnection, error: duckdb.Error) -> str:
    """DuckDB's English error, said in Vietnamese, with the tables one may query."""
    text = str(error).splitlines()[0]
    if match := re.search(r"Table with name (\S+) does not exist", text):
        return (
            f"không có bảng {match.group(1)}. Các bảng có thể truy vấn: {', '.join(tables(con))}."
        )
    if match := re.search(r'Referenced column "?([^"\s]+)"? not found', text):
        return f"không có cột “{match.group(1)}” trong các bảng đã chọn."
    if match := re.search(r"syntax error at or near (.+)$", text):
        return f"lỗi cú pháp gần {match.group(1)}."
    if "Out of Memory" in text:
        return "câu lệnh cần quá 1 GB bộ nhớ; hãy thu hẹp điều kiện lọc hoặc gộp bớt."
    return f"câu lệnh không chạy được ({text})."


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        f"{schema}.{name}"
        for schema, name in con.execute(
            "select schema_name, table_name from duckdb_tables() order by all"
        ).fetchall()
        if schema in READABLE_SCHEMAS
    ]


def write_result(frame: pd.DataFrame, fmt: str, out: Path | None) -> None:
    if fmt == "xlsx":
        target = out or Path("ket_qua_truy_van.xlsx")
        frame.map(safe_text).to_excel(target, index=False, engine="openpyxl")
        print(target)
        return
    if fmt == "csv":
        # a cell Excel would run as a formula is shown as text (=cmd|' /C Calc'!A0)
        text = frame.map(safe_text).to_csv(index=False)
    elif fmt == "json":
        text = frame.to_json(orient="records", force_ascii=False, date_format="iso", indent=1)
    else:
        text = frame.to_string(index=False)
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    if frame.attrs.get("truncated"):
        print(
            f"(Chỉ hiện {vn_number(len(frame))} dòng đầu; dùng --max-rows để xem nhiều hơn, "
            "hoặc --format csv/xlsx --out để lưu.)",
            file=sys.stderr,
        )
