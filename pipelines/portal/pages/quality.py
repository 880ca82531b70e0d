"""Data quality: each sender's scorecard in the four dimensions and the issues to fix."""

from __future__ import annotations

import duckdb

from pipelines.portal.data import Column, Filters, Table, in_scope, rows, scope_params
from pipelines.portal.pages.page import Page, link

COUNT_COLUMNS = [
    Column("dung", "Đúng", "int"),
    Column("du", "Đủ", "int"),
    Column("sach", "Sạch", "int"),
    Column("song", "Sống", "int"),
    Column("errors", "Lỗi", "int"),
    Column("warnings", "Cảnh báo", "int"),
    Column("infos", "Ghi nhận", "int"),
]
ISSUE_COLUMNS = [
    Column("sender_code", "Đơn vị gửi"),
    Column("source_file", "Tệp"),
    Column("sheet", "Trang tính"),
    Column("row_number", "Dòng", "int"),
    Column("column_name", "Cột"),
    Column("value", "Giá trị"),
    Column("dimension", "Chiều", "dimension"),
    Column("severity", "Mức độ", "severity"),
    Column("rule_code", "Mã quy tắc"),
    Column("message", "Nội dung"),
]


def quality(
    cur: duckdb.DuckDBPyConnection, filters: Filters, severity: str | None, dimension: str | None
) -> Page:
    params = scope_params(filters, period=filters.period)
    by_sender = rows(
        cur,
        f"""select issues.sender_code,
                   coalesce(any_value(status.sender_name), issues.sender_code, 'Không rõ đơn vị') as sender_name,
                   count(*) filter (where dimension = 'dung' and severity <> 'info') as dung,
                   count(*) filter (where dimension = 'du' and severity <> 'info') as du,
                   count(*) filter (where dimension = 'sach' and severity <> 'info') as sach,
                   count(*) filter (where dimension = 'song' and severity <> 'info') as song,
                   count(*) filter (where severity = 'error') as errors,
                   count(*) filter (where severity = 'warning') as warnings,
                   count(*) filter (where severity = 'info') as infos
            from quality.dq_issues as issues
            left join marts.mart_submission_status as status
                on issues.sender_code = status.sender_code and status.period_code = $period
            where (issues.period_code = $period or issues.period_code is null)
              and {in_scope("issues.sender_code", filters)}
            group by issues.sender_code
            order by errors desc, warnings desc, issues.sender_code nulls last""",
        params,
    )
    issues = _issues(cur, filters, params, severity, dimension)

    def feedback(r: dict) -> str | None:
        return (
            link(f"/chat-luong/phan-hoi/{r['sender_code']}", period=filters.period)
            if r["sender_code"]
            else None
        )

    senders = Table(
        "loi_theo_don_vi",
        "Vấn đề theo đơn vị gửi và chiều chất lượng (lỗi và cảnh báo)",
        [
            Column("sender_code", "Mã đơn vị"),
            Column("sender_name", "Đơn vị gửi", link=feedback),
            *COUNT_COLUMNS,
        ],
        by_sender,
        row_class=lambda r: "bad" if r["errors"] else ("warn" if r["warnings"] else ""),
        note="Không có vấn đề nào." if not by_sender else "",
    )
    listing = Table(
        "danh_sach_van_de",
        "Danh sách vấn đề",
        ISSUE_COLUMNS,
        issues,
        row_class=lambda r: {"error": "bad", "warning": "warn"}.get(r["severity"], ""),
        shown_limit=300,
    )
    return Page(
        f"Chất lượng dữ liệu {filters.period_name}",
        "quality.html",
        [senders, listing],
        {"severity": severity, "dimension": dimension},
    )


def _issues(cur, filters: Filters, params: dict, severity, dimension) -> list[dict]:
    """The issues of the period in scope, of one severity or dimension when asked."""
    conditions = []
    if severity in ("error", "warning", "info"):
        conditions.append("severity = $severity")
        params["severity"] = severity
    if dimension in ("dung", "du", "sach", "song"):
        conditions.append("dimension = $dimension")
        params["dimension"] = dimension
    issues = rows(
        cur,
        f"""select sender_code, source_file, sheet, row_number, column_name, value, dimension,
                   severity, rule_code, message
            from quality.dq_issues
            where (period_code = $period or period_code is null)
              and {in_scope("sender_code", filters)} and {" and ".join(conditions) or "true"}
            order by case severity when 'error' then 0 when 'warning' then 1 else 2 end,
                     sender_code, source_file, sheet, row_number""",
        params,
    )
    return issues
