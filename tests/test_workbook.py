"""Reading real workbooks with the mess wards produce, built here with openpyxl."""

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook

from pipelines.core.text import encode_tcvn3, encode_vni
from pipelines.reading.workbook import find_workbooks, parse_workbook


def _messy_unit_report(path: Path) -> Path:
    wb = Workbook()
    info = wb.active
    info.title = "Thong tin"  # sheet name with other spacing and capitals
    info["A1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    info["A2"] = "Độc lập - Tự do - Hạnh phúc"
    info["A4"] = "Mã đơn vị:"
    info["C4"] = 127  # code typed as a number: leading zeros lost
    info["A5"] = "Kỳ báo cáo"
    info["B5"] = "6 tháng đầu năm 2026"
    info["A6"] = "Ngày báo cáo"
    info["B6"] = "ngày 3 tháng 7 năm 2026"
    ws = wb.create_sheet("KET QUA CHI TIEU")
    ws["A1"] = "UBND PHƯỜNG THÀNH ĐÔNG"
    ws["A2"] = "Số: ………/BC-UBND"
    ws["A3"] = "Kính gửi: Ban Thi đua - Khen thưởng"
    headers = ["STT", "Ghi chú", "Mã chỉ\ntiêu", "Tên chỉ tiêu", "Thực hiện\n(5)", "Cột lạ"]
    ws.append([])
    ws.append(headers)  # header in row 5, columns in another order, an unknown column
    ws.append(["1", "2", "3", "4", "5", "6"])  # column numbers: not data
    ws.append(["I", None, None, "I. Chỉ tiêu kinh tế", None, None])  # group row
    ws.append([1, None, "CT01", encode_tcvn3("Tăng trưởng GRDP"), "12,5", "x"])
    ws.append(["2.", None, "CT07a", "Bảo hiểm y tế", 0.962, None])
    ws.cell(9, 5).number_format = "0.0%"  # percent-formatted: stores 0.962, shows 96.2%
    ws.append(["03", None, "CT13", "Chính quyền thân thiện", "mức độ 2", None])
    ws.append([4, None, "CT05", "Hộ kinh doanh", "chưa có số liệu", None])  # unreadable
    ws.append([4, None, "CT05", "Hộ kinh doanh", "chưa có số liệu", None])  # exact duplicate
    ws.append([])
    ws.append([None, None, None, "Người lập biểu", "TM. ỦY BAN NHÂN DÂN", None])
    ws.append([None, None, None, "Nguyễn Văn An", "Trần Thị Lan", None])  # signature: not data
    wb.create_sheet("Hướng dẫn")["A1"] = "Không sửa tên cột"
    wb.save(path)
    return path


@pytest.fixture
def messy(tmp_path):
    return parse_workbook(
        _messy_unit_report(tmp_path / "BC P.Thanh Dong (sua lan 2).xlsx"), tmp_path
    )


def test_kind_sender_and_period_come_from_the_sheets_not_the_file_name(messy):
    assert messy.kind == "unit_report"
    assert messy.sender_code == "00127", "leading zeros restored from the ward code width"
    assert messy.period_code == "2026-H1"
    assert messy.report_date == dt.date(2026, 7, 3)
    assert not messy.is_rejected


def test_only_data_rows_are_read_with_their_excel_row_numbers(messy):
    rows = messy.tables["unit_indicator_results"].rows
    assert [r["measure_code"] for r in rows] == ["CT01", "CT07a", "CT13", "CT05", "CT05"]
    assert [r["row_number"] for r in rows] == [8, 9, 10, 11, 12]


def test_values_are_normalised_and_each_change_recorded(messy):
    rows = {r["measure_code"]: r for r in messy.tables["unit_indicator_results"].rows}
    assert rows["CT01"]["actual_value"] == pytest.approx(12.5)
    assert rows["CT07a"]["actual_value"] == pytest.approx(96.2)
    assert rows["CT13"]["actual_value"] == 2
    assert rows["CT01"]["measure_name"] == "Tăng trưởng GRDP"
    rules = {(i.rule_code, i.row_number) for i in messy.issues}
    assert ("SACH_ENCODING_CONVERTED", 8) in rules
    assert ("SACH_VALUE_NORMALISED", 9) in rules, "percent cell recorded"
    assert any(
        i.rule_code == "SACH_VALUE_NORMALISED" and i.column_name == "Mã đơn vị"
        for i in messy.issues
    ), "restored ward code recorded"


def test_an_unreadable_value_is_an_error_on_its_row_and_a_duplicate_a_warning(messy):
    rows = messy.tables["unit_indicator_results"].rows
    assert rows[3]["has_error"] and rows[3]["actual_value"] is None
    errors = [i for i in messy.issues if i.severity == "error"]
    assert {(i.rule_code, i.row_number) for i in errors} >= {("DUNG_VALUE_UNREADABLE", 11)}
    assert "chưa có số liệu" in errors[0].message
    assert rows[4]["is_duplicate"]
    assert any(i.rule_code == "SACH_ROW_DUPLICATE" and i.row_number == 12 for i in messy.issues)


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("csv.xlsx", b"Ma don vi,Ghi chu\n00127,abc\n", "CSV"),
        ("legacy.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, ".xls"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "mật khẩu"),
        ("broken.xlsx", b"PK\x03\x04 truncated", "hỏng"),
    ],
)
def test_files_that_are_not_workbooks_become_one_file_level_issue(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    parsed = parse_workbook(path, tmp_path)
    assert parsed.is_rejected
    assert [i.rule_code for i in parsed.issues] == ["DUNG_FILE_UNREADABLE"]
    assert words in parsed.issues[0].message


def test_a_workbook_of_no_known_kind_is_rejected_with_its_sheets_named(tmp_path):
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(tmp_path / "other.xlsx")
    parsed = parse_workbook(tmp_path / "other.xlsx", tmp_path)
    assert parsed.is_rejected and parsed.issues[0].rule_code == "DUNG_FILE_UNKNOWN_KIND"
    assert "Sheet1" in parsed.issues[0].message


def test_workbooks_are_found_in_any_sub_folder_and_office_lock_files_skipped(tmp_path):
    (tmp_path / "a" / "b c").mkdir(parents=True)
    for name in ["a/b c/Báo cáo phường.xlsx", "x.xlsx", "~$x.xlsx", "notes.txt"]:
        (tmp_path / name).write_bytes(b"")
    found = [p.relative_to(tmp_path).as_posix() for p in find_workbooks(tmp_path)]
    assert found == ["a/b c/Báo cáo phường.xlsx", "x.xlsx"]


def _block_report(path: Path, encode, date_cell) -> Path:
    """A block report typed with an old font or in NFD, with a date as an Excel serial."""
    wb = Workbook()
    info = wb.active
    info.title = "ThôngTin"  # a sheet name with diacritics
    for row, (label, value) in enumerate(
        [
            ("Mã khối", "k01"),
            ("Tên khối", encode("Khối thi đua số 1")),
            ("Kỳ báo cáo", "Năm 2026"),
            ("Ngày báo cáo", date_cell),
        ],
        start=3,
    ):
        info.cell(row, 1, label)
        info.cell(row, 2, value)
    criteria = wb.create_sheet("TieuChi")
    criteria.append(["STT", "Mã tiêu chí", "Nội dung", "Điểm tối đa"])
    criteria.append([1, "TC01", encode("Thực hiện nhiệm vụ chính trị"), 60])
    criteria.append([2, "TC02", encode("Cải cách hành chính"), 40])
    scores = wb.create_sheet("ChamDiem")
    scores.append(
        [
            "Mã đơn vị",
            "Tên đơn vị",
            "TC01",
            "TC02",
            "Điểm thưởng",
            "Điểm trừ",
            "Tổng điểm",
            "Xếp hạng",
        ]
    )
    scores.append([127, encode("Phường Thành Đông"), "55,5", 38, 1, 0, 94.5, 1])
    scores.append(["00130", encode("Phường Tân Hưng"), 50, "ba mươi", 0, 0, 80, 2])
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "encode, name",
    [
        (lambda text: text, "Unicode"),
        (lambda text: unicodedata.normalize("NFD", text), "NFD"),
        (encode_tcvn3, "TCVN3"),
        (encode_vni, "VNI"),
    ],
)
def test_a_block_report_reads_the_same_whatever_the_encoding(tmp_path, encode, name):
    parsed = parse_workbook(_block_report(tmp_path / f"{name}.xlsx", encode, 46204), tmp_path)
    assert (parsed.kind, parsed.sender_code, parsed.period_code) == (
        "block_report",
        "K01",
        "2026-FY",
    )
    assert parsed.report_date == dt.date(2026, 7, 1), "Excel serial 46204"
    names = [row["unit_name"] for row in parsed.tables["block_scores"].rows]
    assert names == ["Phường Thành Đông", "Phường Tân Hưng"]
    assert [r["unit_code"] for r in parsed.tables["block_scores"].rows] == ["00127", "00130"]
    scores = parsed.tables["block_scores"].criterion_scores
    assert [(s["criterion_code"], s["score"]) for s in scores[:2]] == [("TC01", 55.5), ("TC02", 38)]
    assert parsed.tables["block_scores"].rows[1]["has_error"], "“ba mươi” is no score"
    assert parsed.tables["block_scores"].columns["TC02"][0] == "D", "the cell can be located"
    if name in ("TCVN3", "VNI"):
        assert any(i.rule_code == "SACH_ENCODING_CONVERTED" for i in parsed.issues)


