"""A synthetic city: one registry, ward and block reports, with the defects real wards make.

The same seed gives byte-identical files. Every defect is listed in DEFECTS
with the ward it is planted in and the rule it should trigger, and written
to DEFECTS.md beside the files so a steward can check the pipeline finds it.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from pipelines.lib.text import encode_tcvn3, encode_vni, fold
from pipelines.lib.xlsx_out import (
    national_heading,
    save_deterministic,
    signature_block,
    write_table,
)
from pipelines.sample.award_cases import Added, Units, add_cases
from pipelines.sample.catalog import (
    AWARDS_PROPOSED,
    CRITERIA,
    GIVEN_FEMALE,
    GIVEN_MALE,
    GROUPS,
    MEASURES,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    POSITIONS,
    SCHOOL_POSITIONS,
    SURNAMES,
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


# --- registry -------------------------------------------------------------


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
    sheets = {
        "DonVi": (
            ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"],
            [[u.code, u.name, u.unit_type, u.parent] for u in city.wards + city.agencies],
        ),
        "KhoiThiDua": (
            [
                "Mã khối",
                "Tên khối",
                "Cấp khối",
                "Đơn vị phụ trách",
                "Khối trưởng",
                "Khối phó",
                "Năm",
            ],
            [
                [b.code, b.name, b.level, b.owner, b.leader.code, b.deputy.code, year]
                for b in city.blocks
            ],
        ),
        "ThanhVienKhoi": (
            ["Mã khối", "Mã đơn vị", "Năm"],
            [[b.code, m.code, year] for b in city.blocks for m in b.members],
        ),
        "DanhMucChiTieu": (
            [
                "Mã chỉ tiêu",
                "Chỉ tiêu",
                "Tên chỉ tiêu",
                "Đơn vị tính",
                "Phép so sánh",
                "Giá trị tối thiểu",
                "Giá trị tối đa",
            ],
            [[m[0], m[1], m[2], m[3], m[4], m[6], m[7]] for m in MEASURES],
        ),
        "ChiTieuGiao": (
            ["Năm", "Mã đơn vị", "Mã chỉ tiêu", "Chỉ tiêu giao"],
            [[year, w.code, code, value] for w in city.wards for code, value in w.targets.items()],
        ),
        "KyBaoCao": (
            ["Mã kỳ", "Tên kỳ", "Từ ngày", "Đến ngày", "Hạn nộp"],
            [[code, p[0], p[1], p[2], p[3]] for code, p in periods.items()],
        ),
        "LichSuKhenThuong": (
            [
                "Số định danh hoặc mã đơn vị",
                "Họ tên / Tên tập thể",
                "Danh hiệu/Hình thức",
                "Năm",
                "Số quyết định",
            ],
            history,
        ),
    }
    if mergers:
        sheets["SapNhapDonVi"] = (["Mã đơn vị cũ", "Mã đơn vị mới", "Ngày hiệu lực"], mergers)
    for name, (headers, rows) in sheets.items():
        ws = wb.create_sheet(name)
        start = national_heading(
            ws, len(headers), f"UBND {CITY}", f"DANH MỤC: {name}", "Số: 01/DM-TĐKT"
        )
        write_table(ws, start, headers, rows, number_row=False)
    save_deterministic(wb, path)


# --- unit report ----------------------------------------------------------


@dataclass
class Mess:
    """How a ward's workbook is messed up (see DEFECTS)."""

    encoding: str | None = None  # "NFD", "TCVN3", "VNI"
    percent_cells: bool = False
    text_numbers: bool = False
    code_as_number: bool = False
    duplicate: str | None = None
    wrong_target: str | None = None
    unreadable: str | None = None
    over_range: str | None = None
    report_date: dt.date | None = None
    values: dict[str, float] = field(default_factory=dict)
    achieve_all: bool = False  # every indicator achieved (the unit the Cờ thi đua case needs)


def _enc(text: str | None, mess: Mess) -> str | None:
    if text is None or mess.encoding != "NFD":
        return text  # TCVN3 and VNI: the whole workbook is typed so, see _legacy_workbook
    return unicodedata.normalize("NFD", text)


def legacy_text(text: str, encoding: str) -> str:
    """A cell as a TCVN3 or VNI keyboard types it. Capitals in TCVN3 come from the
    .VnTimeH font, which shows the lowercase codes as capitals."""
    if encoding == "VNI":
        return encode_vni(text)
    if text.isupper():
        return "".join(ch.upper() if ch.isascii() else ch for ch in encode_tcvn3(text.lower()))
    return encode_tcvn3(text)


