"""Cell values as wards type them."""

import datetime as dt

import pytest

from pipelines.core.periods import period_code
from pipelines.core.values import parse_code, parse_date, parse_level, parse_number, parse_yes_no


@pytest.mark.parametrize(
    "raw, value",
    [
        ("12,5", 12.5),
        ("98,2%", 98.2),
        ("1.250", 1250.0),
        ("1.250,5", 1250.5),
        (12.5, 12.5),
        ("  100 ", 100.0),
        ("0,3", 0.3),
    ],
)
def test_numbers_typed_as_text_are_read(raw, value):
    assert parse_number(raw).value == pytest.approx(value)


def test_a_percent_formatted_cell_is_read_as_the_percentage_it_shows():
    parsed = parse_number(0.125, percent_cell=True)
    assert parsed.value == pytest.approx(12.5)
    assert parsed.note == "ô định dạng phần trăm (hiện 12,5%) được đọc là 12,5"


def test_a_number_typed_as_text_is_read_and_the_note_says_so_in_vietnamese():
    assert parse_number("1.250").note == "“1.250” gõ dạng chữ, được đọc là số 1250"
    assert parse_number("12,5").note == "“12,5” gõ dạng chữ, được đọc là số 12,5"


@pytest.mark.parametrize("raw", ["chưa có số liệu", "abc", "12,5,3%x"])
def test_unreadable_numbers_are_none_with_a_reason(raw):
    parsed = parse_number(raw)
    assert parsed.value is None and "không đọc được" in parsed.note


@pytest.mark.parametrize(
    "raw",
    [
        dt.date(2026, 6, 15),
        dt.datetime(2026, 6, 15, 8, 0),
        46188,
        "15/06/2026",
        "15-6-2026",
        "ngày 15 tháng 6 năm 2026",
        "2026-06-15",
        "Ngày 15/6/2026",  # the label typed in the cell
    ],
)
def test_dates_in_every_form_the_contract_lists(raw):
    assert parse_date(raw).value == dt.date(2026, 6, 15)


def test_an_impossible_date_is_refused():
    assert parse_date("31/02/2026").value is None


@pytest.mark.parametrize(
    "raw, value",
    [
        ("Có", True),
        ("Không", False),
        ("Đạt", True),
        ("Không đạt", False),
        ("x", True),
        (True, True),
        ("TRUE", True),
    ],
)
def test_yes_no_spellings(raw, value):
    assert parse_yes_no(raw).value is value


@pytest.mark.parametrize("raw", ["Mức 2", "mức độ 2", 2, "MỨC 2", "Mức II", "2.0"])
def test_levels(raw):
    assert parse_level(raw).value == 2


def test_codes_that_lost_leading_zeros_are_restored_from_their_width():
    assert parse_code(127, 5).value == "00127"
    assert parse_code(44062008115, 12).value == "044062008115"
    assert parse_code("ct07A").value == "CT07a"


@pytest.mark.parametrize(
    "typed, code",
    [
        ("CT7a", "CT07a"),
        ("CT-07a", "CT07a"),
        ("ct_7", "CT07"),
        ("TC1", "TC01"),
        ("TC1.2", "TC01.2"),
    ],
)
def test_measure_and_criterion_codes_typed_by_hand_are_written_as_the_templates_write_them(
    typed, code
):
    parsed = parse_code(typed)
    assert parsed.value == code and typed in parsed.note


@pytest.mark.parametrize("typed", ["CT107", "K-01", "P.01", "KHOI01", "BAN_TDKT", "K1.2"])
def test_other_codes_keep_their_digits_and_separators(typed):
    assert parse_code(typed) == parse_code(typed.upper())
    assert parse_code(typed).value == typed.upper() and parse_code(typed).note is None


@pytest.mark.parametrize(
    "text, code",
    [
        ("Quý I năm 2026", "2026-Q1"),
        ("6 tháng đầu năm 2026", "2026-H1"),
        ("Năm 2026", "2026-FY"),
        ("Cả năm 2026", "2026-FY"),
        ("Năm học 2025-2026", "SY2025-2026"),
        ("2026-H1", "2026-H1"),
        ("quý iv năm 2026", "2026-Q4"),
        ("Từ ngày 01/01/2026 đến ngày 30/06/2026", "2026-H1"),
        ("01/01/2026 - 31/12/2026", "2026-FY"),
        ("1/7/2026 đến 30/9/2026", "2026-Q3"),
    ],
)
def test_period_text_maps_to_canonical_codes(text, code):
    assert period_code(text) == code


def test_unknown_period_text_is_none():
    assert period_code("tháng Giêng") is None
    # an emulation year counted 15/12 to 14/12 is no calendar period: not guessed
    assert period_code("Từ 15/12/2025 đến 14/12/2026") is None


@pytest.mark.parametrize(
    "text, code",
    [
        ("Báo cáo 6 tháng năm 2026", "2026-H1"),  # the half-year report, said the short way
        ("6 tháng cuối năm 2026", "2026-H2"),
        ("Tổng kết năm học 2025-2026", "SY2025-2026"),
        ("9 tháng năm 2026", None),  # part of the year: not the whole year
        ("Báo cáo tháng 6 năm 2026", None),
        ("Học kỳ I năm học 2025-2026", None),
        ("Kỳ II năm 2026", None),
    ],
)
def test_a_part_of_a_year_is_never_read_as_the_whole_year(text, code):
    assert period_code(text) == code


def test_values_in_messages_are_shown_the_vietnamese_way():
    import numpy as np

    from pipelines.core.values import shown_value

    assert shown_value(102.0) == "102"
    assert shown_value(74.5) == "74,5"
    assert shown_value(1234567.5) == "1234567,5", "as Excel's General format shows it"
    assert shown_value(2026) == "2026" and shown_value(26734.0) == "26734", "years and codes"
    assert shown_value(np.float64(0.25)) == "0,25"
    assert shown_value(np.int64(7)) == "7"
    assert shown_value(np.bool_(False)) == "Không"
    assert shown_value("chưa có số liệu") == "chưa có số liệu"
    assert shown_value(None) is None


@pytest.mark.parametrize(
    "typed, value",
    [
        ("98,5 (ước)", 98.5),
        ("Ước 98,5", 98.5),
        ("ước thực hiện: 12,5%", 12.5),
        ("105% (vượt kế hoạch)", 105.0),
    ],
)
def test_a_figure_with_a_remark_is_read_and_the_remark_dropped_with_a_note(typed, value):
    parsed = parse_number(typed)
    assert parsed.value == value and "bỏ phần ghi chú" in parsed.note


@pytest.mark.parametrize("typed", ["khoảng 12", "(12)", "Trên 95%", "chưa có số liệu"])
def test_a_remark_that_changes_the_figure_is_not_read_as_a_number(typed):
    assert parse_number(typed).value is None