def test_a_missing_required_column_quarantines_the_rows_with_a_message(tmp_path):
    wb = Workbook()
    info = wb.active
    info.title = "ThongTin"
    info.append(["Mã đơn vị", "00127"])
    info.append(["Kỳ báo cáo", "6 tháng đầu năm 2026"])
    results = wb.create_sheet("KetQuaChiTieu")
    results.append(["STT", "Mã chỉ tiêu", "Tên chỉ tiêu"])  # no result column at all
    results.append([1, "CT01", "Tăng trưởng GRDP"])
    wb.save(tmp_path / "no_results.xlsx")
    parsed = parse_workbook(tmp_path / "no_results.xlsx", tmp_path)
    assert all(row["has_error"] for row in parsed.tables["unit_indicator_results"].rows)
    missing = [i for i in parsed.issues if i.rule_code == "DU_COLUMN_MISSING"]
    assert missing and "Kết quả thực hiện" in missing[0].message


def test_a_report_without_sender_or_period_is_rejected_as_a_whole(tmp_path):
    wb = Workbook()
    wb.active.title = "ThongTin"
    wb.active.append(["Người lập", "Nguyễn Văn An"])
    wb.create_sheet("KetQuaChiTieu").append(["Mã chỉ tiêu", "Kết quả"])
    wb.save(tmp_path / "anonymous.xlsx")
    parsed = parse_workbook(tmp_path / "anonymous.xlsx", tmp_path)
    assert parsed.is_rejected
    assert {i.rule_code for i in parsed.issues} >= {"DU_INFO_MISSING", "DUNG_PERIOD_UNREADABLE"}