def _legacy_workbook(wb: Workbook, encoding: str) -> None:
    """Every text cell of a workbook typed in a legacy encoding (D07, D11)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.isascii():
                    cell.value = legacy_text(cell.value, encoding)


def write_unit_report(
    ward: Unit,
    period: str,
    path: Path,
    rng: random.Random,
    mess: Mess,
    proposals: list[list],
    indicators: bool = True,
) -> None:
    """A unit report; without indicators, the proposals-only workbook a school sends."""
    name, _, _, _, on_time = ALL_PERIODS[period]
    wb = Workbook()
    info = wb.active
    info.title = "ThongTin"
    title = "BÁO CÁO KẾT QUẢ THI ĐUA" if indicators else "TỜ TRÌNH ĐỀ NGHỊ KHEN THƯỞNG"
    school = ward.unit_type == "Trường học"
    head = ward.name.upper() if school else f"UBND {ward.name}"
    national_heading(info, 4, head, title, "Số: ……/TTr-TH" if school else "Số: ……/BC-UBND")
    info["A5"] = f"Kính gửi: Ban Thi đua - Khen thưởng {CITY}"
    code = int(ward.code) if mess.code_as_number else ward.code
    person = _person(rng)
    labels = [
        ("Mã đơn vị", code),
        ("Tên đơn vị", _enc(ward.name, mess)),
        ("Kỳ báo cáo", name),
        ("Ngày báo cáo", mess.report_date or on_time),
        ("Người lập", _enc(person[0], mess)),
        ("Điện thoại", f"0912{rng.randint(100000, 999999)}"),
        ("Email", f"vp.{ward.code}@thanhha.gov.vn"),
    ]
    for offset, (label, value) in enumerate(labels, start=7):
        info.cell(offset, 1, label)
        info.cell(offset, 3, value)
        if isinstance(value, dt.date):
            info.cell(offset, 3).number_format = "dd/mm/yyyy"
    if indicators:
        _indicator_sheet(wb, ward, name, on_time, rng, mess, person)
    if proposals:
        _proposals_sheet(wb, head, proposals, mess, person, school)
    if mess.encoding in ("TCVN3", "VNI"):
        _legacy_workbook(wb, mess.encoding)
    save_deterministic(wb, path)


def _indicator_sheet(wb, ward: Unit, name: str, on_time, rng, mess: Mess, person) -> None:
    ws = wb.create_sheet("KetQuaChiTieu")
    headers = [
        "STT",
        "Mã chỉ tiêu",
        "Tên chỉ tiêu",
        "Đơn vị tính",
        "Chỉ tiêu giao",
        "Kết quả thực hiện",
        "Ghi chú",
    ]
    start = national_heading(
        ws,
        len(headers),
        f"UBND {ward.name}",
        f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU {name.upper()}",
        "Biểu số 01",
    )
    rows: list[list] = []
    group = None
    for number, measure in enumerate(MEASURES, start=1):
        code_, _, title, unit, comparator, _, _, _, group_code = measure
        if group_code != group:
            group = group_code
            rows.append([group_code, None, GROUPS[group_code], None, None, None, None])
        target = ward.targets[code_]
        achieve = rng.random() < 0.8 or mess.achieve_all
        actual = mess.values.get(code_, _actual(rng, comparator, unit, target, achieve))
        if code_ == mess.wrong_target:
            target = 10.0
        if code_ == mess.over_range:
            actual = 102.0
        row = [
            f"{number}." if number % 3 == 0 else number,
            code_,
            _enc(title, mess),
            unit,
            _shown(target, unit, mess),
            _shown(actual, unit, mess),
            None,
        ]
        if code_ == mess.unreadable:
            row[5] = "chưa có số liệu"
        rows.append(row)
        if code_ == mess.duplicate:
            rows.append(list(row))
    end = write_table(ws, start, headers, rows, widths=[6, 12, 48, 10, 12, 14, 20])
    signature_block(
        ws,
        end,
        len(headers),
        f"Thanh Hà, ngày {on_time.day} tháng {on_time.month} năm {on_time.year}",
        _enc(person[0], mess),
    )


def _proposals_sheet(
    wb, head: str, proposals: list[list], mess: Mess, person, school: bool
) -> None:
    ws = wb.create_sheet("DeNghiKhenThuong")
    headers = [
        "STT",
        "Họ và tên\n(1)",
        "Đối tượng",
        "Ngày sinh",
        "Giới tính",
        "Số định danh cá nhân",
        "Chức vụ",
        "Đơn vị công tác",
        "Danh hiệu/Hình thức đề nghị",
        "Năm",
        "Xếp loại",
        "Sáng kiến",
        "Số quyết định công nhận sáng kiến",
        "Cấp công nhận sáng kiến",
        "Tóm tắt thành tích",
        "Ghi chú",
    ]
    start = national_heading(
        ws,
        len(headers),
        head,
        f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {YEAR}",
        "Số: ……/TTr-TH" if school else "Số: ……/TTr-UBND",
    )
    rows = [
        [i, *[_enc(v, mess) if isinstance(v, str) else v for v in p]]
        for i, p in enumerate(proposals, 1)
    ]
    end = write_table(ws, start, headers, rows, widths=[5, 24] + [14] * 14)
    signature_block(
        ws,
        end,
        len(headers),
        "Thanh Hà, ngày … tháng … năm 2026",
        _enc(person[0], mess),
        "HIỆU TRƯỞNG" if school else "TM. ỦY BAN NHÂN DÂN",
    )


def _shown(value: float, unit: str, mess: Mess):
    if unit == "Có/Không":
        return "Có" if value else "Không"
    if unit == "Mức":
        return f"Mức {int(value)}"
    if unit == "%" and mess.percent_cells:
        return (round(value / 100, 6), "0.0%")
    if mess.text_numbers:
        text = f"{value:g}".replace(".", ",")
        return f"{text}%" if unit == "%" else text
    return value


def _person(rng: random.Random) -> tuple[str, dt.date, str, str]:
    female = rng.random() < 0.5
    name = " ".join(
        [
            rng.choice(SURNAMES),
            rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE),
            rng.choice(GIVEN_FEMALE if female else GIVEN_MALE),
        ]
    )
    born = dt.date(rng.randint(1968, 2001), rng.randint(1, 12), rng.randint(1, 28))
    century = 0 if born.year < 2000 else 2
    province = rng.choice(["001", "022", "031", "044", "079", "092"])
    personal_id = (
        f"{province}{century + int(female)}{born.year % 100:02d}{rng.randint(0, 999999):06d}"
    )
    return name, born, "Nữ" if female else "Nam", personal_id


def _proposals(rng: random.Random, ward: Unit, count: int, history: list[tuple]) -> list[list]:
    rows = []
    for index in range(count):
        award, subject = AWARDS_PROPOSED[index % len(AWARDS_PROPOSED)]
        if subject == "Cá nhân":
            name, born, gender, pid = _person(rng)
            rating = rng.choice(["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"])
            initiative = "Có" if award != "Lao động tiên tiến" and rng.random() < 0.7 else "Không"
            if award == "Chiến sĩ thi đua cơ sở" and rating != "Hoàn thành xuất sắc nhiệm vụ":
                initiative = "Có"  # art. 23: without an excellent rating, an initiative is needed
            if award == "Chiến sĩ thi đua cấp tỉnh":
                rating, initiative = "Hoàn thành xuất sắc nhiệm vụ", "Có"
                for year in (YEAR - 2, YEAR - 1):
                    history.append(
                        (pid, name, "Chiến sĩ thi đua cơ sở", year, f"{100 + year % 100}/QĐ-UBND")
                    )
            rows.append(
                [
                    name,
                    subject,
                    born,
                    gender,
                    int(pid) if index % 2 else pid,
                    rng.choice(POSITIONS),
                    ward.name,
                    award,
                    YEAR,
                    rating,
                    initiative,
                    f"{rng.randint(10, 99)}/QĐ-UBND" if initiative == "Có" else None,
                    "Cơ sở" if award != "Chiến sĩ thi đua cấp tỉnh" else "Thành phố",
                    "Hoàn thành xuất sắc nhiệm vụ được giao",
                    None,
                ]
            )
        else:
            unit_name = "Tổ dân phố số 3" if subject == "Tập thể" else f"Hộ ông {_person(rng)[0]}"
            rows.append(
                [
                    unit_name,
                    subject,
                    None,
                    None,
                    None,
                    None,
                    ward.name,
                    award,
                    YEAR,
                    "Hoàn thành xuất sắc nhiệm vụ" if subject == "Tập thể" else None,
                    None,
                    None,
                    None,
                    "Tiêu biểu trong phong trào thi đua",
                    None,
                ]
            )
    return rows


# --- block report ---------------------------------------------------------


def block_scores(block: Block, rng: random.Random, defects: set[str]) -> list[list]:
    """Each member's row of ChamDiem: code, name, criteria, bonus, penalty, true total."""
    scored = []
    for index, member in enumerate(block.members):
        parts = [round(rng.uniform(0.7, 1.0) * c[3] * 2) / 2 for c in CRITERIA]
        if "D21" in defects and index == 0:  # 5 points over TC02's maximum, and in the total
            parts[1] = CRITERIA[1][3] + 5.0
        bonus, penalty = float(rng.choice([0, 0.5, 1, 2])), float(rng.choice([0, 0, 0.5, 1]))
        scored.append(
            [member.code, member.name, *parts, bonus, penalty, sum(parts) + bonus - penalty]
        )
    return scored


