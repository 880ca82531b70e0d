"""Feedback for a sender: a copy of its own workbook with every failing cell marked.

The first sheet ("PhanHoi") is the receipt (received, accepted or rejected, on
time or late) and the list of issues (sheet, row, column, value, what to fix);
each failing cell is filled (red: error, orange: warning) and carries a comment.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from pipelines.core.personal_id import mask
from pipelines.core.text import fold, header_key
from pipelines.core.values import vn_number
from pipelines.core.xlsx_out import BOLD, BORDER, HEADER_FILL, safe_text
from pipelines.quality.rules import SENDER_SEVERITY_LABELS
from pipelines.reading.preflight import FileTooCostly, check_archive
from pipelines.reading.specs import KIND_LABELS

FILLS = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
}
SEVERITY_LABELS = SENDER_SEVERITY_LABELS  # dbt_project/seeds/quality_labels.csv
_LETTER_IN_LABEL = re.compile(r"\(cột ([A-Z]{1,3})\)")
_INTERNAL_NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+|[a-z]+")
_FLOAT_TEXT = re.compile(r"-?\d+\.\d+")


@dataclass
class Receipt:
    sender_code: str
    sender_name: str | None
    period_code: str
    workbook_kind: str
    source_file: str | None
    submitted_on: Any
    deadline: Any
    days_late: int
    versions: int
    status: str  # "accepted", "accepted_with_quarantine", "rejected", "missing"
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    period_name: str | None = None  # "6 tháng đầu năm 2026", as the registry names it


@dataclass
class CellIssue:
    severity: str
    rule_code: str
    sheet: str | None
    row_number: int | None
    column_name: str | None
    value: str | None
    message: str


@dataclass
class SheetColumns:
    """Where each column of a sheet is: warehouse name / header → Excel letter."""

    letters: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → key → letter
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → name → header

    def add(self, sheet: str, column_name: str, header: str | None, letter: str) -> None:
        keys = self.letters.setdefault(sheet, {})
        keys[column_name] = letter
        if header:
            keys[header_key(header)] = letter
            self.headers.setdefault(sheet, {})[column_name] = " ".join(header.split())

    def label(self, sheet: str | None, column: str | None) -> str:
        """The column as the sender knows it: its letter and its header as written, never
        the warehouse's name for it."""
        if not column:
            return ""
        header = self.headers.get(sheet or "", {}).get(column)
        shown = header or (column if not _INTERNAL_NAME.fullmatch(column) else "")
        letter = self.letter(sheet, column)
        if letter and not _LETTER_IN_LABEL.search(shown):
            return f"{letter} - {shown}" if shown else letter
        return shown

    def letter(self, sheet: str | None, column: str | None) -> str | None:
        if not sheet or not column:
            return None
        found = _LETTER_IN_LABEL.search(column)
        if found:
            return found.group(1)
        keys = self.letters.get(sheet, {})
        return keys.get(column) or keys.get(header_key(column))


STATUS_LABELS = {
    "accepted": "Đã tiếp nhận",
    "accepted_with_quarantine": "Đã tiếp nhận; một số dòng bị loại, cần sửa và gửi lại",
    "rejected": "Không tiếp nhận được: cần sửa và gửi lại toàn bộ tệp",
    "missing": "Chưa nhận được báo cáo",
}


def feedback_workbook(
    original: bytes | None,
    receipt: Receipt,
    issues: list[CellIssue],
    columns: SheetColumns,
    redact: bool = False,
) -> bytes:
    """The sender's workbook (or a new one if none could be read) with the feedback sheet first.

    redact: personal numbers masked and birth dates blanked, for a copy read by anyone
    other than the sender (the web portal).
    """
    wb = _open_copy(original)
    if redact:
        _redact_personal(wb, columns)
    _mark_cells(wb, issues, columns)
    sheet = wb.create_sheet("PhanHoi", 0)
    _write_receipt(sheet, receipt, issues, columns)
    wb.active = 0
    for other in wb.worksheets[1:]:
        other.sheet_view.tabSelected = False
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _open_copy(original: bytes | None) -> Workbook:
    """The sender's own workbook, made inert: formulas replaced by the values Excel saved,
    links to other workbooks, web addresses and names pointing outside dropped. A file past
    preflight's bounds is not opened (openpyxl holds every cell as an object): the
    feedback then stands alone."""
    if original and _within_bounds(original):
        try:
            wb = load_workbook(io.BytesIO(original), data_only=True, keep_links=False)
        except Exception:  # an unreadable file: the feedback stands alone
            pass
        else:
            _drop_outside_references(wb)
            return wb
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def _within_bounds(original: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(original)) as archive:
            shapes = check_archive(archive)
    except (zipfile.BadZipFile, FileTooCostly, OSError):
        return False
    return not any(shape.problem for shape in shapes.sheets.values())