def _with_info(code_label: str, code: str) -> Workbook:
    """A workbook whose info sheet names its sender and the year 2026."""
    wb = Workbook()
    info = wb.active
    info.title = "ThongTin"
    for row in [(code_label, code), ("Kỳ báo cáo", "Năm 2026"), ("Ngày báo cáo", "20/12/2026")]:
        info.append(row)
    return wb


def _unit_report(tmp_path, rows: list[list]):
    """A ward's report of 2026 whose KetQuaChiTieu sheet holds these rows (header first),
    as parse_workbook reads it."""
    wb = _with_info("Mã đơn vị", "00127")
    results = wb.create_sheet("KetQuaChiTieu")
    for row in rows:
        results.append(row)
    wb.save(tmp_path / "bc.xlsx")
    return parse_workbook(tmp_path / "bc.xlsx", tmp_path)


def test_a_persons_name_gets_its_capitals_a_collectives_does_not_and_abbreviations_are_read(
    tmp_path,
):
    wb = _with_info("Mã đơn vị", "00127")
    results = wb.create_sheet("KetQuaChiTieu")
    results.append(["STT", "Mã chỉ tiêu", "Kết quả"])
    results.append([1, "CT01", 8])
    proposals = wb.create_sheet("DeNghiKhenThuong")
    proposals.append(
        ["STT", "Họ và tên", "Đối tượng", "Danh hiệu/Hình thức đề nghị", "Năm", "Xếp loại"]
    )
    proposals.append([1, "Trần thị  bình", "CN", "Lao động tiên tiến", 2026, "HTXSNV"])
    proposals.append([2, "Tổ dân phố 5", "TT", "Tập thể lao động tiên tiến", 2026, "H.T.T.N.V"])
    proposals.append([3, "Lê Văn An", "Cá nhân", "Lao động tiên tiến", 2026, "httnv lắm"])
    wb.save(tmp_path / "dn.xlsx")
    parsed = parse_workbook(tmp_path / "dn.xlsx", tmp_path)
    rows = parsed.tables["unit_award_proposals"].rows
    assert [r["nominee_type"] for r in rows] == ["individual", "collective", "individual"]
    assert [r["nominee_name"] for r in rows] == ["Trần Thị Bình", "Tổ dân phố 5", "Lê Văn An"]
    assert [r["rating"] for r in rows] == [
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        None,
    ]
    assert [r["has_error"] for r in rows] == [False, False, True]
    notes = [(i.row_number, i.rule_code, i.message) for i in parsed.issues]
    assert any(n[:2] == (2, "SACH_VALUE_NORMALISED") and "→ “Trần Thị Bình”" in n[2] for n in notes)
    assert (2, "SACH_VALUE_NORMALISED", "“CN” → Cá nhân") in notes
    assert any(
        n[:2] == (4, "DUNG_VALUE_NOT_ALLOWED") and n[2].startswith("Ô “Xếp loại (cột F)” dòng 4")
        for n in notes
    )