def write_block_report(
    block: Block, period: str, path: Path, rng: random.Random, defects: set[str]
) -> None:
    """A block's report; `defects` (of BLOCK_DEFECTS) planted in it."""
    name, _, _, _, on_time = ALL_PERIODS[period]
    wb = Workbook()
    info = wb.active
    info.title = "ThongTin"
    national_heading(
        info, 4, block.leader.name.upper(), "BÁO CÁO CHẤM ĐIỂM THI ĐUA KHỐI", "Số: ……/BC-KTĐ"
    )
    labels = [
        ("Mã khối", block.code),
        ("Tên khối", block.name),
        ("Kỳ báo cáo", name),
        ("Ngày báo cáo", on_time),
        ("Đơn vị khối trưởng", block.leader.code),
        ("Người lập", _person(rng)[0]),
    ]
    for offset, (label, value) in enumerate(labels, start=6):
        info.cell(offset, 1, label)
        info.cell(offset, 2, value)
    ws = wb.create_sheet("TieuChi")
    start = national_heading(
        ws, 5, block.name.upper(), "TIÊU CHÍ VÀ THANG ĐIỂM", "Kèm theo Giao ước"
    )
    write_table(
        ws,
        start,
        ["STT", "Mã tiêu chí", "Nội dung", "Nhóm", "Điểm tối đa"],
        [[i, *c] for i, c in enumerate(CRITERIA, 1)],
        widths=[5, 10, 50, 22, 10],
    )
    ws = wb.create_sheet("ChamDiem")
    codes = [c[0] for c in CRITERIA]
    headers = [
        "STT",
        "Mã đơn vị",
        "Tên đơn vị",
        *codes,
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
        "Xếp hạng",
    ]
    scored = block_scores(block, rng, defects)
    ranks = sorted(range(len(scored)), key=lambda i: -scored[i][-1])
    totals = [row[-1] for row in scored]
    for row in scored:  # equal totals share a rank (1, 2, 2, 4), as the city ranks them
        row.append(1 + sum(1 for total in totals if total > row[-1]))
    if "D15" in defects:  # the last-ranked member reports five points more and first place
        last = ranks[-1]
        scored[last][-2] += 5
        scored[last][-1] = 1
    start = national_heading(
        ws, len(headers), block.name.upper(), f"BẢNG CHẤM ĐIỂM {name.upper()}", ""
    )
    end = write_table(ws, start, headers, [[i, *row] for i, row in enumerate(scored, 1)])
    signature_block(
        ws, end, len(headers), f"Thanh Hà, ngày … tháng … năm {on_time.year}", block.leader.name
    )
    ws = wb.create_sheet("GiaoUoc")
    start = national_heading(ws, 4, block.name.upper(), "DANH SÁCH KÝ GIAO ƯỚC THI ĐUA", "")
    write_table(
        ws,
        start,
        ["STT", "Mã đơn vị", "Ngày ký", "Người ký"],
        [
            [i, m.code, (dt.date(int(period[:4]), 3, 10), "dd/mm/yyyy"), _person(rng)[0]]
            for i, m in enumerate(block.members, 1)
        ][: -1 if "D22" in defects else None],  # D22: the last member has not signed
    )
    save_deterministic(wb, path)