def _drop_outside_references(wb: Workbook) -> None:
    """Nothing in a feedback copy reaches outside it when opened: no web or file links, no
    names or drop-downs reading another workbook ([1]Sheet!A1)."""
    for name in list(wb.defined_names):
        if "[" in (wb.defined_names[name].attr_text or ""):
            del wb.defined_names[name]
    for ws in wb.worksheets:
        for name in list(ws.defined_names):
            if "[" in (ws.defined_names[name].attr_text or ""):
                del ws.defined_names[name]
        for row in ws.iter_rows():
            for cell in row:
                if cell.hyperlink is not None and cell.hyperlink.target:
                    cell.hyperlink = None
        for validation in list(ws.data_validations.dataValidation):
            if "[" in f"{validation.formula1 or ''}{validation.formula2 or ''}":
                ws.data_validations.dataValidation.remove(validation)


PERSONAL_COLUMNS = {"personal_id": "number", "nominee_id": "number", "birth_date": "date"}
_DATE_TEXT = re.compile(r"\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,4}")


def _redact_personal(wb: Workbook, columns: SheetColumns) -> None:
    sheets = {fold(name).replace(" ", ""): name for name in wb.sheetnames}
    for sheet, keys in columns.letters.items():
        name = sheets.get(fold(sheet).replace(" ", ""))
        if name is None:
            continue
        ws = wb[name]
        for column, kind in PERSONAL_COLUMNS.items():
            letter = keys.get(column)
            if not letter:
                continue
            for (cell,) in ws[f"{letter}1:{letter}{ws.max_row}"]:
                value = cell.value
                if kind == "number" and value is not None and str(value).strip().isdigit():
                    cell.value = mask(str(value).strip())
                elif kind == "date" and (
                    isinstance(value, dt.date)
                    or (isinstance(value, (str, int, float)) and _DATE_TEXT.search(str(value)))
                ):
                    cell.value = "**/**/****"


def _mark_cells(wb: Workbook, issues: list[CellIssue], columns: SheetColumns) -> None:
    sheets = {fold(name).replace(" ", ""): name for name in wb.sheetnames}
    comments: dict[tuple[str, str], list[str]] = {}
    for issue in issues:
        if issue.severity not in FILLS or not issue.sheet or not issue.row_number:
            continue
        name = sheets.get(fold(issue.sheet).replace(" ", ""))
        if name is None:
            continue
        letter = columns.letter(issue.sheet, issue.column_name) or "A"
        ref = f"{letter}{issue.row_number}"
        cell = wb[name][ref]
        if cell.fill != FILLS["error"]:
            cell.fill = FILLS[issue.severity]
        comments.setdefault((name, ref), []).append(f"[{issue.rule_code}] {issue.message}")
    for (name, ref), texts in comments.items():
        comment = Comment("\n".join(texts), "Ban TĐKT")
        comment.width, comment.height = 320, 60 + 40 * len(texts)
        wb[name][ref].comment = comment


# the issue table's columns: STT, Trang, Dòng, Cột, Giá trị, Mức độ, Mã quy tắc, Nội dung
WIDTHS = (5, 17, 6, 24, 16, 15, 27, 50)
WRAPPED = (4, 5, 8)


def _write_receipt(sheet, receipt: Receipt, issues: list[CellIssue], columns: SheetColumns) -> None:
    start = _receipt_heading(sheet, receipt) + 1
    ranked = _issue_rows(sheet, start, issues, columns)
    _page_setup(sheet, start, ranked)