def test_a_bound_in_a_percent_formatted_cell_is_read_in_the_measures_unit(tmp_path):
    wb = Workbook()
    units = wb.active
    units.title = "DonVi"
    units.append(["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"])
    units.append(["00127", "Phường Thành Đông", "Phường"])
    catalog = wb.create_sheet("DanhMucChiTieu")
    catalog.append(
        ["Mã chỉ tiêu", "Chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Phép so sánh"]
        + ["Giá trị tối thiểu", "Giá trị tối đa"]
    )
    catalog.append(["CT07a", "CT07", "Tỷ lệ bao phủ BHYT", "%", ">=", 0, 1])
    catalog.cell(2, 7).number_format = "0%"  # the author typed 100%
    catalog.append(["CT01", "CT01", "Tăng trưởng GRDP", "%", ">=", None, "150%"])
    wb.save(tmp_path / "dm.xlsx")
    rows = parse_workbook(tmp_path / "dm.xlsx", tmp_path).tables["registry_measures"].rows
    assert [(r["min_value"], r["max_value"]) for r in rows] == [(0, 100), (None, 150)]


def test_info_labels_as_offices_word_them():
    from pipelines.reading.workbook import read_info

    rows = [
        ["Mã số đơn vị:", None, "00127"],
        ["Kỳ báo cáo", "6 tháng đầu năm 2026"],
        ["Ngày lập báo cáo", "03/07/2026"],
    ]
    assert read_info(rows) == {
        "sender_code": "00127",
        "period": "6 tháng đầu năm 2026",
        "report_date": "03/07/2026",
    }


def test_an_info_label_and_its_value_may_share_one_cell(tmp_path):
    """ "Kỳ báo cáo: 6 tháng đầu năm 2026" typed in one cell, as offices often do."""
    wb = Workbook()
    info = wb.active
    info.title = "ThongTin"
    for row in [
        ["BÁO CÁO KẾT QUẢ THI ĐUA"],
        ["Mã đơn vị: 127"],
        ["Tên đơn vị:  Phường Thành Đông"],
        ["Kỳ báo cáo: 6 tháng đầu năm 2026"],
        ["Ngày báo cáo: 03/07/2026"],
        ["Ghi chú:", "gửi lần đầu"],
    ]:
        info.append(row)
    results = wb.create_sheet("KetQuaChiTieu")
    results.append(["STT", "Mã chỉ tiêu", "Kết quả"])
    results.append([1, "CT01", 8])
    wb.save(tmp_path / "bc.xlsx")
    parsed = parse_workbook(tmp_path / "bc.xlsx", tmp_path)
    assert (parsed.kind, parsed.sender_code, parsed.sender_name, parsed.period_code) == (
        "unit_report",
        "00127",
        "Phường Thành Đông",
        "2026-H1",
    )
    assert str(parsed.report_date) == "2026-07-03"
    assert not [issue for issue in parsed.issues if issue.blocks_file]


