"""Who sent a file and for which period: its ThongTin sheet, or for a province's nominee
list without one, the folders it was filed in; and the year a registry is for."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.core.periods import period_code, period_year
from pipelines.core.text import clean_text, header_key
from pipelines.core.values import parse_code, parse_date
from pipelines.quality.rules import Issue
from pipelines.reading.headers import HEADER_SEARCH_ROWS, find_header
from pipelines.reading.reader import SheetTooLarge, Workbook
from pipelines.reading.specs import INFO_LABELS, PROPOSALS_ONLY, READ_KINDS, UNIT_KINDS

if TYPE_CHECKING:
    from pipelines.reading.workbook import ParsedFile


def read_info(rows: list[list[Any]]) -> dict[str, Any]:
    """Label in one cell, value in the first filled cell to its right; or both in one
    cell, as offices often type them ("Kỳ báo cáo: 6 tháng đầu năm 2026")."""
    wanted = {header_key(label): name for name, labels in INFO_LABELS.items() for label in labels}
    info: dict[str, Any] = {}
    for row in rows[:60]:
        for col, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            name = wanted.get(header_key(cell))
            value = None
            if name is None and ":" in cell:
                label, _, typed = cell.partition(":")
                name = wanted.get(header_key(label))
                value = typed.strip() or None
            if name is None or name in info:
                continue
            if value is None:
                value = next((v for v in row[col + 1 :] if v is not None and str(v).strip()), None)
            if value is not None:
                info[name] = value
    return info


def read_identity(book: Workbook, sheet: str, parsed: ParsedFile) -> None:
    """Sender, period and date from the ThongTin sheet; each one missing or unreadable said."""
    info = read_info(book.rows(sheet, max_rows=60))
    parsed.info = {k: clean_text(str(v)) if isinstance(v, str) else v for k, v in info.items()}
    _sender(info, sheet, parsed)
    _period(info, sheet, parsed)
    if "report_date" in info:
        _report_date(info, sheet, parsed)


def _sender(info: dict[str, Any], sheet: str, parsed: ParsedFile) -> None:
    if "sender_code" in info:
        width = 5 if parsed.kind in UNIT_KINDS else None
        code = parse_code(info["sender_code"], width)
        parsed.sender_code = code.value
        if code.note:
            parsed.issues.append(
                Issue(
                    "SACH_VALUE_NORMALISED",
                    code.note,
                    sheet,
                    None,
                    "Mã đơn vị",
                    str(info["sender_code"]),
                )
            )
    else:
        label = "Mã đơn vị" if parsed.kind in UNIT_KINDS else "Mã khối"
        parsed.issues.append(
            Issue(
                "DU_INFO_MISSING",
                f"Trang “{sheet}” không có “{label}”: không biết đơn vị gửi. "
                f"Vui lòng điền “{label}”.",
                sheet=sheet,
                column_name=label,
                blocks_file=True,
            )
        )
    parsed.sender_name = parsed.info.get("sender_name")


def _period(info: dict[str, Any], sheet: str, parsed: ParsedFile) -> None:
    raw_period = info.get("period")
    parsed.period_code = period_code(raw_period) if raw_period is not None else None
    if parsed.period_code is None:
        parsed.issues.append(
            Issue(
                "DUNG_PERIOD_UNREADABLE",
                f"Trang “{sheet}”: kỳ báo cáo “{raw_period or ''}” không đọc được. "
                "Ghi theo mẫu: “6 tháng đầu năm 2026”, “Năm 2026”, “Quý I năm 2026”.",
                sheet=sheet,
                column_name="Kỳ báo cáo",
                value=None if raw_period is None else str(raw_period),
                blocks_file=True,
            )
        )


def _report_date(info: dict[str, Any], sheet: str, parsed: ParsedFile) -> None:
    date = parse_date(info["report_date"])
    parsed.report_date = date.value
    if date.value is not None and date.note:
        parsed.issues.append(
            Issue(
                "SACH_VALUE_NORMALISED",
                date.note,
                sheet,
                None,
                "Ngày báo cáo",
                str(info["report_date"]),
            )
        )
    if date.value is None:
        parsed.issues.append(
            Issue(
                "DUNG_VALUE_UNREADABLE",
                f"Ngày báo cáo: {date.note}.",
                sheet=sheet,
                row_number=None,
                column_name="Ngày báo cáo",
                value=str(info["report_date"]),
            )
        )


def nominee_list_sheet(book: Workbook) -> str | None:
    """The sheet of a workbook without the contract's sheets whose header is a nominee
    list's (a name column and an award column, in any of their wordings): the one that
    names most columns. Lookup sheets and instructions name none."""
    spec = READ_KINDS[PROPOSALS_ONLY][0]
    best: tuple[int, str] | None = None
    for name in book.sheet_names:
        try:
            rows = book.rows(name, max_rows=HEADER_SEARCH_ROWS)
        except SheetTooLarge:
            continue
        header = find_header(rows, spec)
        if header is None or "award_name" not in header[1]:
            continue
        if best is None or len(header[1]) > best[0]:
            best = (len(header[1]), name)
    return best[1] if best else None


# A folder named by a unit's code: a ward's 5 digits (00127), or a registry code (00127.TH1).
_UNIT_FOLDER = re.compile(r"\d{5}(?:\.[A-Za-z0-9-]+)?")


def identity_from_folders(parsed: ParsedFile, sheet: str) -> None:
    """Sender and period of a list without an info sheet: the nearest folders named by a
    period (2026-FY, Năm 2026) and by a unit code, in either order (CONTRACT.md section 1).
    The file's own name is never read."""
    folders = Path(parsed.path).parts[:-1]
    period = next((code for part in reversed(folders) if (code := period_code(part))), None)
    unit = next((part for part in reversed(folders) if _UNIT_FOLDER.fullmatch(part)), None)
    if period is None or unit is None:
        parsed.issues.append(
            Issue(
                "DU_INFO_MISSING",
                f"Danh sách đề nghị khen thưởng (trang “{sheet}”, theo mẫu phần mềm thi đua "
                "của tỉnh) không có trang ThongTin nên không biết "
                + ("đơn vị gửi và kỳ báo cáo" if period is None and unit is None
                   else "kỳ báo cáo" if period is None else "đơn vị gửi")
                + ". Hãy đặt tệp trong thư mục mang mã kỳ và thư mục mang mã đơn vị, ví dụ "
                "raw/2026-FY/00127/danh sach.xlsx, hoặc chép danh sách vào biểu mẫu của "
                "thành phố (có trang ThongTin).",
                sheet=sheet,
                blocks_file=True,
            )
        )  # fmt: skip
        return
    parsed.sender_code, parsed.period_code = unit, period
    parsed.issues.append(
        Issue(
            "SACH_IDENTITY_FROM_FOLDERS",
            f"Tệp không có trang ThongTin: đơn vị {unit} và kỳ {period} lấy từ thư mục "
            f"“{'/'.join(folders)}”.",
            sheet=sheet,
        )
    )


def registry_year(parsed: ParsedFile) -> None:
    """The year a registry is for (CONTRACT.md section 1): its ThongTin's Năm, else the year
    its KyBaoCao periods name (a school year by the year it ends), else its targets' year.
    Each year's newest registry amends that year only (int_files__versions)."""
    stated = re.search(r"\b(19|20)\d\d\b", str(parsed.info.get("year", "")))
    stated = int(stated.group()) if stated else None
    periods = [
        period_year(row["period_code"])
        for row in _rows(parsed, "registry_periods")
        if row.get("period_code") and not row.get("has_error")
    ]
    targets = [row["year"] for row in _rows(parsed, "registry_targets") if row.get("year")]
    year = stated or max(periods, default=None) or max(targets, default=None)
    parsed.info = {key: value for key, value in parsed.info.items() if key != "year"}
    if year is not None:
        parsed.info["year"] = int(year)


def _rows(parsed: ParsedFile, table: str) -> list[dict[str, Any]]:
    found = parsed.tables.get(table)
    return found.rows if found else []
