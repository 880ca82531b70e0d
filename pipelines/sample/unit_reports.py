"""A ward's, commune's or school's report workbook, with the mess real senders make."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from pipelines.core.indicators import MEASURES
from pipelines.core.text import encode_tcvn3, encode_vni
from pipelines.core.xlsx_out import (
    national_heading,
    save_deterministic,
    signature_block,
    write_table,
)
from pipelines.sample.catalog import (
    AWARDS_PROPOSED,
    GIVEN_FEMALE,
    GIVEN_MALE,
    GROUPS,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    POSITIONS,
    SURNAMES,
)
from pipelines.sample.city import (
    ALL_PERIODS,
    CITY,
    DEFECTS,
    PERIODS,
    YEAR,
    Unit,
    _actual,
)


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