def test_a_criterion_column_may_carry_a_note_after_its_code(tmp_path):
    parsed = _block_with_score_headers(
        tmp_path, ["TC01\n(10 điểm)", "tc07a - Công tác B"], second_code="TC07A"
    )
    assert [
        (s["criterion_code"], s["score"]) for s in parsed.tables["block_scores"].criterion_scores
    ] == [
        ("TC01", 9.0),
        ("TC07a", 18.0),
    ]
    assert {r["criterion_code"] for r in parsed.tables["block_criteria"].rows} == {"TC01", "TC07a"}


def test_numbered_and_copied_sheets_are_recognised_and_the_plain_one_wins(tmp_path):
    wb = _with_info("Mã đơn vị", "00127")
    wb.active.title = "1. Thông tin"
    copy = wb.create_sheet("KetQuaChiTieu (2)")
    copy.append(["STT", "Mã chỉ tiêu", "Kết quả"])
    copy.append([1, "CT01", 7])
    wb.save(tmp_path / "copied.xlsx")
    parsed = parse_workbook(tmp_path / "copied.xlsx", tmp_path)
    assert parsed.kind == "unit_report" and not parsed.is_rejected
    assert parsed.tables["unit_indicator_results"].rows[0]["actual_value"] == 7
    plain = wb.create_sheet("KetQuaChiTieu", 1)
    plain.append(["STT", "Mã chỉ tiêu", "Kết quả"])
    plain.append([1, "CT01", 8])
    wb.save(tmp_path / "both.xlsx")
    parsed = parse_workbook(tmp_path / "both.xlsx", tmp_path)
    table = parsed.tables["unit_indicator_results"]
    assert table.sheet == "KetQuaChiTieu" and table.rows[0]["actual_value"] == 8
    warning = next(i for i in parsed.issues if i.rule_code == "SACH_SHEET_DUPLICATE")
    assert warning.message == (
        "Tệp có 2 trang KetQuaChiTieu (KetQuaChiTieu, KetQuaChiTieu (2)): chỉ đọc trang "
        "“KetQuaChiTieu”. Vui lòng xoá trang thừa."
    )


def test_a_reported_target_with_its_comparison_is_read_and_an_unreadable_one_loses_no_result(
    tmp_path,
):
    wb = _with_info("Mã đơn vị", "00127")
    results = wb.create_sheet("KetQuaChiTieu")
    results.append(["STT", "Mã chỉ tiêu", "Chỉ tiêu giao", "Kết quả thực hiện"])
    results.append([1, "CT07a", "≥ 95%", "96,2"])
    results.append([2, "CT01", "Tối thiểu 8", 8.5])
    results.append([3, "CT02", "xem phụ lục", 102])
    wb.save(tmp_path / "targets.xlsx")
    parsed = parse_workbook(tmp_path / "targets.xlsx", tmp_path)
    rows = parsed.tables["unit_indicator_results"].rows
    assert [(r["reported_target"], r["actual_value"], r["has_error"]) for r in rows] == [
        (95.0, 96.2, False),
        (8.0, 8.5, False),
        (None, 102.0, False),  # the city's own target is the one that counts
    ]
    warning = next(i for i in parsed.issues if i.rule_code == "DUNG_REPORTED_UNREADABLE")
    assert warning.severity == "warning" and warning.row_number == 4
    assert "dòng vẫn được nạp" in warning.message


def test_an_unreadable_reported_total_keeps_the_members_scores(tmp_path):
    parsed = _scored_block(
        tmp_path,
        [[1, "TC01", "Công tác A", 10]],
        [
            ["Mã đơn vị", "Tên đơn vị", "TC01", "Tổng điểm", "Xếp hạng"],
            ["00127", "Phường Thành Đông", 9, "chín", "Nhất"],
        ],
    )
    (row,) = parsed.tables["block_scores"].rows
    assert not row["has_error"] and row["reported_total"] is None
    assert [i.rule_code for i in parsed.issues if i.severity != "info"] == [
        "DUNG_REPORTED_UNREADABLE",
        "DUNG_REPORTED_UNREADABLE",
    ]


def test_a_header_with_the_period_or_a_unit_after_it_names_its_column(tmp_path):
    header = [
        "STT",
        "Mã chỉ tiêu",
        "Đơn vị tính",
        "Chỉ tiêu giao năm 2026",
        "Kết quả thực hiện\n6 tháng đầu năm 2026",
        "Kết quả thực hiện so với cùng kỳ (%)",
    ]
    parsed = _unit_report(tmp_path, [header, [1, "CT01", "%", 12.5, 8, 110]])
    rows = parsed.tables["unit_indicator_results"].rows
    assert [(r["reported_target"], r["actual_value"]) for r in rows] == [(12.5, 8.0)]


