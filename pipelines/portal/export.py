"""What a page shows, as the Excel or CSV file a person downloads from it."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from pipelines.core.values import vn_number
from pipelines.core.xlsx_out import BOLD, HEADER_FILL, safe_text
from pipelines.portal.data import Table
from pipelines.portal.labels import export_value


def to_xlsx(title: str, tables: list[Table], built: str) -> bytes:
    """One sheet per table: a title line, the build it came from, then the table with filters."""
    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(table.name[:31])
        ws.cell(1, 1, f"{title}: {table.title}").font = BOLD
        ws.cell(2, 1, built)
        for col, column in enumerate(table.columns, start=1):
            cell = ws.cell(4, col, column.label)
            cell.font, cell.fill = BOLD, HEADER_FILL
            ws.column_dimensions[get_column_letter(col)].width = 14 if column.kind != "text" else 24
        for row_index, row in enumerate(table.rows, start=5):
            for col, column in enumerate(table.columns, start=1):
                ws.cell(row_index, col, safe_text(export_value(row.get(column.key), column.kind)))
        ws.freeze_panes = "A5"
        if table.columns:
            ws.auto_filter.ref = (
                f"A4:{get_column_letter(len(table.columns))}{max(4 + len(table.rows), 5)}"
            )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def to_csv(table: Table) -> bytes:
    """As Excel with Vietnamese regional settings reads a CSV: UTF-8 with a byte-order mark
    (Vietnamese text), fields separated by ";" and decimals by "," (12,5), no thousands
    separator, dates as dd/mm/yyyy."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([column.label for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(export_value(row.get(c.key), c.kind)) for c in table.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float)):
        return vn_number(value, decimals=6, grouping=False)
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return safe_text(str(value))