def _receipt_heading(sheet, receipt: Receipt) -> int:
    """The title and what was received, one line each; the last row written."""
    title = "PHIẾU PHẢN HỒI CHẤT LƯỢNG DỮ LIỆU THI ĐUA, KHEN THƯỞNG"
    sheet["A1"] = title
    sheet["A1"].font = Font(name="Times New Roman", bold=True, size=13)
    kind = KIND_LABELS.get(receipt.workbook_kind, receipt.workbook_kind)
    timeliness = (
        "—"
        if receipt.status == "missing"
        else ("Đúng hạn" if receipt.days_late == 0 else f"Muộn {receipt.days_late} ngày")
    )
    lines = [
        ("Đơn vị gửi", f"{receipt.sender_code} - {receipt.sender_name or ''}"),
        ("Loại báo cáo", kind),
        ("Kỳ báo cáo", receipt.period_name or receipt.period_code),
        ("Tệp đang dùng", receipt.source_file or "—"),
        ("Ngày báo cáo", _date(receipt.submitted_on)),
        ("Hạn nộp", _date(receipt.deadline)),
        ("Thời hạn", timeliness),
        ("Số lần gửi", receipt.versions),
        ("Kết quả tiếp nhận", STATUS_LABELS[receipt.status]),
        (
            "Số dòng",
            f"đọc {vn_number(receipt.rows_read)}, nạp {vn_number(receipt.rows_loaded)},"
            f" bị loại {vn_number(receipt.rows_quarantined)}",
        ),
    ]
    for offset, (label, value) in enumerate(lines, start=3):
        # a label spans A:C and its value D:H, so neither is cut by the narrow STT column
        sheet.merge_cells(start_row=offset, start_column=1, end_row=offset, end_column=3)
        sheet.merge_cells(start_row=offset, start_column=4, end_row=offset, end_column=8)
        sheet.cell(offset, 1, label).font = BOLD
        sheet.cell(offset, 4, safe_text(value)).alignment = Alignment(horizontal="left")
    return 3 + len(lines)


def _issue_rows(sheet, start: int, issues: list[CellIssue], columns: SheetColumns) -> list:
    """The issues to fix under a header row at `start`, errors first; the issues as ranked."""
    headers = ["STT", "Trang", "Dòng", "Cột", "Giá trị", "Mức độ", "Mã quy tắc", "Nội dung cần sửa"]
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(start, col, header)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
    order = {"error": 0, "warning": 1, "info": 2}
    ranked = sorted(issues, key=lambda i: (order[i.severity], i.sheet or "", i.row_number or 0))
    for index, issue in enumerate(ranked, start=1):
        row = [
            index,
            issue.sheet,
            issue.row_number,
            columns.label(issue.sheet, issue.column_name),
            shown(issue.value),
            SEVERITY_LABELS[issue.severity],
            issue.rule_code,
            issue.message,
        ]
        for col, value in enumerate(row, start=1):
            cell = sheet.cell(start + index, col, safe_text(value))
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=col in WRAPPED, vertical="top")
            if issue.severity in FILLS and col == 6:
                cell.fill = FILLS[issue.severity]
        # wrapped text grows its row only if the row says how tall: neither Excel nor
        # LibreOffice measures a row openpyxl wrote
        lines = max(
            -(-len(str(row[col - 1] or "")) // int(WIDTHS[col - 1] * 1.1)) for col in WRAPPED
        )
        sheet.row_dimensions[start + index].height = 15 * max(lines, 1)
    if not issues:
        sheet.cell(start + 1, 1, "Không có vấn đề nào. Cảm ơn đơn vị.")
    return ranked


def _page_setup(sheet, start: int, ranked: list) -> None:
    for letter, width in zip("ABCDEFGH", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(start + 1, 1)
    sheet.auto_filter.ref = f"A{start}:H{start + max(len(ranked), 1)}"
    # printed on A4 across: the whole table fits the page's width, rows run on
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{start}:{start}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def shown(value: str | None) -> str | None:
    """A value quoted to the sender the Vietnamese way: "27.0" is 27, "12.5" is 12,5."""
    if value is not None and _FLOAT_TEXT.fullmatch(value.strip()):
        return vn_number(float(value), grouping=False)
    return value


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else "—"
