"""Blank workbooks of the three kinds, built from the same specs the reader uses.

Drop-down lists (codes, Có/Không, ratings, award names) and number checks
stop most mistakes at the ward, before the file reaches the city.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipelines.core.indicators import MEASURES
from pipelines.core.xlsx_out import national_heading, save_deterministic, write_table
from pipelines.reading.specs import INFO_SHEET, KINDS, RATINGS, SheetSpec

AWARD_CATALOG = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "award_catalog.csv"

FILE_NAMES = {
    "registry": "Mau_DanhMuc_ThanhPho.xlsx",
    "unit_report": "Mau_BaoCao_DonVi.xlsx",
    "block_report": "Mau_BaoCao_KhoiThiDua.xlsx",
}
INFO_FIELDS = {
    "unit_report": [
        "Mã đơn vị",
        "Tên đơn vị",
        "Kỳ báo cáo",
        "Ngày báo cáo",
        "Người lập",
        "Điện thoại",
        "Email",
    ],
    "block_report": [
        "Mã khối",
        "Tên khối",
        "Kỳ báo cáo",
        "Ngày báo cáo",
        "Đơn vị khối trưởng",
        "Người lập",
    ],
}
DATA_ROWS = 200
# Columns read from other layouts (the province software's "Tên gọi") that the city's own
# templates leave out: a title goes before the name there, not in a column of its own.
NOT_IN_TEMPLATES = {"honorific", "award_title_code"}
PERIOD_EXAMPLES = ["6 tháng đầu năm 2026", "Năm 2026", "Quý I năm 2026", "Năm học 2025-2026"]
YES_NO = ["Có", "Không"]
INITIATIVE_LEVELS = ["Cơ sở", "Thành phố", "Toàn quốc"]


def _list_validation(
    ws: Worksheet,
    column: int,
    first_row: int,
    source: str,
    prompt: str,
    rows: int = DATA_ROWS,
    strict: bool = True,
) -> None:
    """A drop-down over the column's data rows (rows=1: one cell). strict=False suggests:
    a value outside the list asks once, then stays (a period or an award the list lacks)."""
    validation = DataValidation(type="list", formula1=source, allow_blank=True)
    validation.error = f"Chọn một giá trị trong danh sách: {prompt}"
    validation.errorTitle = "Giá trị không hợp lệ"
    if not strict:
        validation.errorStyle = "warning"
        validation.error = f"Giá trị không có trong danh sách gợi ý ({prompt}). Vẫn giữ?"
        validation.errorTitle = "Kiểm tra lại"
    validation.prompt = prompt
    validation.showErrorMessage = True
    ws.add_data_validation(validation)
    letter = ws.cell(first_row, column).column_letter
    validation.add(f"{letter}{first_row}:{letter}{first_row + rows - 1}")


def _number_validation(ws: Worksheet, column: int, first_row: int) -> None:
    validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    validation.error = "Nhập một số không âm (dùng dấu phẩy thập phân theo cài đặt máy)."
    validation.errorTitle = "Phải là số"
    validation.showErrorMessage = True
    ws.add_data_validation(validation)
    letter = ws.cell(first_row, column).column_letter
    validation.add(f"{letter}{first_row}:{letter}{first_row + DATA_ROWS - 1}")


def catalog_award_names() -> list[str]:
    """Every award the city decides, as the catalog names it (seeds/award_catalog.csv)."""
    with AWARD_CATALOG.open(encoding="utf-8") as handle:
        return [
            row["award_name"] for row in csv.DictReader(handle) if row["decided_here"] == "true"
        ]


def _lists_sheet(wb: Workbook) -> dict[str, str]:
    """A DANHMUC sheet holding the drop-down lists; returns list name → range formula."""
    ws = wb.create_sheet("DANHMUC")
    lists = {
        "yes_no": YES_NO,
        "rating": list(RATINGS),
        "nominee_type": [key.capitalize() for key in ("Cá nhân", "Tập thể", "Hộ gia đình")],
        "gender": ["Nam", "Nữ"],
        "award": catalog_award_names(),
        "initiative_level": INITIATIVE_LEVELS,
        "measure": [m[0] for m in MEASURES],
        "period": PERIOD_EXAMPLES,
        "comparator": [">=", ">", "<=", "<", "="],
    }
    formulas = {}
    for col, (name, values) in enumerate(lists.items(), start=1):
        ws.cell(1, col, name)
        for row, value in enumerate(values, start=2):
            ws.cell(row, col, value)
        letter = ws.cell(1, col).column_letter
        formulas[name] = f"DANHMUC!${letter}$2:${letter}${len(values) + 1}"
    ws.sheet_state = "hidden"
    return formulas


_LIST_FOR = {
    "yes_no": "yes_no",
    "rating": "rating",
    "nominee_type": "nominee_type",
    "gender": "gender",
    "comparator": "comparator",
}
_LIST_FOR_COLUMN = {
    "award_name": "award",
    "initiative_level": "initiative_level",
    "measure_code": "measure",
}


def _data_sheet(wb: Workbook, spec: SheetSpec, formulas: dict[str, str]) -> None:
    ws = wb.create_sheet(spec.sheet)
    headers = [column.headers[0] for column in spec.columns if column.name not in NOT_IN_TEMPLATES]
    if spec.criterion_columns:
        headers[3:3] = ["TC01", "TC02", "TC03"]
    start = national_heading(ws, len(headers), "TÊN ĐƠN VỊ: ……………", spec.label.upper(), "Số: ……")
    write_table(ws, start, headers, [], number_row=True)
    first_data = start + 2
    for col, header in enumerate(headers, start=1):
        column = next((c for c in spec.columns if c.headers[0] == header), None)
        if column is None:  # a criterion column
            _number_validation(ws, col, first_data)
            continue
        list_name = _LIST_FOR.get(column.kind) or _LIST_FOR_COLUMN.get(column.name)
        if list_name:
            # an award outside the city's catalog (a Huân chương) may still be proposed
            strict = list_name != "award"
            _list_validation(ws, col, first_data, formulas[list_name], header, strict=strict)
        elif column.kind in ("number", "deduction", "year"):
            _number_validation(ws, col, first_data)


def _info_sheet(wb: Workbook, kind: str, formulas: dict[str, str]) -> None:
    ws = wb.active
    ws.title = INFO_SHEET
    national_heading(ws, 4, "TÊN ĐƠN VỊ: ……………", "THÔNG TIN BÁO CÁO", "Số: ……/BC")
    for row, label in enumerate(INFO_FIELDS[kind], start=6):
        ws.cell(row, 1, label)
        if label == "Kỳ báo cáo":  # its own cell only; the examples suggest, any period goes
            _list_validation(ws, 2, row, formulas["period"], label, rows=1, strict=False)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 40


def write_templates(out: Path) -> list[Path]:
    written = []
    for kind, specs in KINDS.items():
        wb = Workbook()
        guide = wb.active
        guide.title = "Hướng dẫn"
        guide["A1"] = "Không đổi tên trang, tên cột. Mã đơn vị nhập dạng chữ (giữ số 0 ở đầu)."
        guide["A2"] = "Kỳ báo cáo ghi như: 6 tháng đầu năm 2026; Năm 2026; Quý I năm 2026."
        if kind == "unit_report":  # read as award_proposals (specs.PROPOSALS_ONLY)
            guide["A3"] = (
                "Trường học, cơ quan không có chỉ tiêu, hoặc phường gửi riêng tờ trình khen "
                "thưởng: xoá trang KetQuaChiTieu, chỉ gửi ThongTin và DeNghiKhenThuong."
            )
        formulas = _lists_sheet(wb)
        if kind != "registry":
            info = wb.create_sheet(INFO_SHEET, 0)
            wb.active = info
            _info_sheet(wb, kind, formulas)
        for spec in specs:
            _data_sheet(wb, spec, formulas)
        path = out / FILE_NAMES[kind]
        save_deterministic(wb, path)
        written.append(path)
    return written
