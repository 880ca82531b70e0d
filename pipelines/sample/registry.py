"""The city's registry workbook (danh mục) of one year."""

from __future__ import annotations

import random
from pathlib import Path

from openpyxl import Workbook

from pipelines.core.indicators import MEASURES
from pipelines.core.xlsx_out import (
    national_heading,
    save_deterministic,
    write_table,
)
from pipelines.sample.city import (
    CITY,
    PERIODS,
    YEAR,
    City,
)

# Each sheet's headers, as the registry template has them.
HEADERS = {
    "DonVi": ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"],
    "KhoiThiDua": [
        "Mã khối",
        "Tên khối",
        "Cấp khối",
        "Đơn vị phụ trách",
        "Khối trưởng",
        "Khối phó",
        "Năm",
    ],
    "ThanhVienKhoi": ["Mã khối", "Mã đơn vị", "Năm"],
    "DanhMucChiTieu": [
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Tên chỉ tiêu",
        "Đơn vị tính",
        "Phép so sánh",
        "Giá trị tối thiểu",
        "Giá trị tối đa",
    ],
    "ChiTieuGiao": ["Năm", "Mã đơn vị", "Mã chỉ tiêu", "Chỉ tiêu giao"],
    "KyBaoCao": ["Mã kỳ", "Tên kỳ", "Từ ngày", "Đến ngày", "Hạn nộp"],
    "LichSuKhenThuong": [
        "Số định danh hoặc mã đơn vị",
        "Họ tên / Tên tập thể",
        "Danh hiệu/Hình thức",
        "Năm",
        "Số quyết định",
    ],
    "SapNhapDonVi": ["Mã đơn vị cũ", "Mã đơn vị mới", "Ngày hiệu lực"],
}


def write_registry(
    city: City,
    path: Path,
    rng: random.Random,
    history: list[tuple],
    mergers: list[tuple] = (),
    year: int = YEAR,
    periods: dict | None = None,
) -> None:
    periods = PERIODS if periods is None else periods
    wb = Workbook()
    guide = wb.active
    guide.title = "Hướng dẫn"
    guide["A1"] = f"Danh mục dùng chung cho công tác thi đua, khen thưởng năm {year}."
    guide["A2"] = "Không sửa tên trang và tên cột. Mã đơn vị là mã 5 chữ số theo QĐ 19/2025/QĐ-TTg."
    sheets = _rows(city, history, year, periods)
    if mergers:
        sheets["SapNhapDonVi"] = mergers
    for name, rows in sheets.items():
        headers = HEADERS[name]
        ws = wb.create_sheet(name)
        start = national_heading(
            ws, len(headers), f"UBND {CITY}", f"DANH MỤC: {name}", "Số: 01/DM-TĐKT"
        )
        write_table(ws, start, headers, rows, number_row=False)
    save_deterministic(wb, path)


def _rows(city: City, history: list[tuple], year: int, periods: dict) -> dict[str, list]:
    """Each sheet's rows, in the order the registry has its sheets."""
    return {
        "DonVi": [[u.code, u.name, u.unit_type, u.parent] for u in city.wards + city.agencies],
        "KhoiThiDua": [
            [b.code, b.name, b.level, b.owner, b.leader.code, b.deputy.code, year]
            for b in city.blocks
        ],
        "ThanhVienKhoi": [[b.code, m.code, year] for b in city.blocks for m in b.members],
        "DanhMucChiTieu": [[m[0], m[1], m[2], m[3], m[4], m[6], m[7]] for m in MEASURES],
        "ChiTieuGiao": [
            [year, w.code, code, value] for w in city.wards for code, value in w.targets.items()
        ],
        "KyBaoCao": [[code, p[0], p[1], p[2], p[3]] for code, p in periods.items()],
        "LichSuKhenThuong": history,
    }