# --- the whole city -------------------------------------------------------


def _mess_for(index: int, period: str, ward_count: int) -> Mess:
    mess = Mess()
    for _, ward_index, defect_period, _, rule in DEFECTS:
        if ward_index is None or defect_period != period or ward_index % ward_count != index:
            continue
        if ward_index < 0 and ward_count + ward_index != index:
            continue
        match rule:
            case "SONG_LATE":
                mess.report_date = PERIODS[period][3] + dt.timedelta(days=10)
            case "DUNG_TARGET_MISMATCH":
                mess.wrong_target = "CT01"
            case "SACH_ROW_DUPLICATE":
                mess.duplicate = "CT07a"
            case "SACH_ENCODING_CONVERTED":
                mess.encoding = "TCVN3" if index == 6 else "VNI"
            case "DUNG_VALUE_UNREADABLE":
                mess.unreadable = "CT05"
            case "DUNG_OUT_OF_RANGE":
                mess.over_range = "CT07a"
    if period == "2026-H1":
        mess.encoding = mess.encoding or ("NFD" if index == 5 else None)
        mess.percent_cells = index == 7
        mess.text_numbers = index == 8
        mess.code_as_number = index == 9
    return mess


def award_case_units(ward_count: int = 12, seed: int = 2026, defects: bool = True) -> Units:
    """The units `generate` gives the award cases (tests find the cases' rows by them)."""
    return _case_units(build_city(random.Random(seed), ward_count), seed, defects)


