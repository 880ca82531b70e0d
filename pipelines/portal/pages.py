"""One function per page: the tables it shows (and downloads) and what its template draws."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

import duckdb

from pipelines.portal import charts
from pipelines.portal.data import Column, Filters, Table, in_scope, rows, scope_params
from pipelines.portal.labels import target_text


@dataclass
class Page:
    title: str
    template: str
    tables: list[Table]
    context: dict = field(default_factory=dict)


def _link(path: str, **params) -> str:
    return f"{path}?{urlencode({k: v for k, v in params.items() if v is not None})}"


def lineage_link(kind: str, **keys) -> str:
    """The lineage page of one figure (see lineage.resolve for the keys of each kind)."""
    return _link("/nguon-goc", kind=kind, **keys)


def indicator_lineage(row: dict) -> str | None:
    if row.get("actual_value") is None and not row.get("is_reported"):
        return None
    return lineage_link(
        "indicator", period=row["period_code"], ward=row["ward_code"], measure=row["measure_code"]
    )


def overview(cur: duckdb.DuckDBPyConnection, filters: Filters) -> Page:
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
    received = sum(1 for r in submissions if r["submitted"])
    late = sum(1 for r in submissions if r["submitted"] and (r["days_late"] or 0) > 0)
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
    cards = [
        ("Báo cáo đã nhận", received, len(submissions)),
        ("Nộp muộn", late, None),
        ("Chưa nộp", len(submissions) - received, None),
        ("Phường, xã đạt tất cả chỉ tiêu", len(achieved_all), len(filters.wards)),
        ("Đề nghị khen thưởng", sum(r["proposals"] for r in proposals), None),
    ]
    return Page(
        f"Tổng quan {filters.period_name}",
        "overview.html",
        [
            Table(
                "nop_bao_cao",
                "Tình hình nộp báo cáo",
                [
                    Column("sender_code", "Mã đơn vị"),
                    Column("sender_name", "Đơn vị gửi"),
                    Column("workbook_kind", "Loại báo cáo", "workbook_kind"),
                    Column("submitted", "Đã nộp", "bool"),
                    Column("submitted_on", "Ngày nộp", "date"),
                    Column("deadline", "Hạn nộp", "date"),
                    Column("days_late", "Số ngày muộn", "int"),
                    Column("versions", "Số lần gửi", "int"),
                ],
                submissions,
                row_class=lambda r: (
                    "bad" if not r["submitted"] else ("warn" if (r["days_late"] or 0) > 0 else "")
                ),
            ),
            Table(
                "dat_tat_ca_chi_tieu",
                "Phường, xã đạt tất cả chỉ tiêu",
                [
                    Column("ward_code", "Mã"),
                    Column(
                        "ward_name",
                        "Phường, xã",
                        link=lambda r: _link(f"/chi-tieu/{r['ward_code']}", period=filters.period),
                    ),
                    Column("indicators_achieved", "Số chỉ tiêu đạt", "int"),
                    Column("indicators_total", "Tổng số chỉ tiêu", "int"),
                    Column("rank_in_city", "Xếp hạng", "int"),
                ],
                achieved_all,
                note="Chưa có phường, xã nào đạt tất cả chỉ tiêu." if not achieved_all else "",
            ),
            Table(
                "dan_dau_khoi",
                "Đơn vị dẫn đầu khối thi đua",
                [
                    Column("block_code", "Mã khối"),
                    Column("block_name", "Khối thi đua"),
                    Column("unit_code", "Mã đơn vị"),
                    Column("unit_name", "Đơn vị dẫn đầu"),
                    Column("total_score", "Tổng điểm", "num"),
                    Column("max_score", "Điểm tối đa", "num"),
                ],
                leaders,
            ),
            Table(
                "de_nghi_theo_ket_qua",
                f"Đề nghị khen thưởng năm {filters.year} theo kết quả xét",
                [
                    Column("eligibility_status", "Kết quả xét", "status"),
                    Column("proposals", "Số đề nghị", "int"),
                ],
                proposals,
            ),
            *([_corrections_table(corrections)] if corrections else []),
        ],
        {"cards": cards},
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


def indicators(cur: duckdb.DuckDBPyConnection, filters: Filters) -> Page:
    params = scope_params(filters, period=filters.period)
    results = rows(
        cur,
        f"""select period_code, ward_code, ward_name, indicator_code, measure_code, measure_name,
                   unit, comparator, target_value, actual_value, is_achieved, is_reported,
                   source_cell
            from marts.mart_indicator_results
            where period_code = $period and {in_scope("ward_code", filters)}
            order by ward_code, indicator_code, measure_code""",
        params,
    )
    scorecard = rows(
        cur,
        f"""select ward_code, ward_name, indicators_achieved, indicators_total, rank_in_city
            from marts.mart_ward_scorecard
            where period_code = $period and {in_scope("ward_code", filters)}
            order by rank_in_city, ward_code""",
        params,
    )
    # figures kept out by an error in the file the ward's result comes from: greyed, with why
    refused = {
        (r["ward_code"], r["measure_code"]): r
        for r in rows(
            cur,
            f"""select status.sender_code as ward_code, quarantine.measure_code,
                       quarantine.reasons, quarantine.row_number
                from quality.quarantine_rows as quarantine
                inner join marts.mart_submission_status as status
                    on quarantine.source_file = status.current_file
                    and quarantine.period_code = status.period_code
                where status.period_code = $period and quarantine.measure_code is not null
                  and quarantine.rule_codes <> 'SACH_ROW_DUPLICATE'
                  and {in_scope("status.sender_code", filters)}""",
            params,
        )
    }
    measures: dict[str, dict] = {}
    wards: dict[str, dict] = {}
    for r in results:
        r["refused"] = refused.get((r["ward_code"], r["measure_code"]))
        r["target_text"] = target_text(r["comparator"], r["target_value"])
        measures.setdefault(
            r["measure_code"],
            {"code": r["measure_code"], "name": r["measure_name"], "unit": r["unit"]},
        )
        ward = wards.setdefault(
            r["ward_code"], {"ward_code": r["ward_code"], "ward_name": r["ward_name"], "cells": {}}
        )
        ward["cells"][r["measure_code"]] = r
    ranks = {s["ward_code"]: s for s in scorecard}
    matrix_rows = []
    for ward in wards.values():
        card = ranks.get(ward["ward_code"], {})
        row = {
            "ward_code": ward["ward_code"],
            "ward_name": ward["ward_name"],
            "indicators_achieved": card.get("indicators_achieved"),
            "rank_in_city": card.get("rank_in_city"),
        }
        for code in measures:
            cell = ward["cells"].get(code)
            row[code] = cell["actual_value"] if cell else None
        row["_cells"] = ward["cells"]
        matrix_rows.append(row)
    matrix_rows.sort(key=lambda r: (r["rank_in_city"] or 10**6, r["ward_code"]))
    matrix = Table(
        "ma_tran_chi_tieu",
        "Kết quả thực hiện chỉ tiêu theo phường, xã",
        [
            Column("ward_code", "Mã"),
            Column(
                "ward_name",
                "Phường, xã",
                link=lambda r: _link(f"/chi-tieu/{r['ward_code']}", period=filters.period),
            ),
            Column("indicators_achieved", "Số chỉ tiêu đạt", "int"),
            Column("rank_in_city", "Xếp hạng", "int"),
        ]
        + [Column(code, f"{code} {m['name']}", "num") for code, m in measures.items()],
        matrix_rows,
        note="Không có kết quả nào cho lựa chọn này." if not matrix_rows else "",
    )
    detail = Table(
        "ket_qua_chi_tiet",
        "Kết quả chi tiết",
        _result_columns(with_ward=True),
        results,
        on_page=False,
    )
    chart = charts.bar_chart(
        [(s["ward_name"], s["indicators_achieved"] or 0) for s in scorecard],
        maximum=max((s["indicators_total"] or 0 for s in scorecard), default=0),
        title="Số chỉ tiêu đạt của từng phường, xã",
        unit="chỉ tiêu",
    )
    return Page(
        f"Chỉ tiêu {filters.period_name}",
        "indicators.html",
        [matrix, detail],
        {"measures": list(measures.values()), "chart": chart, "lineage": indicator_lineage},
    )


def _result_columns(with_ward: bool) -> list[Column]:
    columns = [
        Column("indicator_code", "Chỉ tiêu"),
        Column("measure_code", "Mã"),
        Column("measure_name", "Nội dung"),
        Column("unit", "Đơn vị tính"),
        Column("comparator", "So sánh", "comparator"),
        Column("target_value", "Chỉ tiêu giao", "num"),
        Column("actual_value", "Kết quả thực hiện", "num", link=indicator_lineage),
        Column("is_achieved", "Đạt", "bool"),
        Column("source_cell", "Ô nguồn", link=indicator_lineage),
    ]
    if with_ward:
        columns[:0] = [Column("ward_code", "Mã phường, xã"), Column("ward_name", "Phường, xã")]
    return columns


def ward(cur: duckdb.DuckDBPyConnection, filters: Filters, ward_code: str) -> Page | None:
    card = rows(
        cur,
        """select ward_code, ward_name, indicators_achieved, indicators_total, rank_in_city,
                  has_achieved_all
           from marts.mart_ward_scorecard where period_code = $period and ward_code = $ward""",
        {"period": filters.period, "ward": ward_code},
    )
    results = rows(
        cur,
        """select period_code, ward_code, ward_name, indicator_code, measure_code, measure_name,
                  unit, comparator, target_value, reported_target, actual_value, is_achieved,
                  is_reported, source_cell, previous_actual_value, was_achieved_previous_year
           from marts.mart_indicator_results
           where period_code = $period and ward_code = $ward
           order by indicator_code, measure_code""",
        {"period": filters.period, "ward": ward_code},
    )
    if not card and not results:
        return None
    name = (card or results)[0]["ward_name"]
    columns = _result_columns(with_ward=False)
    columns[6:6] = [Column("reported_target", "Chỉ tiêu phường báo cáo", "num")]
    columns += [
        Column("previous_actual_value", "Cùng kỳ năm trước", "num"),
        Column("was_achieved_previous_year", "Năm trước đạt", "bool"),
    ]
    table = Table(
        "ket_qua_phuong",
        f"Chỉ tiêu, kết quả của {name}",
        columns,
        results,
        row_class=lambda r: (
            "" if r["is_achieved"] is None else ("good" if r["is_achieved"] else "bad")
        ),
    )
    return Page(
        f"{name}: {filters.period_name}",
        "ward.html",
        [table],
        {"card": card[0] if card else None, "ward_name": name},
    )


def blocks(cur: duckdb.DuckDBPyConnection, filters: Filters) -> Page:
    params = scope_params(filters, period=filters.period, year=filters.year)
    if filters.block and not filters.ward:
        where = "scores.block_code = $block"
        params["block"] = filters.block
    else:
        # a ward sees every block it belongs to, with all that block's members
        where = f"""scores.block_code in (
            select block_code from marts.mart_covenant_scores
            where period_code = $period and {in_scope("unit_code", filters)})"""
    ranking = rows(
        cur,
        f"""select scores.period_code, scores.block_code, blocks.block_name, scores.rank_in_block,
                   scores.unit_code, scores.unit_name, scores.criteria_score, scores.bonus,
                   scores.penalty, scores.total_score, scores.max_score, scores.reported_total,
                   scores.reported_rank, scores.is_leading_unit, scores.has_total_mismatch,
                   scores.has_rank_mismatch
            from marts.mart_covenant_scores as scores
            left join marts.mart_blocks as blocks
                on scores.block_code = blocks.block_code and blocks.year = $year
            where scores.period_code = $period and {where}
            order by blocks.block_level desc nulls last, scores.block_code, scores.rank_in_block,
                     scores.unit_code""",
        params,
    )

    def lineage(r: dict) -> str:
        return lineage_link(
            "covenant", period=r["period_code"], block=r["block_code"], unit=r["unit_code"]
        )

    table = Table(
        "xep_hang_khoi",
        "Xếp hạng trong khối thi đua",
        [
            Column("block_code", "Mã khối"),
            Column("block_name", "Khối thi đua"),
            Column("rank_in_block", "Hạng (tính lại)", "int"),
            Column("unit_code", "Mã đơn vị"),
            Column("unit_name", "Đơn vị"),
            Column("criteria_score", "Điểm tiêu chí", "num"),
            Column("bonus", "Điểm thưởng", "num"),
            Column("penalty", "Điểm trừ", "num"),
            Column("total_score", "Tổng điểm (tính lại)", "num", link=lineage),
            Column("reported_total", "Tổng điểm khối báo cáo", "num", link=lineage),
            Column("reported_rank", "Hạng khối báo cáo", "int"),
            Column("is_leading_unit", "Dẫn đầu", "bool"),
            Column("has_total_mismatch", "Lệch tổng điểm", "bool"),
            Column("has_rank_mismatch", "Lệch thứ hạng", "bool"),
        ],
        ranking,
        row_class=lambda r: (
            "bad"
            if r["has_total_mismatch"] or r["has_rank_mismatch"]
            else ("good" if r["is_leading_unit"] else "")
        ),
        note="Không có kết quả chấm điểm khối nào cho lựa chọn này." if not ranking else "",
    )
    groups: dict[str, list[dict]] = {}
    for r in ranking:
        groups.setdefault(r["block_code"], []).append(r)
    block_charts = [
        charts.bar_chart(
            [(r["unit_name"], r["total_score"] or 0) for r in members],
            maximum=max((r["max_score"] or 0 for r in members), default=0),
            title=f"{members[0]['block_name'] or code}: tổng điểm",
            unit="điểm",
        )
        for code, members in groups.items()
    ]
    return Page(
        f"Khối thi đua {filters.period_name}", "blocks.html", [table], {"charts": block_charts}
    )


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

    def lineage(r: dict) -> str:
        return lineage_link(
            "award", file=r["file_hash"], sheet=r["source_sheet"], row=r["source_row"]
        )

    def history(r: dict) -> str | None:
        return (
            _link("/khen-thuong/lich-su", key=r["person_key"])
            if r["person_key"]
            else _link("/khen-thuong/lich-su", q=r["nominee_name"])
        )

    table = Table(
        "de_nghi_khen_thuong",
        f"Đề nghị khen thưởng năm {filters.year}",
        [
            Column("sender_code", "Đơn vị đề nghị"),
            Column("nominee_name", "Cá nhân, tập thể", link=history),
            Column("nominee_type", "Đối tượng", "nominee_type"),
            Column("position", "Chức vụ"),
            Column("award_name", "Danh hiệu, hình thức"),
            Column("rating", "Xếp loại"),
            Column("eligibility_status", "Kết quả xét", "status"),
            Column("reasons", "Lý do"),
            Column("source_row", "Dòng nguồn", "int", link=lineage),
        ],
        proposals,
        row_class=lambda r: {"eligible": "good", "ineligible": "bad", "needs_review": "warn"}.get(
            r["eligibility_status"], ""
        ),
        note="Không có đề nghị nào cho lựa chọn này." if not proposals else "",
    )
    summary_table = Table(
        "tong_hop_de_nghi",
        "Tổng hợp theo danh hiệu, hình thức",
        [
            Column("award_name", "Danh hiệu, hình thức"),
            Column("proposed", "Số đề nghị", "int"),
            Column("eligible", "Đủ điều kiện", "int"),
            Column("needs_review", "Cần xem xét", "int"),
            Column("ineligible", "Không đủ điều kiện", "int"),
        ],
        summary,
    )
    return Page(
        f"Khen thưởng năm {filters.year}", "awards.html", [summary_table, table], {"status": status}
    )


def history(cur: duckdb.DuckDBPyConnection, text: str, key: str | None) -> Page:
    from pipelines.lib.text import fold

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
                    _link("/khen-thuong/lich-su", key=r["nominee_key"])
                    if r["nominee_key"]
                    else None
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

    def feedback(r: dict) -> str | None:
        return (
            _link(f"/chat-luong/phan-hoi/{r['sender_code']}", period=filters.period)
            if r["sender_code"]
            else None
        )

    senders = Table(
        "loi_theo_don_vi",
        "Vấn đề theo đơn vị gửi và chiều chất lượng (lỗi và cảnh báo)",
        [
            Column("sender_code", "Mã đơn vị"),
            Column("sender_name", "Đơn vị gửi", link=feedback),
            Column("dung", "Đúng", "int"),
            Column("du", "Đủ", "int"),
            Column("sach", "Sạch", "int"),
            Column("song", "Sống", "int"),
            Column("errors", "Lỗi", "int"),
            Column("warnings", "Cảnh báo", "int"),
            Column("infos", "Ghi nhận", "int"),
        ],
        by_sender,
        row_class=lambda r: "bad" if r["errors"] else ("warn" if r["warnings"] else ""),
        note="Không có vấn đề nào." if not by_sender else "",
    )
    listing = Table(
        "danh_sach_van_de",
        "Danh sách vấn đề",
        [
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
        ],
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
