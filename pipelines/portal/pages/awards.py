"""Award proposals judged against the law, and a person's or unit's award history."""

from __future__ import annotations

import duckdb

from pipelines.portal.data import Column, Filters, Table, in_scope, rows, scope_params
from pipelines.portal.pages.page import Page, lineage_link, link


def _lineage(r: dict) -> str:
    return lineage_link("award", file=r["file_hash"], sheet=r["source_sheet"], row=r["source_row"])


def _history(r: dict) -> str | None:
    return (
        link("/khen-thuong/lich-su", key=r["person_key"])
        if r["person_key"]
        else link("/khen-thuong/lich-su", q=r["nominee_name"])
    )


PROPOSAL_COLUMNS = [
    Column("sender_code", "Đơn vị đề nghị"),
    Column("nominee_name", "Cá nhân, tập thể", link=_history),
    Column("nominee_type", "Đối tượng", "nominee_type"),
    Column("position", "Chức vụ"),
    Column("award_name", "Danh hiệu, hình thức"),
    Column("rating", "Xếp loại"),
    Column("eligibility_status", "Kết quả xét", "status"),
    Column("reasons", "Lý do"),
    Column("source_row", "Dòng nguồn", "int", link=_lineage),
]
SUMMARY_COLUMNS = [
    Column("award_name", "Danh hiệu, hình thức"),
    Column("proposed", "Số đề nghị", "int"),
    Column("eligible", "Đủ điều kiện", "int"),
    Column("needs_review", "Cần xem xét", "int"),
    Column("ineligible", "Không đủ điều kiện", "int"),
]


def awards(cur: duckdb.DuckDBPyConnection, filters: Filters, status: str | None) -> Page:
    params = scope_params(filters, year=filters.year)
    status_sql = "true"
    if status in ("eligible", "ineligible", "needs_review"):
        status_sql = "eligibility_status = $status"
        params["status"] = status
    proposals = rows(
        cur,
        f"""select year, sender_code, nominee_name, nominee_type, position, award_name,
                   rating, eligibility_status, reasons, not_checked, person_key, file_hash,
                   source_file, source_sheet, source_row
            from marts.mart_award_proposals
            where year = $year and {in_scope("sender_code", filters)} and {status_sql}
            order by sender_code, source_row""",
        params,
    )
    summary = rows(
        cur,
        f"""select award_code, any_value(award_name) as award_name, count(*) as proposed,
                   count(*) filter (where eligibility_status = 'eligible') as eligible,
                   count(*) filter (where eligibility_status = 'needs_review') as needs_review,
                   count(*) filter (where eligibility_status = 'ineligible') as ineligible
            from marts.mart_award_proposals
            where year = $year and {in_scope("sender_code", filters)}
            group by award_code order by proposed desc, award_code""",
        params,
    )

    table = Table(
        "de_nghi_khen_thuong",
        f"Đề nghị khen thưởng năm {filters.year}",
        PROPOSAL_COLUMNS,
        proposals,
        row_class=lambda r: {"eligible": "good", "ineligible": "bad", "needs_review": "warn"}.get(
            r["eligibility_status"], ""
        ),
        note="Không có đề nghị nào cho lựa chọn này." if not proposals else "",
    )
    summary_table = Table(
        "tong_hop_de_nghi",
        "Tổng hợp theo danh hiệu, hình thức",
        SUMMARY_COLUMNS,
        summary,
    )
    return Page(
        f"Khen thưởng năm {filters.year}", "awards.html", [summary_table, table], {"status": status}
    )


def history(cur: duckdb.DuckDBPyConnection, text: str, key: str | None) -> Page:
    from pipelines.core.text import fold

    found: list[dict] = []
    if key:
        found = rows(
            cur,
            """select * exclude (name_key) from marts.mart_commendation_history
               where nominee_key = $key order by year desc, record_kind""",
            {"key": key},
        )
    elif text.strip():
        found = rows(
            cur,
            """select * exclude (name_key) from marts.mart_commendation_history
               where contains(name_key, $text) or nominee_key = $raw
               order by nominee_name, nominee_key, year desc, record_kind limit 500""",
            {"text": fold(text.strip()), "raw": text.strip()},
        )
    table = Table(
        "lich_su_khen_thuong",
        "Lịch sử khen thưởng",
        [
            Column(
                "nominee_name",
                "Cá nhân, tập thể",
                link=lambda r: (
                    link("/khen-thuong/lich-su", key=r["nominee_key"]) if r["nominee_key"] else None
                ),
            ),
            Column("nominee_type", "Đối tượng", "nominee_type"),
            Column("year", "Năm", "year"),
            Column("award_name", "Danh hiệu, hình thức"),
            Column("record_kind", "Loại", "record_kind"),
            Column("decision_no", "Số quyết định"),
            Column("sender_code", "Đơn vị đề nghị"),
            Column("eligibility_status", "Kết quả xét", "status"),
            Column("nominee_key", "Mã tra cứu"),
        ],
        found,
        note=(
            "Không tìm thấy ai với tên hoặc mã này."
            if (text.strip() or key) and not found
            else "Nhập họ tên (có dấu hoặc không dấu), tên đơn vị hoặc mã tra cứu."
            if not found
            else ""
        ),
    )
    return Page("Tra cứu lịch sử khen thưởng", "history.html", [table], {"q": text, "key": key})
