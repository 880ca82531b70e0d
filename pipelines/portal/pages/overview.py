"""The overview: who has sent, who achieved every indicator, block leaders, proposals."""

from __future__ import annotations

import duckdb

from pipelines.portal.data import Column, Filters, Table, in_scope, rows, scope_params
from pipelines.portal.pages.page import Page, ward_columns

SUBMISSION_COLUMNS = [
    Column("sender_code", "Mã đơn vị"),
    Column("sender_name", "Đơn vị gửi"),
    Column("workbook_kind", "Loại báo cáo", "workbook_kind"),
    Column("submitted", "Đã nộp", "bool"),
    Column("submitted_on", "Ngày nộp", "date"),
    Column("deadline", "Hạn nộp", "date"),
    Column("days_late", "Số ngày muộn", "int"),
    Column("versions", "Số lần gửi", "int"),
]
LEADER_COLUMNS = [
    Column("block_code", "Mã khối"),
    Column("block_name", "Khối thi đua"),
    Column("unit_code", "Mã đơn vị"),
    Column("unit_name", "Đơn vị dẫn đầu"),
    Column("total_score", "Tổng điểm", "num"),
    Column("max_score", "Điểm tối đa", "num"),
]


def overview(cur: duckdb.DuckDBPyConnection, filters: Filters) -> Page:
    found = _figures(cur, filters)
    submissions, achieved_all = found["submissions"], found["achieved_all"]
    received = sum(1 for r in submissions if r["submitted"])
    late = sum(1 for r in submissions if r["submitted"] and (r["days_late"] or 0) > 0)
    cards = [
        ("Báo cáo đã nhận", received, len(submissions)),
        ("Nộp muộn", late, None),
        ("Chưa nộp", len(submissions) - received, None),
        ("Phường, xã đạt tất cả chỉ tiêu", len(achieved_all), len(filters.wards)),
        ("Đề nghị khen thưởng", sum(r["proposals"] for r in found["proposals"]), None),
    ]
    tables = [
        Table(
            "nop_bao_cao",
            "Tình hình nộp báo cáo",
            SUBMISSION_COLUMNS,
            submissions,
            row_class=lambda r: (
                "bad" if not r["submitted"] else ("warn" if (r["days_late"] or 0) > 0 else "")
            ),
        ),
        _achieved_table(filters, achieved_all),
        Table("dan_dau_khoi", "Đơn vị dẫn đầu khối thi đua", LEADER_COLUMNS, found["leaders"]),
        Table(
            "de_nghi_theo_ket_qua",
            f"Đề nghị khen thưởng năm {filters.year} theo kết quả xét",
            [
                Column("eligibility_status", "Kết quả xét", "status"),
                Column("proposals", "Số đề nghị", "int"),
            ],
            found["proposals"],
        ),
    ]
    if found["corrections"]:
        tables.append(_corrections_table(found["corrections"]))
    return Page(f"Tổng quan {filters.period_name}", "overview.html", tables, {"cards": cards})


def _figures(cur: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, list[dict]]:
    """The rows of the overview's tables, in the filters' scope."""
    params = scope_params(filters, period=filters.period, year=filters.year)
    submissions = rows(
        cur,
        f"""select sender_code, sender_name, workbook_kind, submitted, submitted_on, deadline,
                   days_late, versions
            from marts.mart_submission_status
            where period_code = $period and {in_scope("sender_code", filters)}
            order by submitted, days_late desc nulls last, sender_code""",
        params,
    )
    achieved_all = rows(
        cur,
        f"""select ward_code, ward_name, indicators_achieved, indicators_total, rank_in_city
            from marts.mart_ward_scorecard
            where period_code = $period and has_achieved_all and {in_scope("ward_code", filters)}
            order by rank_in_city, ward_code""",
        params,
    )
    leaders = rows(
        cur,
        f"""select scores.block_code, blocks.block_name, scores.unit_code, scores.unit_name,
                   scores.total_score, scores.max_score
            from marts.mart_covenant_scores as scores
            left join marts.mart_blocks as blocks
                on scores.block_code = blocks.block_code and blocks.year = $year
            where scores.period_code = $period and scores.is_leading_unit
              and ({in_scope("scores.unit_code", filters)} or {in_scope("scores.block_code", filters)})
            order by scores.block_code""",
        params,
    )
    proposals = rows(
        cur,
        f"""select eligibility_status, count(*) as proposals
            from marts.mart_award_proposals
            where year = $year and {in_scope("sender_code", filters)}
            group by all order by eligibility_status""",
        params,
    )
    corrections = rows(
        cur,
        f"""select sender_code, sender_name, figure_label, item_code, item_name, value_published,
                   value_now, source_file, source_cell
            from marts.mart_published_changes
            where period_code = $period and {in_scope("sender_code", filters)}
            order by sender_code, figure, item_code""",
        params,
    )
    return {
        "submissions": submissions,
        "achieved_all": achieved_all,
        "leaders": leaders,
        "proposals": proposals,
        "corrections": corrections,
    }


def _achieved_table(filters: Filters, achieved_all: list[dict]) -> Table:
    return Table(
        "dat_tat_ca_chi_tieu",
        "Phường, xã đạt tất cả chỉ tiêu",
        [
            *ward_columns(filters.period),
            Column("indicators_achieved", "Số chỉ tiêu đạt", "int"),
            Column("indicators_total", "Tổng số chỉ tiêu", "int"),
            Column("rank_in_city", "Xếp hạng", "int"),
        ],
        achieved_all,
        note="Chưa có phường, xã nào đạt tất cả chỉ tiêu." if not achieved_all else "",
    )


def _corrections_table(corrections: list[dict]) -> Table:
    """What data received after the announcement would change (mart_published_changes)."""
    return Table(
        "dinh_chinh",
        "Đính chính chờ công bố (số liệu nhận sau khi công bố)",
        [
            Column("sender_code", "Mã đơn vị"),
            Column("sender_name", "Đơn vị"),
            Column("figure_label", "Số liệu"),
            Column("item_code", "Mã"),
            Column("item_name", "Nội dung"),
            Column("value_published", "Đã công bố", "num"),
            Column("value_now", "Theo số liệu mới", "num"),
            Column("source_file", "Tệp"),
            Column("source_cell", "Ô"),
        ],
        corrections,
        note="Bảng trên trang hiển thị số liệu đã công bố; chạy `thidua publish` để công bố lại.",
    )