def _case_units(city: City, seed: int, defects: bool) -> Units:
    """The units the award cases name: a city block's year leader, whose FY report then
    achieves every indicator, its last member, and a ward renamed from an old code."""
    for block_index, block in enumerate(city.blocks):
        leader_index = city.wards.index(block.members[0]) if block.members[0] in city.wards else -1
        if block.level != "Thành phố" or leader_index < 0:
            continue
        planted = {
            defect
            for defect, (index, periods) in BLOCK_DEFECTS.items()
            if defects and index == block_index and "2026-FY" in periods
        }
        rng = random.Random(seed + 7 * block_index)
        _person(rng)  # the report's preparer comes first, as write_block_report draws it
        totals = {row[0]: row[-1] for row in block_scores(block, rng, planted)}
        first = max(totals, key=totals.get)
        last = min(totals, key=totals.get)
        ward = next(w for w in city.wards if w.code == first)
        mess = _mess_for(city.wards.index(ward), "2026-FY", len(city.wards)) if defects else Mess()
        if mess.unreadable or mess.over_range or mess.wrong_target or mess.duplicate:
            continue  # its FY report carries a defect that fails an indicator
        renamed = next(w for w in city.wards if w.code not in (first, last))
        return Units(
            flag=ward.name,
            last=next(w.name for w in city.wards + city.agencies if w.code == last),
            renamed=renamed.name,
            renamed_code=renamed.code,
            old_code=f"{int(renamed.code) + 1:05d}",
        )
    raise ValueError("Không có khối thi đua thành phố nào để tạo đề nghị Cờ thi đua mẫu.")


