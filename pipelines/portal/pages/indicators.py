"""The indicator matrix of the city and one ward's results against its targets."""

from __future__ import annotations

import duckdb

from pipelines.portal import charts
from pipelines.portal.data import Column, Filters, Table, in_scope, rows, scope_params
from pipelines.portal.labels import target_text
from pipelines.portal.pages.page import Page, indicator_lineage, ward_columns


def indicators(cur: duckdb.DuckDBPyConnection, filters: Filters) -> Page:
    params = scope_params(filters, period=filters.period)
    results = _results(cur, filters, params)
    scorecard = rows(
        cur,
        f"""select ward_code, ward_name, indicators_achieved, indicators_total, rank_in_city
            from marts.mart_ward_scorecard
            where period_code = $period and {in_scope("ward_code", filters)}
            order by rank_in_city, ward_code""",
        params,
    )
    measures, matrix_rows = _matrix(results, scorecard)
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
        [_matrix_table(filters, measures, matrix_rows), detail],
        {"measures": list(measures.values()), "chart": chart, "lineage": indicator_lineage},
    )


def _results(cur: duckdb.DuckDBPyConnection, filters: Filters, params: dict) -> list[dict]:
    """Every ward's result of every measure; a figure kept out by an error in the file it
    comes from carries why (greyed on the page)."""
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
    for r in results:
        r["refused"] = refused.get((r["ward_code"], r["measure_code"]))
        r["target_text"] = target_text(r["comparator"], r["target_value"])
    return results


def _matrix(results: list[dict], scorecard: list[dict]) -> tuple[dict, list[dict]]:
    """(measures by code, one row per ward with its result of each measure, best first)."""
    measures: dict[str, dict] = {}
    wards: dict[str, dict] = {}
    for r in results:
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
    return measures, matrix_rows


def _matrix_table(filters: Filters, measures: dict, matrix_rows: list[dict]) -> Table:
    return Table(
        "ma_tran_chi_tieu",
        "Kết quả thực hiện chỉ tiêu theo phường, xã",
        [
            *ward_columns(filters.period),
            Column("indicators_achieved", "Số chỉ tiêu đạt", "int"),
            Column("rank_in_city", "Xếp hạng", "int"),
        ]
        + [Column(code, f"{code} {m['name']}", "num") for code, m in measures.items()],
        matrix_rows,
        note="Không có kết quả nào cho lựa chọn này." if not matrix_rows else "",
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
