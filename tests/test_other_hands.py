"""A small city whose workbooks were typed by other hands, to the same contract: sheet names
with diacritics, labels and values in one cell, codes that lost their zeros, a period given
by its days, the plan's words for comparisons, headers with the year after them, group and
totals rows, estimates with a remark, sub-criteria numbered 1.1, a negative deduction, a
school that sends only its proposals. Every row must load, and the marts must be right."""

import datetime as dt

import duckdb
import openpyxl
import pytest

from pipelines.cli import main

MEASURES = [
    ("CT01", "CT01", "Tăng trưởng GRDP", "%", "Từ … trở lên", None, None),
    ("CT06a", "CT06", "Hộ gia đình văn hóa", "%", "Trên", 0, 100),
    ("CT06b", "CT06", "Tổ dân phố văn hóa", "%", "Bằng", 0, 100),
    ("CT08", "CT08", "Hộ nghèo", "%", "Dưới", 0, 100),
]
TARGETS = {"CT01": 8, "CT06a": 95, "CT06b": 100, "CT08": 1}


def _sheet(wb, title: str, rows: list) -> None:
    ws = wb.create_sheet(title)
    for row in rows:
        ws.append(row)


def _registry(path) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _sheet(wb, "Đơn vị", [
        ["DANH MỤC ĐƠN VỊ"], [],
        ["TT", "Mã ĐV", "Tên đơn vị", "Loại đơn vị", "Đơn vị cấp trên"],
        [1, 201, "Phường An Lạc", "phường", None],
        [2, "00204", "Xã Bình Yên", "XÃ", None],
        [3, "00201.TH", "Trường Tiểu học An Lạc", "Trường học", "00201"],
    ])  # fmt: skip
    _sheet(wb, "Khối thi đua", [
        ["Mã khối", "Tên khối", "Cấp khối (Thành phố/Phường)", "Khối trưởng", "Năm"],
        ["K1", "Khối thi đua số 1", "Thành phố", "00201", 2026],
    ])  # fmt: skip
    _sheet(wb, "Thành viên khối", [
        ["Mã khối", "Mã đơn vị", "Năm"], ["K1", "00201", 2026], ["K1", 204, 2026],
    ])  # fmt: skip
    _sheet(wb, "Danh mục chỉ tiêu", [
        ["Mã chỉ tiêu", "Chỉ tiêu", "Tên chỉ tiêu", "ĐVT", "Phép so sánh",
         "Giá trị tối thiểu", "Giá trị tối đa"],
        *[list(measure) for measure in MEASURES],
    ])  # fmt: skip
    _sheet(wb, "Chỉ tiêu giao", [
        ["Năm", "Mã đơn vị", "Mã chỉ tiêu", "Chỉ tiêu giao năm 2026"],
        *[[2026, unit, code, target] for unit in ("00201", "00204")
          for code, target in TARGETS.items()],
    ])  # fmt: skip
    _sheet(wb, "Kỳ báo cáo", [
        ["Mã kỳ", "Tên kỳ", "Từ ngày", "Đến ngày", "Hạn nộp"],
        ["Năm 2026", "Cả năm 2026", "01/01/2026", "31/12/2026", "15/12/2026"],
    ])  # fmt: skip
    wb.save(path)


