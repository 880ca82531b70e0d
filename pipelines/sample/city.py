"""The made-up city: its wards, blocks and periods, and the defects planted in them."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from pipelines.core.indicators import MEASURES
from pipelines.core.text import fold
from pipelines.sample.catalog import (
    WARD_NAMES,
)

CITY = "Thành phố Thanh Hà"
YEAR = 2026
PERIODS = {
    # code: (name, start, end, deadline, report date of an on-time ward)
    "2026-H1": (
        "6 tháng đầu năm 2026",
        dt.date(2026, 1, 1),
        dt.date(2026, 6, 30),
        dt.date(2026, 7, 10),
        dt.date(2026, 7, 3),
    ),
    "2026-FY": (
        "Năm 2026",
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        dt.date(2026, 12, 15),
        dt.date(2026, 12, 8),
    ),
}

# Last year's periods (pipelines/sample/prior_year.py writes them): the city holds two years.
PRIOR_YEAR = YEAR - 1
PRIOR_PERIODS = {
    "2025-H1": (
        "6 tháng đầu năm 2025",
        dt.date(2025, 1, 1),
        dt.date(2025, 6, 30),
        dt.date(2025, 7, 10),
        dt.date(2025, 7, 4),
    ),
    "2025-FY": (
        "Năm 2025",
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        dt.date(2025, 12, 15),
        dt.date(2025, 12, 9),
    ),
}
ALL_PERIODS = {**PRIOR_PERIODS, **PERIODS}

# Defects a block's report carries: defect → (index of the block in City.blocks, the
# periods whose report has it). D22, a member that did not sign, is in both: the covenant
# is signed once a year.
BLOCK_DEFECTS = {"D15": (0, {"2026-H1"}), "D21": (2, {"2026-FY"}), "D22": (2, set(PERIODS))}
# (id, ward index, period, what is wrong, rule it should trigger)
DEFECTS = [
    (
        "D01",
        1,
        "2026-H1",
        "báo cáo gửi sau hạn (ngày báo cáo 20/07/2026, hạn 10/07/2026)",
        "SONG_LATE",
    ),
    ("D02", -1, "2026-H1", "phường không gửi báo cáo 6 tháng", "DU_SUBMISSION_MISSING"),
    ("D03", 2, "2026-H1", "gửi lại lần 2 (sửa CT01); bản mới thay bản cũ", "SONG_SUPERSEDED"),
    (
        "D04",
        3,
        "2026-H1",
        "chỉ tiêu giao CT01 ghi sai (10 thay vì chỉ tiêu thành phố giao)",
        "DUNG_TARGET_MISMATCH",
    ),
    ("D05", 4, "2026-H1", "dòng CT07a bị nhập hai lần", "SACH_ROW_DUPLICATE"),
    ("D06", 5, "2026-H1", "chữ tiếng Việt dạng tổ hợp (NFD)", "SACH_VALUE_NORMALISED"),
    (
        "D07",
        6,
        "2026-H1",
        "cả tệp gõ bảng mã TCVN3 (font .VnTime, chữ hoa .VnTimeH)",
        "SACH_ENCODING_CONVERTED",
    ),
    ("D08", 7, "2026-H1", "ô định dạng phần trăm (hiện 12,5%, lưu 0,125)", "SACH_VALUE_NORMALISED"),
    (
        "D09",
        8,
        "2026-H1",
        "số nhập dạng chữ có dấu phẩy thập phân và dấu % (“12,5”, “98,2%”)",
        "SACH_VALUE_NORMALISED",
    ),
    ("D10", 9, "2026-H1", "mã đơn vị nhập dạng số, mất số 0 ở đầu", "SACH_VALUE_NORMALISED"),
    ("D11", 10, "2026-H1", "cả tệp gõ bảng mã VNI", "SACH_ENCODING_CONVERTED"),
    ("D12", 2, "2026-FY", "kết quả CT05 ghi “chưa có số liệu”", "DUNG_VALUE_UNREADABLE"),
    (
        "D13",
        0,
        "2026-H1",
        "một tệp gửi hai lần giống hệt nhau (thư mục email/)",
        "SACH_FILE_DUPLICATE",
    ),
    ("D14", None, None, "tệp CSV đổi đuôi thành .xlsx", "DUNG_FILE_UNREADABLE"),
    (
        "D15",
        None,
        "2026-H1",
        "khối 1 ghi sai tổng điểm và xếp hạng của một thành viên",
        "DUNG_TOTAL_MISMATCH",
    ),
    (
        "D16",
        0,
        "2026-FY",
        "họ tên viết hoa toàn bộ, ngày sinh dạng chữ “15/06/1985”",
        "SACH_VALUE_NORMALISED",
    ),
    ("D17", 3, "2026-FY", "tỷ lệ tham gia BHYT (CT07a) 102% vượt 100%", "DUNG_OUT_OF_RANGE"),
    (
        "D18",
        1,
        "2026-FY",
        "đề nghị Lao động tiên tiến cho người xếp loại Hoàn thành nhiệm vụ",
        "DUNG_AWARD_INELIGIBLE",
    ),
    (
        "D19",
        4,
        "2026-FY",
        "số định danh cá nhân không khớp năm sinh (chữ số 5-6)",
        "DUNG_PERSONAL_ID_MISMATCH",
    ),
    (
        "D20",
        5,
        "2026-FY",
        "đề nghị khen một người mà phường Thành Đông cũng đã đề nghị",
        "SACH_PERSON_DUPLICATE",
    ),
    (
        "D21",
        None,
        "2026-FY",
        "khối 3 chấm một thành viên 25 điểm tiêu chí TC02 (tối đa 20)",
        "DUNG_OUT_OF_RANGE",
    ),
    (
        "D22",
        None,
        "2026-H1",
        "một thành viên khối 3 không có trong danh sách ký giao ước (cả 6 tháng và cả năm)",
        "DU_COVENANT_UNSIGNED",
    ),
]


@dataclass
class Unit:
    code: str
    name: str
    unit_type: str
    parent: str | None = None
    targets: dict[str, float] = field(default_factory=dict)


@dataclass
class Block:
    code: str
    name: str
    level: str
    owner: str | None
    members: list[Unit]

    @property
    def leader(self) -> Unit:
        return self.members[0]

    @property
    def deputy(self) -> Unit:
        return self.members[1]


@dataclass
class City:
    wards: list[Unit]
    agencies: list[Unit]
    blocks: list[Block]


def ascii_name(text: str) -> str:
    return fold(text).title()


def build_city(rng: random.Random, ward_count: int) -> City:
    wards = []
    for index in range(ward_count):
        base = WARD_NAMES[index % len(WARD_NAMES)]
        name = base if index < len(WARD_NAMES) else f"{base} {index // len(WARD_NAMES) + 1}"
        kind = "Xã" if index % 7 == 6 else "Phường"
        ward = Unit(f"{127 + 3 * index:05d}", f"{kind} {name}", kind)
        for code, _, _, unit, _, target, _, _, _ in MEASURES:
            ward.targets[code] = _assigned_target(rng, code, unit, target)
        wards.append(ward)
    first = wards[0]
    agencies = [
        Unit(
            f"{first.code}.TH{i}",
            f"Trường {level} {first.name.split(' ', 1)[1]}",
            "Trường học",
            first.code,
        )
        for i, level in enumerate(["Mầm non", "Tiểu học", "Trung học cơ sở", "Mầm non Hoa Sen"], 1)
    ]
    agencies.append(Unit(f"{first.code}.YT", f"Trạm y tế {first.name}", "Trạm y tế", first.code))
    size = 4 if ward_count <= 24 else 8
    blocks = [
        Block(
            f"K{index // size + 1:02d}",
            f"Khối thi đua số {index // size + 1}",
            "Thành phố",
            None,
            wards[index : index + size],
        )
        for index in range(0, ward_count, size)
        if len(wards[index : index + size]) >= 2
    ]
    blocks.append(
        Block(
            f"K{first.code}-GD",
            f"Khối thi đua các trường học {first.name}",
            "Phường",
            first.code,
            agencies[:4],
        )
    )
    return City(wards, agencies, blocks)


def _assigned_target(rng: random.Random, code: str, unit: str, target: float) -> float:
    if code == "CT01":
        return rng.choice([11.0, 11.5, 12.0, 12.5, 13.0])
    if code == "CT05":
        return float(rng.choice([20, 25, 30]))
    return float(target)


def _actual(rng: random.Random, comparator: str, unit: str, target: float, achieve: bool) -> float:
    if unit == "Có/Không":
        return 1.0 if achieve else 0.0
    if unit == "Mức":
        return float(rng.choice([2, 3]) if achieve else 1)
    if unit == "số":
        return target + rng.choice([0, 1]) if achieve else max(0.0, target - 1)
    step = rng.choice([0.1, 0.2, 0.5, 1.0, 1.5, 2.5])
    if comparator == "=":
        return target if achieve else round(target - step, 1)
    if comparator in (">=", ">"):
        value = target + step if achieve else target - step
        return round(min(value, 100.0) if target <= 100 and comparator == ">" else value, 2)
    return round(max(target - step / 10, 0.05) if achieve else target + step / 5, 2)
