"""Writing workbooks the way city offices lay them out, byte-for-byte reproducible."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipelines.core.xlsx_rows import DEFER_MIN_ROWS, StyleCache, defer_rows, save_workbook

FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
BOLD = Font(name="Times New Roman", bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def national_heading(ws: Worksheet, width: int, issuer: str, title: str, number: str) -> int:
    """Quốc hiệu, tiêu ngữ, số hiệu and title as real reports carry them; returns next row."""
    half = max(2, width // 2)
    rows = [
        (issuer.upper(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (number, "Độc lập - Tự do - Hạnh phúc"),
    ]
    for offset, (left, right) in enumerate(rows, start=1):
        ws.cell(offset, 1, left).font = BOLD
        ws.cell(offset, half + 1, right).font = BOLD
        ws.merge_cells(start_row=offset, start_column=1, end_row=offset, end_column=half)
        ws.merge_cells(start_row=offset, start_column=half + 1, end_row=offset, end_column=width)
    ws.cell(4, 1, title).font = Font(name="Times New Roman", bold=True, size=13)
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=width)
    ws.cell(4, 1).alignment = CENTER
    return 6


def write_table(
    ws: Worksheet,
    start_row: int,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    number_row: bool = True,
    widths: Sequence[int] | None = None,
    defer: bool = False,
) -> int:
    """Header, optional row of column numbers, rows; returns the row after the table.

    defer: a long table's rows are written as XML at save time (xlsx_rows), for reports;
    the sample generator keeps openpyxl's usual output, like the workbooks wards send."""
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(start_row, col, header)
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER_FILL, CENTER, BORDER
        width = (widths or [18] * len(headers))[col - 1]
        ws.column_dimensions[get_column_letter(col)].width = width
    row_index = start_row + 1
    if number_row:
        for col in range(1, len(headers) + 1):
            ws.cell(row_index, col, f"({col})").alignment = CENTER
        row_index += 1
    if defer and len(rows) >= DEFER_MIN_ROWS:
        defer_rows(ws, row_index, rows, border=BORDER)
        row_index += len(rows)
    else:
        styles = StyleCache()
        for row in rows:
            for col, value in enumerate(row, start=1):
                if isinstance(value, tuple):  # (value, number_format)
                    value, number_format = value
                    styles.apply(
                        ws.cell(row_index, col, value), border=BORDER, number_format=number_format
                    )
                else:
                    styles.apply(ws.cell(row_index, col, value), border=BORDER)
            row_index += 1
    ws.freeze_panes = f"A{start_row + 1}"  # a reference, not ws.cell(): that would add a cell
    return row_index


def signature_block(
    ws: Worksheet,
    row: int,
    width: int,
    place_date: str,
    signer: str,
    on_behalf: str = "TM. ỦY BAN NHÂN DÂN",
) -> None:
    ws.cell(row + 1, max(1, width - 2), place_date)
    ws.cell(row + 2, 1, "Người lập biểu").font = BOLD
    ws.cell(row + 2, max(1, width - 2), on_behalf).font = BOLD
    ws.cell(row + 3, 1, "(Ký, ghi rõ họ tên)")
    ws.cell(row + 6, max(1, width - 2), signer)


def safe_text(value: Any) -> Any:
    """Text Excel would run as a formula is prefixed with an apostrophe-like quote."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def save_deterministic(wb: Workbook, path: Path) -> None:
    """Same content, same bytes: fixed document times and zip entry times."""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "thidua"
    wb.properties.lastModifiedBy = "thidua"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(save_workbook(wb, _fix_core_times, date_time=(1980, 1, 1, 0, 0, 0)))


def _fix_core_times(name: str, data: bytes) -> bytes:
    # openpyxl stamps "modified" with the clock at save time.
    import re

    if name != "docProps/core.xml":
        return data
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", data
    )
