"""Reading real workbooks with the mess wards produce, built here with openpyxl."""

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from pipelines.lib.text import encode_tcvn3
from pipelines.lib.workbook import find_workbooks, parse_workbook


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
