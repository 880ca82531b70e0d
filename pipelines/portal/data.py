"""What each page shows, read from the published warehouse with bound parameters only.

The portal reads the marts and the quality tables; from raw it reads only file identities,
column headers and, for lineage, the columns listed in LINEAGE_ROWS (never a personal
number, a birth date or a gender).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import duckdb

from pipelines.core.periods import period_year
from pipelines.core.values import vn_number

_PARAMETER = re.compile(r"\$(\w+)")


@dataclass
class Column:
    key: str
    label: str
    kind: str = "text"  # text, int, num, pct, bool, date, or a code family in labels.CODES
    link: Callable[[dict], str | None] | None = None


@dataclass
class Table:
    """One table of a page: what it shows is exactly what its downloads hold."""

    name: str
    title: str
    columns: list[Column]
    rows: list[dict]
    note: str = ""
    row_class: Callable[[dict], str] | None = None
    shown_limit: int | None = None
    on_page: bool = True  # False: only in the downloads

    @property
    def shown(self) -> list[dict]:
        return self.rows[: self.shown_limit] if self.shown_limit else self.rows


class Snapshot:
    """A read-only connection to the published warehouse, reopened when a refresh replaces it.

    A refresh builds into a copy and renames it over the published file, so a connection
    opened on the old file keeps reading a complete build and never blocks the refresh.
    """

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self.built_at: dt.datetime | None = None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        stat = os.stat(self.path)  # FileNotFoundError: no build published yet
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if key != self._key:
                # no external access: a query cannot read files, ATTACH or INSTALL
                self._con = duckdb.connect(
                    str(self.path), read_only=True, config={"enable_external_access": False}
                )
                self._key = key
                self.built_at = dt.datetime.fromtimestamp(stat.st_mtime)
            return self._con.cursor()


def rows(cur: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> list[dict]:
    """Run with the named parameters the SQL uses (DuckDB refuses unused ones)."""
    used = set(_PARAMETER.findall(sql))
    result = cur.execute(sql, {k: v for k, v in (params or {}).items() if k in used})
    names = [column[0] for column in result.description]
    return [dict(zip(names, values, strict=True)) for values in result.fetchall()]


@dataclass
class Filters:
    """Period, block and ward chosen on a page; unknown values are dropped, not trusted."""

    period: str
    block: str | None = None
    ward: str | None = None
    periods: list[dict] = field(default_factory=list)
    blocks: list[dict] = field(default_factory=list)
    wards: list[dict] = field(default_factory=list)
    units: list[str] | None = None  # codes in scope; None: the whole city
    notices: list[str] = field(default_factory=list)  # what was asked and is not there
    published: str | None = None  # the period's edition in force, said (thidua publish)

    @property
    def year(self) -> int:
        return period_year(self.period)

    @property
    def period_name(self) -> str:
        return next((p["name"] for p in self.periods if p["code"] == self.period), self.period)

    def query(self, **extra: Any) -> str:
        params = {"period": self.period, "block": self.block, "ward": self.ward, **extra}
        return urlencode({key: value for key, value in params.items() if value})


def read_filters(cur: duckdb.DuckDBPyConnection, args: dict[str, str]) -> Filters:
    periods = rows(
        cur,
        """select period_code as code, coalesce(any_value(periods.period_name), period_code) as name
           from marts.mart_submission_status
           left join marts.mart_periods as periods using (period_code)
           group by period_code order by max(periods.end_date) desc nulls last, period_code desc""",
    )
    codes = [p["code"] for p in periods]
    if not codes:
        raise LookupError("Kho dữ liệu chưa có kỳ báo cáo nào; hãy chạy `thidua refresh`.")
    notices = []
    period = args.get("period") if args.get("period") in codes else codes[0]
    if args.get("period") and args["period"] != period:
        # 2026-h1 for 2026-H1: a code typed by hand finds its period
        period = next((c for c in codes if c.lower() == args["period"].strip().lower()), period)
    if args.get("period") and args["period"] != period and period.lower() != args["period"].lower():
        notices.append(
            f"Không có kỳ “{args['period']}” trong kho dữ liệu; đang hiển thị kỳ mới nhất."
        )
    year = period_year(period)
    blocks = rows(
        cur,
        """select block_code as code, block_name as name from marts.mart_blocks
           where year = $year order by block_level desc, block_code""",
        {"year": year},
    )
    block = args.get("block") if args.get("block") in {b["code"] for b in blocks} else None
    if args.get("block") and block is None:
        notices.append(f"Không có khối thi đua “{args['block']}” năm {year}; đang hiển thị tất cả.")
    members = None
    if block:
        members = [
            r["unit_code"]
            for r in rows(
                cur,
                """select unit_code from marts.mart_block_members
                   where block_code = $block and year = $year""",
                {"block": block, "year": year},
            )
        ]
    wards = rows(
        cur,
        """select distinct sender_code as code, sender_name as name
           from marts.mart_submission_status
           where workbook_kind = 'unit_report' and period_code = $period order by code""",
        {"period": period},
    )
    if members is not None:
        wards = [w for w in wards if w["code"] in members]
    ward = args.get("ward") if args.get("ward") in {w["code"] for w in wards} else None
    if args.get("ward") and ward is None:
        notices.append(
            f"Không có phường, xã mã “{args['ward']}” trong kỳ này"
            + (" thuộc khối đã chọn" if block else "")
            + "; đang hiển thị tất cả."
        )
    units = None
    if ward:
        units = [ward]
    elif block:
        units = [*members, block]
    published = publication_notice(cur, period)
    return Filters(period, block, ward, periods, blocks, wards, units, notices, published)


def publication_notice(cur: duckdb.DuckDBPyConnection, period: str) -> str | None:
    """The period's edition in force, said for the page: the figures shown are the
    announced ones, and how many a later correction would change."""
    edition = rows(
        cur,
        """select edition, published_at, published_by, pending_changes
           from marts.mart_period_editions where period_code = $period and is_in_force""",
        {"period": period},
    )
    if not edition:
        return None
    row = edition[0]
    said = (
        f"Số liệu kỳ này đã được công bố (lần {row['edition']}, "
        f"ngày {row['published_at']:%d/%m/%Y}"
        + (f", {row['published_by']}" if row["published_by"] else "")
        + "): các bảng hiển thị số liệu đã công bố."
    )
    if row["pending_changes"]:
        said += (
            f" Có {vn_number(row['pending_changes'])} số liệu nhận sau khi công bố sẽ thay đổi"
            " nếu công bố lại (xem “Đính chính chờ công bố” ở trang Tổng quan)."
        )
    return said


def in_scope(column: str, filters: Filters) -> str:
    """SQL that keeps the rows of the units in scope (a ward keeps its own schools, 00127.TH1)."""
    if filters.units is None:
        return "true"
    return (
        f"(list_contains($units, {column}) or list_contains($units, split_part({column}, '.', 1)))"
    )


def scope_params(filters: Filters, **params: Any) -> dict:
    if filters.units is not None:
        params["units"] = filters.units
    return params
