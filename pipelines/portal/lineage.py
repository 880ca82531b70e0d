"""From a figure on a page back to the file, sheet, row and cell it was read from."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from pipelines.portal.data import rows
from pipelines.portal.labels import display

# The raw columns a lineage page may show, per kind of figure. Personal numbers, birth
# dates and gender are never listed, so they never leave the warehouse through the portal.
LINEAGE_ROWS = {
    "indicator": (
        "unit_indicator_results",
        ["stt", "measure_code", "measure_name", "unit", "reported_target", "actual_value", "note"],
        "actual_value",
    ),
    "covenant": (
        "block_scores",
        ["stt", "unit_code", "unit_name", "bonus", "penalty", "reported_total", "reported_rank"],
        "reported_total",
    ),
    "award": (
        "unit_award_proposals",
        [
            "stt",
            "nominee_name",
            "nominee_type",
            "position",
            "workplace",
            "award_name",
            "year",
            "rating",
            "has_initiative",
            "initiative_decision",
            "initiative_level",
            "note",
        ],
        "award_name",
    ),
}


# How a raw cell reads on the page: codes as words, a year as a year (2026, not 2.026).
CELL_KINDS = {
    "nominee_type": "nominee_type",
    "has_initiative": "bool",
    "year": "year",
    "stt": "year",
    "reported_rank": "year",
}


@dataclass
class Lineage:
    figure: str
    value: object
    file: dict
    sheet: str
    row: int
    cell: str | None
    cells: list[dict] = field(default_factory=list)
    explanation: str = ""


def resolve(cur: duckdb.DuckDBPyConnection, args: dict[str, str]) -> Lineage | None:
    """The figure a lineage link names (its kind and keys), with its source cells; None when
    there is no such figure or it has no source."""
    resolver = {"indicator": _indicator, "covenant": _covenant, "award": _award}.get(
        args.get("kind", "")
    )
    return resolver(cur, args) if resolver else None


def _indicator(cur: duckdb.DuckDBPyConnection, args: dict[str, str]) -> Lineage | None:
    kind = "indicator"
    found = rows(
        cur,
        """select ward_name, measure_code, measure_name, actual_value, source_file,
                  source_sheet, source_row, source_cell
           from marts.mart_indicator_results
           where period_code = $period and ward_code = $ward and measure_code = $measure""",
        {
            "period": args.get("period"),
            "ward": args.get("ward"),
            "measure": args.get("measure"),
        },
    )
    if not found or not found[0]["source_file"]:
        return None
    hit = found[0]
    file = _file_by_path(cur, hit["source_file"])
    figure = f"{hit['ward_name']}: {hit['measure_code']} {hit['measure_name']}"
    return _with_cells(
        cur,
        kind,
        Lineage(
            figure,
            hit["actual_value"],
            file,
            hit["source_sheet"],
            hit["source_row"],
            hit["source_cell"],
        ),
    )


def _covenant(cur: duckdb.DuckDBPyConnection, args: dict[str, str]) -> Lineage | None:
    kind = "covenant"
    found = rows(
        cur,
        """select unit_name, block_code, total_score, reported_total, source_file,
                  source_sheet, source_row
           from marts.mart_covenant_scores
           where period_code = $period and block_code = $block and unit_code = $unit""",
        {"period": args.get("period"), "block": args.get("block"), "unit": args.get("unit")},
    )
    if not found or not found[0]["source_file"]:
        return None
    hit = found[0]
    file = _file_by_path(cur, hit["source_file"])
    lineage = Lineage(
        f"{hit['unit_name']}: tổng điểm trong khối {hit['block_code']}",
        hit["total_score"],
        file,
        hit["source_sheet"],
        hit["source_row"],
        None,
        explanation=(
            "Tổng điểm tính lại = tổng điểm các tiêu chí của đơn vị trong cùng tệp + điểm thưởng − "
            "điểm trừ; tổng điểm khối báo cáo là ô được tô đậm dưới đây."
        ),
    )
    return _with_cells(cur, kind, lineage)


def _award(cur: duckdb.DuckDBPyConnection, args: dict[str, str]) -> Lineage | None:
    kind = "award"
    try:
        row_number = int(args.get("row", ""))
    except ValueError:
        return None
    found = rows(
        cur,
        """select nominee_name, award_name, eligibility_status, source_file, source_sheet,
                  source_row, file_hash
           from marts.mart_award_proposals
           where file_hash = $file and source_sheet = $sheet and source_row = $row""",
        {"file": args.get("file"), "sheet": args.get("sheet"), "row": row_number},
    )
    if not found:
        return None
    hit = found[0]
    file = _file_by_hash(cur, hit["file_hash"])
    figure = f"Đề nghị khen thưởng: {hit['nominee_name']}"
    return _with_cells(
        cur,
        kind,
        Lineage(figure, hit["award_name"], file, hit["source_sheet"], hit["source_row"], None),
    )


def _file_by_path(cur: duckdb.DuckDBPyConnection, source_file: str) -> dict:
    found = rows(
        cur,
        """select file_hash from quality.dq_reconciliation
           where source_file = $path order by is_current desc limit 1""",
        {"path": source_file},
    )
    return _file_by_hash(cur, found[0]["file_hash"]) if found else {"source_file": source_file}


def _file_by_hash(cur: duckdb.DuckDBPyConnection, file_hash: str) -> dict:
    found = rows(
        cur,
        """select recon.source_file, recon.file_hash, recon.workbook_kind, recon.sender_code,
                  recon.period_code, recon.is_current, files.sender_name, files.size_bytes,
                  files.first_seen_at, files.report_date
           from quality.dq_reconciliation as recon
           left join raw.files as files using (file_hash)
           where recon.file_hash = $hash""",
        {"hash": file_hash},
    )
    return found[0] if found else {"file_hash": file_hash}


def _with_cells(cur: duckdb.DuckDBPyConnection, kind: str, lineage: Lineage) -> Lineage:
    table, columns, figure_column = LINEAGE_ROWS[kind]
    file_hash = lineage.file.get("file_hash")
    if not file_hash:
        return lineage
    select = ", ".join(columns)  # names from LINEAGE_ROWS, never from the request
    values = rows(
        cur,
        f"select {select} from raw.{table} where file_hash = $hash and sheet = $sheet and row_number = $row",
        {"hash": file_hash, "sheet": lineage.sheet, "row": lineage.row},
    )
    headers = {
        r["column_name"]: r
        for r in rows(
            cur,
            """select column_name, column_letter, header from raw.sheet_columns
               where file_hash = $hash and sheet = $sheet""",
            {"hash": file_hash, "sheet": lineage.sheet},
        )
    }
    if not values:
        return lineage
    for name in columns:
        header = headers.get(name)
        if header is None:
            continue
        letter = header["column_letter"]
        lineage.cells.append(
            {
                "cell": f"{letter}{lineage.row}",
                "header": header["header"],
                "value": display(values[0][name], CELL_KINDS.get(name, "cell")),
                "is_figure": name == figure_column,
            }
        )
        if name == figure_column and not lineage.cell:
            lineage.cell = f"{letter}{lineage.row}"
    return lineage