def _ward_report(path, code, name: str, results: list) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _sheet(wb, "Thông tin", [
        [f"UBND {name.upper()}"], [],
        [f"Mã đơn vị: {code}"],
        [f"Tên đơn vị: {name}"],
        ["Kỳ báo cáo: Từ ngày 01/01/2026 đến ngày 31/12/2026"],
        ["Ngày báo cáo:", "ngày 10 tháng 12 năm 2026"],
    ])  # fmt: skip
    _sheet(wb, "Kết quả chỉ tiêu", [
        ["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "ĐVT", "Chỉ tiêu giao năm 2026",
         "Kết quả thực hiện năm 2026", "Ghi chú"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        *results,
        [None, None, "Tổng cộng", None, None, None, None],
    ])  # fmt: skip
    _sheet(wb, "Đề nghị khen thưởng", [
        ["DANH SÁCH CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG NĂM 2026"],
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Danh hiệu đề nghị",
         "Xếp loại", "Sáng kiến", "Cấp công nhận sáng kiến"],
        [1, f"nguyễn văn {name.split()[-1].lower()}", "12/05/1980", "Nam", "Chủ tịch",
         "Chiến sĩ thi đua cơ sở", "HTXSNV", "Có", "cấp cơ sở"],
    ])  # fmt: skip
    wb.save(path)


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    raw = tmp_path_factory.mktemp("other_hands")
    _registry(raw / "danh muc 2026.xlsx")
    _ward_report(raw / "BC An Lac.xlsx", 201, "Phường An Lạc", [
        ["1", "CT01", "GRDP", "%", 8, "8,5 (ước)", None],
        ["2", "CT06", "Văn hóa", None, None, None, None],  # heads CT06a and CT06b
        ["2.1", "CT06a", "Hộ văn hóa", "%", 95, "96,1%", None],
        ["2.2", "CT06b", "Tổ dân phố văn hóa", "%", 100, 100, None],
        ["3", "CT8", "Hộ nghèo", "%", 1, "0,8", None],
    ])  # fmt: skip
    _ward_report(raw / "BC Binh Yen.xlsx", "00204", "Xã Bình Yên", [
        ["1", "CT01", "GRDP", "%", 8, 7, None],
        ["2.1", "CT06a", "Hộ văn hóa", "%", 95, 96, None],
        ["2.2", "CT06b", "Tổ dân phố văn hóa", "%", 100, 100, None],
        ["3", "CT08", "Hộ nghèo", "%", 1, 1.2, None],
    ])  # fmt: skip
    school = openpyxl.Workbook()
    school.remove(school.active)
    _sheet(school, "ThongTin", [
        ["Mã đơn vị", "00201.TH"], ["Kỳ báo cáo", "Năm 2026"], ["Ngày báo cáo", dt.date(2026, 12, 5)],
    ])  # fmt: skip
    _sheet(school, "DeNghiKhenThuong", [
        ["STT", "Họ và tên", "Chức vụ", "Danh hiệu đề nghị", "Xếp loại"],
        [1, "Lê Thị Hoa", "Giáo viên", "Lao động tiên tiến", "Hoàn thành tốt nhiệm vụ"],
    ])  # fmt: skip
    school.save(raw / "TTr truong.xlsx")
    block = openpyxl.Workbook()
    block.remove(block.active)
    _sheet(block, "Thông tin", [
        ["Mã khối", "K1"], ["Kỳ báo cáo", "Năm 2026"], ["Ngày báo cáo", "12/12/2026"],
    ])  # fmt: skip
    _sheet(block, "Tiêu chí", [
        ["STT", "Mã tiêu chí", "Nội dung", "Nhóm", "Điểm tối đa"],
        ["I", "TC1", "Công tác chính trị", None, 30],  # heads TC1.1 and TC1.2
        ["1.1", "TC1.1", "Kinh tế", None, 10],
        ["1.2", "TC1.2", "Xã hội", None, 20],
        ["II", "TC2", "Cải cách hành chính", None, 20],
        [None, None, "Tổng cộng", None, 50],
    ])  # fmt: skip
    _sheet(block, "Chấm điểm", [
        ["STT", "Mã đơn vị", "Tên đơn vị", "Tiêu chí 1.1", "Tiêu chí 1.2", "Tiêu chí 2",
         "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Xếp hạng"],
        [1, "00201", "Phường An Lạc", 9, 18, 15, 1, -1, 42, 1],
        [2, 204, "Xã Bình Yên", 8, 17, 16, 0, 0, 41, 2],
    ])  # fmt: skip
    _sheet(block, "Giao ước", [
        ["Mã đơn vị", "Ngày ký", "Người ký"], ["00201", "15/01/2026", "A"], ["00204", "15/01/2026", "B"],
    ])  # fmt: skip
    block.save(raw / "Cham diem K1.xlsx")
    warehouse = tmp_path_factory.mktemp("other_hands_warehouse") / "thidua.duckdb"
    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        yield con


def test_every_row_of_every_file_loads_with_no_error(city):
    assert city.execute(
        """select count(*), sum(rows_read), sum(rows_quarantined), bool_or(is_rejected)
           from quality.dq_reconciliation"""
    ).fetchone() == (5, 37, 0, False)
    assert not city.execute("select * from quality.dq_issues where severity = 'error'").fetchall()


def test_indicators_are_judged_with_the_plans_words(city):
    rows = city.execute(
        """select ward_code, measure_code, comparator, actual_value, is_achieved
           from marts.mart_indicator_results order by all"""
    ).fetchall()
    assert rows == [
        ("00201", "CT01", ">=", 8.5, True),
        ("00201", "CT06a", ">", 96.1, True),
        ("00201", "CT06b", "=", 100.0, True),
        ("00201", "CT08", "<", 0.8, True),
        ("00204", "CT01", ">=", 7.0, False),
        ("00204", "CT06a", ">", 96.0, True),
        ("00204", "CT06b", "=", 100.0, True),
        ("00204", "CT08", "<", 1.2, False),
    ]
    assert city.execute(
        "select ward_code, indicators_total, indicators_achieved, rank_in_city"
        " from marts.mart_ward_scorecard order by rank_in_city"
    ).fetchall() == [("00201", 3, 3, 1), ("00204", 3, 1, 2)]


def test_the_block_is_scored_on_its_sub_criteria_with_the_deduction_taken_off(city):
    assert city.execute(
        """select unit_code, total_score, max_score, rank_in_block, reported_total
           from marts.mart_covenant_scores order by rank_in_block"""
    ).fetchall() == [("00201", 42.0, 50.0, 1, 42.0), ("00204", 41.0, 50.0, 2, 41.0)]


def test_the_schools_and_the_wards_proposals_are_judged(city):
    assert city.execute(
        """select sender_code, nominee_name, award_code, eligibility_status
           from marts.mart_award_proposals order by all"""
    ).fetchall() == [
        ("00201", "Nguyễn Văn Lạc", "chien_si_thi_dua_co_so", "eligible"),
        ("00201.TH", "Lê Thị Hoa", "lao_dong_tien_tien", "eligible"),
        ("00204", "Nguyễn Văn Yên", "chien_si_thi_dua_co_so", "eligible"),
    ]
    assert city.execute(
        "select sender_code, workbook_kind, submitted from marts.mart_submission_status order by all"
    ).fetchall() == [
        ("00201", "unit_report", True),
        ("00204", "unit_report", True),
        ("K1", "block_report", True),
    ]