def generate(out: Path, ward_count: int = 12, seed: int = 2026, defects: bool = True) -> list[Path]:
    """Write the sample city under `out`; returns the files written.

    With defects=False every workbook is as the template asks: a clean city.
    """
    if ward_count < 2:
        raise ValueError("Cần ít nhất 2 phường để tạo khối thi đua.")
    rng = random.Random(seed)
    city = build_city(rng, ward_count)
    history: list[tuple] = []
    written: list[Path] = []
    first_nominee: list = []
    # the award cases: some are meant to fail (a clean city has none)
    units = _case_units(city, seed, defects) if defects else None
    cases_sender = city.wards[7 % ward_count]
    cases = add_cases(units, cases_sender.name) if units else Added()
    history.extend(cases.history)
    for period in PERIODS:
        for index, ward in enumerate(city.wards):
            if defects and period == "2026-H1" and index == ward_count - 1:
                continue  # D02: the last ward never sends its six-month report
            mess = _mess_for(index, period, ward_count) if defects else Mess()
            proposals = []
            if period == "2026-FY":
                proposals = _proposals(rng, ward, 3 + index % 4, history)
            if defects and proposals:
                if index == 0:  # D16
                    proposals[0][0] = proposals[0][0].upper()
                    proposals[0][2] = proposals[0][2].strftime("%d/%m/%Y")
                if index == 1 % ward_count:  # D18
                    proposals[0][7], proposals[0][9] = "Lao động tiên tiến", "Hoàn thành nhiệm vụ"
                if index == 0:
                    first_nominee = list(proposals[-1])
                if index == 5 % ward_count and index != 0:  # D20: a person ward 0 proposed too
                    proposals.append(list(first_nominee))
                if index == 4 % ward_count:  # D19: birth-year digits of the number are wrong
                    pid = str(proposals[0][4]).zfill(12)
                    proposals[0][4] = f"{pid[:4]}{(int(pid[4:6]) + 7) % 100:02d}{pid[6:]}"
            if period == "2026-FY" and ward is cases_sender:
                proposals.extend(list(row) for row in cases.rows)
            if period == "2026-FY" and units and ward.name == units.flag:
                mess.achieve_all = True
            folder = out / period / ("xa" if ward.unit_type == "Xã" else "phuong")
            stem = f"BC thi dua {ascii_name(ward.name).replace('Phuong ', 'P.')}"
            path = folder / f"{stem}.xlsx"
            if (
                defects and period == "2026-H1" and index == 2 % ward_count
            ):  # D03: first version, then a fix
                first = Mess(**{**mess.__dict__, "report_date": dt.date(2026, 7, 5)})
                first.values = {"CT01": ward.targets["CT01"] - 1.5}
                write_unit_report(ward, period, path, random.Random(seed + index), first, proposals)
                written.append(path)
                mess.report_date = dt.date(2026, 7, 8)
                mess.values = {"CT01": ward.targets["CT01"] + 0.5}
                path = folder / f"{stem} (sua lan 2).xlsx"
            write_unit_report(
                ward, period, path, random.Random(seed * 1000 + index), mess, proposals
            )
            written.append(path)
            if defects and period == "2026-H1" and index == 0:  # D13: the same bytes arrive twice
                copy = out / "email" / "Fwd BC 6 thang.xlsx"
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, copy)
                written.append(copy)
        if period == "2026-FY":  # a school has no indicators: it sends only its proposals
            school = city.agencies[1]
            path = out / period / "truong" / f"TTr khen thuong {ascii_name(school.name)}.xlsx"
            staff = random.Random(seed + 502)
            people = _proposals(random.Random(seed + 501), school, 3, [])
            for person in people:
                person[5] = staff.choice(SCHOOL_POSITIONS)
            write_unit_report(
                school, period, path, random.Random(seed + 500), Mess(), people, indicators=False
            )
            written.append(path)
        for block_index, block in enumerate(city.blocks):
            path = out / period / "khoi" / f"Cham diem {block.code}.xlsx"
            planted = {
                defect
                for defect, (index, periods) in BLOCK_DEFECTS.items()
                if defects and index == block_index and period in periods
            }
            write_block_report(block, period, path, random.Random(seed + 7 * block_index), planted)
            written.append(path)
    registry = out / "danh_muc" / "Danh muc thi dua 2026.xlsx"
    # each year's registry records the awards of the years before it; the two overlap, as
    # real registries do, and a record given twice counts once
    recent = [row for row in history if row[3] >= YEAR - 3]
    write_registry(city, registry, rng, recent)
    written.append(registry)
    earlier = [row for row in history if row[3] <= YEAR - 2]
    from pipelines.sample.prior_year import notes, write_prior_year  # it builds on this module

    renamed = units.renamed_code if units else None
    written += write_prior_year(out, city, seed, earlier, renamed, defects)
    if not defects:
        return written
    junk = out / "email" / "ghi chu.xlsx"  # D14: a CSV saved with the wrong extension
    junk.parent.mkdir(parents=True, exist_ok=True)
    with junk.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [["Mã đơn vị", "Ghi chú"], [city.wards[0].code, "gửi bổ sung"]]
        )
    written.append(junk)
    _write_defects(out, city)
    with (out / "DEFECTS.md").open("a", encoding="utf-8") as handle:
        handle.write(notes(city, units.renamed_code if units else None))
    return written


def _write_defects(out: Path, city: City) -> None:
    lines = [
        "# Lỗi cố ý trong dữ liệu mẫu",
        "",
        "Dữ liệu mẫu do `thidua sample` tạo ra có các lỗi sau, giống lỗi thường gặp ở phường:",
        "",
        "| mã | đơn vị | kỳ | lỗi | quy tắc phát hiện |",
        "|---|---|---|---|---|",
    ]
    for defect_id, ward_index, period, what, rule in DEFECTS:
        ward = "" if ward_index is None else city.wards[ward_index % len(city.wards)].name
        block_index = BLOCK_DEFECTS.get(defect_id, (len(city.blocks),))[0]
        if block_index < len(city.blocks):
            ward = city.blocks[block_index].name
        lines.append(f"| {defect_id} | {ward} | {period or ''} | {what} | `{rule}` |")
    (out / "DEFECTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
