"""Emulation blocks: every member's covenant score, rank and the leader."""

from __future__ import annotations

import duckdb

from pipelines.portal import charts
from pipelines.portal.data import Column, Filters, Table, in_scope, rows, scope_params
from pipelines.portal.pages.page import Page, lineage_link


def _lineage(r: dict) -> str:
    return lineage_link(
        "covenant", period=r["period_code"], block=r["block_code"], unit=r["unit_code"]
    )


RANKING_COLUMNS = [
    Column("block_code", "Mã khối"),
    Column("block_name", "Khối thi đua"),
    Column("rank_in_block", "Hạng (tính lại)", "int"),
    Column("unit_code", "Mã đơn vị"),
    Column("unit_name", "Đơn vị"),
    Column("criteria_score", "Điểm tiêu chí", "num"),
    Column("bonus", "Điểm thưởng", "num"),
    Column("penalty", "Điểm trừ", "num"),
    Column("total_score", "Tổng điểm (tính lại)", "num", link=_lineage),
    Column("reported_total", "Tổng điểm khối báo cáo", "num", link=_lineage),
    Column("reported_rank", "Hạng khối báo cáo", "int"),
    Column("is_leading_unit", "Dẫn đầu", "bool"),
    Column("has_total_mismatch", "Lệch tổng điểm", "bool"),
    Column("has_rank_mismatch", "Lệch thứ hạng", "bool"),
]


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

    table = Table(
        "xep_hang_khoi",
        "Xếp hạng trong khối thi đua",
        RANKING_COLUMNS,
        ranking,
        row_class=lambda r: (
            "bad"
            if r["has_total_mismatch"] or r["has_rank_mismatch"]
            else ("good" if r["is_leading_unit"] else "")
        ),
        note="Không có kết quả chấm điểm khối nào cho lựa chọn này." if not ranking else "",
    )
    return Page(
        f"Khối thi đua {filters.period_name}", "blocks.html", [table], {"charts": _charts(ranking)}
    )


def _charts(ranking: list[dict]) -> list:
    """One bar chart of total scores per block."""
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
    return block_charts