def test_two_qualified_headers_for_one_column_are_not_guessed_between(tmp_path):
    parsed = _unit_report(
        tmp_path,
        [
            ["STT", "Mã chỉ tiêu", "Thực hiện năm 2025", "Thực hiện năm 2026"],
            [1, "CT01", 7, 8],
        ],
    )
    [missing] = [issue for issue in parsed.issues if issue.rule_code == "DU_COLUMN_MISSING"]
    assert "“Thực hiện năm 2025”, “Thực hiện năm 2026”" in missing.message
    assert "Kết quả thực hiện" in missing.message
    assert all(row["has_error"] for row in parsed.tables["unit_indicator_results"].rows)


def _scored_block(tmp_path, criteria: list[list], scores: list[list]):
    """Block K01's report of 2026: TieuChi rows under the template's header, and ChamDiem's
    rows (header first), as parse_workbook reads it."""
    wb = _with_info("Mã khối", "K01")
    sheet = wb.create_sheet("TieuChi")
    for row in [["STT", "Mã tiêu chí", "Nội dung", "Điểm tối đa"], *criteria]:
        sheet.append(row)
    sheet = wb.create_sheet("ChamDiem")
    for row in scores:
        sheet.append(row)
    wb.save(tmp_path / "khoi.xlsx")
    return parse_workbook(tmp_path / "khoi.xlsx", tmp_path)


def _block_with_score_headers(tmp_path, headers: list[str], second_code: str = "TC02"):
    """A block report of two criteria (TC01 and second_code) and one member scored 9 and 18,
    its score columns headed as given."""
    return _scored_block(
        tmp_path,
        [[1, "TC01", "Công tác A", 10], [2, second_code, "Công tác B", 20]],
        [
            ["Mã đơn vị", "Tên đơn vị", *headers, "Tổng điểm"],
            ["00127", "Phường Thành Đông", 9, 18, 27],
        ],
    )


def test_a_criterion_column_named_by_its_number_in_words_is_read(tmp_path):
    parsed = _block_with_score_headers(tmp_path, ["Tiêu chí 1", "Tiêu chí số 2"])
    table = parsed.tables["block_scores"]
    assert [(s["criterion_code"], s["score"]) for s in table.criterion_scores] == [
        ("TC01", 9.0),
        ("TC02", 18.0),
    ]
    assert not any(row["has_error"] for row in table.rows)


def test_a_score_sheet_without_criterion_columns_ranks_no_one_and_says_why(tmp_path):
    parsed = _block_with_score_headers(tmp_path, ["Công tác A", "Công tác B"])
    [missing] = [issue for issue in parsed.issues if issue.rule_code == "DU_COLUMN_MISSING"]
    assert "không có cột điểm tiêu chí nào" in missing.message
    assert all(row["has_error"] for row in parsed.tables["block_scores"].rows)
    assert parsed.tables["block_criteria"].rows, "the criteria still load"


def test_an_indicator_row_over_its_measures_is_a_group_row_not_a_blank_figure(tmp_path):
    parsed = _unit_report(
        tmp_path,
        [
            ["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "Chỉ tiêu giao", "Kết quả thực hiện"],
            [6, "CT06", "Xây dựng đời sống văn hóa", None, None],
            ["6.1", "CT06a", "Hộ gia đình văn hóa", 95, 96.2],
            ["6.2", "CT06b", "Tổ dân phố văn hóa", 100, 100],
            [1, "CT1", "Tăng trưởng", 12, None],  # a measure left blank: an error
            [10, "CT10", "Trường chuẩn", 1, 1],
        ],
    )
    rows = parsed.tables["unit_indicator_results"].rows
    assert [(r["measure_code"], r["has_error"]) for r in rows] == [
        ("CT06a", False),
        ("CT06b", False),
        ("CT01", True),
        ("CT10", False),
    ]
    assert [i.row_number for i in parsed.issues if i.rule_code == "DU_CELL_REQUIRED"] == [5]


def test_sub_criteria_keep_their_numbers_and_a_groups_heading_and_subtotal_are_not_scores(
    tmp_path,
):
    """TC1 heads TC1.1 and TC1.2: on TieuChi it is a group heading, its maximum their sum;
    on ChamDiem its column is their subtotal. Neither counts once more."""
    parsed = _scored_block(
        tmp_path,
        [
            ["I", "TC1", "Công tác chính trị", 30],
            ["1.1", "TC1.1", "Chỉ tiêu kinh tế", 10],
            ["1.2", "TC1.2", "Chỉ tiêu xã hội", 20],
            ["II", "TC2", "Cải cách hành chính", 20],
        ],
        [
            ["Mã đơn vị", "TC1", "TC1.1", "TC1.2 (20 điểm)", "TC2", "Tổng điểm"],
            ["00127", 27, 9, 18, 15, 42],
        ],
    )
    listed = [(r["criterion_code"], r["max_score"]) for r in parsed.tables["block_criteria"].rows]
    assert listed == [("TC01.1", 10.0), ("TC01.2", 20.0), ("TC02", 20.0)]
    scored = [
        (s["criterion_code"], s["score"]) for s in parsed.tables["block_scores"].criterion_scores
    ]
    assert scored == [("TC01.1", 9.0), ("TC01.2", 18.0), ("TC02", 15.0)]
    assert "TC01" not in parsed.tables["block_scores"].columns


def test_a_comparison_written_in_the_plans_words_is_read():
    """ "trên 95%" is strictly greater, "từ … trở lên" and "đạt" greater or equal, "dưới"
    strictly less (DOMAIN.md); each is noted, and anything else is refused with the forms."""
    from pipelines.reading.cells import _comparator

    read = {
        typed: _comparator(typed, None).value
        for typed in ["Trên", "Từ … trở lên", "Đạt", "Dưới", "Tối đa", "Bằng", "≥", ">="]
    }
    assert read == {
        "Trên": ">",
        "Từ … trở lên": ">=",
        "Đạt": ">=",
        "Dưới": "<",
        "Tối đa": "<=",
        "Bằng": "=",
        "≥": ">=",
        ">=": ">=",
    }
    assert "trở lên" in _comparator("khoảng", None).note


def test_an_initiatives_level_is_read_as_offices_write_it():
    """The eligibility rules compare the level with Cơ sở, Thành phố, Toàn quốc: "cấp
    thành phố" or "Tỉnh" typed by a ward must not fail a rule."""
    from pipelines.reading.cells import _initiative_level

    read = {
        typed: _initiative_level(typed, None).value
        for typed in ["Cơ sở", "cấp cơ sở", "Cấp Thành phố", "Tỉnh", "Cấp bộ", "toàn quốc"]
    }
    assert read == {
        "Cơ sở": "Cơ sở",
        "cấp cơ sở": "Cơ sở",
        "Cấp Thành phố": "Thành phố",
        "Tỉnh": "Thành phố",
        "Cấp bộ": "Thành phố",
        "toàn quốc": "Toàn quốc",
    }
    assert _initiative_level("Cơ sở", None).note is None
    assert _initiative_level("cấp huyện nào đó", None).value is None


def test_a_code_given_twice_with_other_figures_keeps_the_first_row_and_refuses_the_second(
    tmp_path,
):
    parsed = _unit_report(
        tmp_path,
        [
            ["STT", "Mã chỉ tiêu", "Kết quả thực hiện"],
            [1, "CT01", 12.5],
            [2, "CT02", 100],
            [3, "CT01", 13],  # the same measure, another figure
            [4, "CT02", 100],  # an exact copy: loaded once, a warning
        ],
    )
    rows = parsed.tables["unit_indicator_results"].rows
    assert [(r["measure_code"], r["has_error"], r["is_duplicate"]) for r in rows] == [
        ("CT01", False, False),
        ("CT02", False, False),
        ("CT01", True, False),
        ("CT02", False, True),
    ]
    [repeated] = [i for i in parsed.issues if i.rule_code == "SACH_KEY_REPEATED"]
    assert (repeated.row_number, repeated.severity) == (4, "error")
    assert "“CT01”" in repeated.message and "dòng 2" in repeated.message


def test_a_list_of_persons_without_year_or_subject_columns_takes_them_from_the_report(
    tmp_path,
):
    """ "DANH SÁCH CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG NĂM 2026" often has neither a Năm nor a Đối
    tượng column: the year is the report's, and "Họ và tên" says every row is a person.
    A header that could name either (Họ và tên / Tên tập thể) decides nothing."""
    for name_header, loaded in [("Họ và tên", True), ("Họ và tên / Tên tập thể", False)]:
        wb = _with_info("Mã đơn vị", "00127")
        proposals = wb.create_sheet("DeNghiKhenThuong")
        proposals.append(["STT", name_header, "Chức vụ", "Danh hiệu đề nghị", "Xếp loại"])
        proposals.append([1, "trần văn an", "Cán bộ", "Lao động tiên tiến", "HTTNV"])
        wb.save(tmp_path / "dn.xlsx")
        parsed = parse_workbook(tmp_path / "dn.xlsx", tmp_path)
        [row] = parsed.tables["unit_award_proposals"].rows
        if loaded:
            assert (row["year"], row["nominee_type"], row["nominee_name"]) == (
                2026,
                "individual",
                "Trần Văn An",
            )
            assert not row["has_error"]
            notes = [i.column_name for i in parsed.issues if i.rule_code == "SACH_VALUE_NORMALISED"]
            assert {"Năm", "Đối tượng"} <= set(notes)
        else:
            assert row["has_error"] and row["year"] == 2026
            missing = [i.column_name for i in parsed.issues if i.rule_code == "DU_COLUMN_MISSING"]
            assert missing == ["Đối tượng"]


def test_a_totals_row_under_a_table_is_not_a_row_of_data(tmp_path):
    parsed = _scored_block(
        tmp_path,
        [
            [1, "TC01", "Công tác A", 10],
            [2, "TC02", "Công tác B", 20],
            [None, None, "Tổng cộng", 30],
        ],
        [
            ["STT", "Mã đơn vị", "Tên đơn vị", "TC01", "TC02", "Tổng điểm", "Xếp hạng"],
            [1, "00127", "Phường Thành Đông", 9, 18, 27, 1],
            [2, "00130", "Phường Tân Hưng", 8, 17, 25, 2],
            [None, None, "Cộng:", 17, 35, 52, None],
        ],
    )
    assert [len(parsed.tables[t].rows) for t in ("block_criteria", "block_scores")] == [2, 2]
    assert not [i for i in parsed.issues if i.severity != "info"]


def test_points_taken_off_typed_as_a_negative_number_are_still_taken_off(tmp_path):
    parsed = _scored_block(
        tmp_path,
        [[1, "TC01", "Công tác A", 10]],
        [["Mã đơn vị", "TC01", "Điểm trừ", "Tổng điểm"], ["00127", 9, -2, 7], ["00130", 8, 1, 7]],
    )
    assert [r["penalty"] for r in parsed.tables["block_scores"].rows] == [2.0, 1.0]
    [note] = [i for i in parsed.issues if i.column_name and "Điểm trừ" in i.column_name]
    assert note.severity == "info" and "trừ 2 điểm" in note.message


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_a_ward_report_typed_entirely_in_a_legacy_encoding_reads_every_value(tmp_path, encoding):
    """D07 and D11 of the sample city: every cell typed in TCVN3 (capitals in .VnTimeH) or
    VNI, "Có" included, reads exactly as the same report typed in Unicode."""
    import random

    from pipelines.sample.city import build_city
    from pipelines.sample.unit_reports import Mess, _proposals, write_unit_report

    ward = build_city(random.Random(2026), 12).wards[6]
    people = _proposals(random.Random(1), ward, 6, [])
    parsed = {}
    for name, mess in (("unicode", Mess()), ("legacy", Mess(encoding=encoding))):
        path = tmp_path / f"{name}.xlsx"
        write_unit_report(ward, "2026-FY", path, random.Random(5), mess, people)
        parsed[name] = parse_workbook(path, tmp_path)
    unicode, legacy = parsed["unicode"], parsed["legacy"]
    assert legacy.info == unicode.info and legacy.period_code == "2026-FY"
    for table in ("unit_indicator_results", "unit_award_proposals"):
        assert legacy.tables[table].rows == unicode.tables[table].rows, table
    values = [r["actual_value"] for r in legacy.tables["unit_indicator_results"].rows]
    assert 1.0 in values, "a Có/Không indicator typed “Cã” reads as Có"
    assert any(r["has_initiative"] for r in legacy.tables["unit_award_proposals"].rows)
    assert any(i.rule_code == "SACH_ENCODING_CONVERTED" for i in legacy.issues)
