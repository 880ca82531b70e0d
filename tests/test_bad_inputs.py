"""A corpus of bad inputs, generated here: each gets a clear Vietnamese issue, at bounded
cost, and the other files of the folder still load."""

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from pipelines.reading import preflight
from pipelines.reading.workbook import parse_workbook
from pipelines.store.ingest import ingest_folder


def _unit_report(results: list[list]) -> Workbook:
    wb = Workbook()
    info = wb.active
    info.title = "ThongTin"
    info.append(["Mã đơn vị", "00127"])
    info.append(["Kỳ báo cáo", "6 tháng đầu năm 2026"])
    sheet = wb.create_sheet("KetQuaChiTieu")
    sheet.append(["STT", "Mã chỉ tiêu", "Kết quả thực hiện"])
    for row in results:
        sheet.append(row)
    return wb


def _rewrite(source: Path, target: Path, replace: dict[str, bytes], extra: dict[str, bytes] = None):
    """Copy a workbook's zip, replacing some members: how real oddities are made."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return target


def _sheet_xml(cells: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{cells}</sheetData></worksheet>"
    ).encode()


HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>STT</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Mã chỉ tiêu</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Kết quả thực hiện</t></is></c></row>'
)


def test_excel_error_values_and_uncalculated_formulas_are_explained(tmp_path):
    plain = tmp_path / "plain.xlsx"
    _unit_report([[1, "CT01", 1]]).save(plain)
    cells = HEADER + (
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>CT01</t></is></c>'
        '<c r="C2" t="e"><v>#DIV/0!</v></c></row>'
        '<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="inlineStr"><is><t>CT02</t></is></c>'
        '<c r="C3"><f>SUM(X1:X9)</f></c></row>'
    )
    path = _rewrite(
        plain, tmp_path / "errors.xlsx", {"xl/worksheets/sheet2.xml": _sheet_xml(cells)}
    )
    parsed = parse_workbook(path, tmp_path)
    messages = {
        i.row_number: i.message for i in parsed.issues if i.rule_code == "DUNG_VALUE_UNREADABLE"
    }
    assert "#DIV/0!" in messages[2]
    assert "công thức chưa được tính" in messages[3]
    assert all(row["has_error"] for row in parsed.tables["unit_indicator_results"].rows)


def test_a_zip_bomb_is_refused_before_it_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setattr(preflight, "MAX_EXPANDED_BYTES", 10 * 2**20)  # the same check, smaller
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/workbook.xml", "<workbook/>")
        out.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 2**20))
    assert path.stat().st_size < 100_000
    parsed = parse_workbook(path, tmp_path)
    assert parsed.is_rejected and "vượt giới hạn" in parsed.issues[0].message


def test_a_sheet_with_a_million_rows_is_refused_at_bounded_cost(tmp_path):
    plain = tmp_path / "plain.xlsx"
    _unit_report([]).save(plain)
    rows = "".join(f'<row r="{i}"><c r="B{i}"><v>{i}</v></c></row>' for i in range(2, 1_000_002))
    path = _rewrite(
        plain, tmp_path / "million.xlsx", {"xl/worksheets/sheet2.xml": _sheet_xml(HEADER + rows)}
    )
    tracemalloc.start()
    started = time.perf_counter()
    parsed = parse_workbook(path, tmp_path)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert parsed.is_rejected
    assert any(
        i.rule_code == "DUNG_SHEET_TOO_LARGE" and "200.000 dòng" in i.message for i in parsed.issues
    )
    assert peak < 200 * 2**20, f"Python memory stays bounded: {peak / 2**20:.0f} MB"
    assert seconds < 60, "bounded, not a hang (the benchmark measures speed)"


def test_a_sheet_with_five_thousand_columns_is_refused(tmp_path):
    wb = _unit_report([[1, "CT01", 1]])
    wb["KetQuaChiTieu"].cell(2, 5000, "x")
    wb.save(tmp_path / "wide.xlsx")
    parsed = parse_workbook(tmp_path / "wide.xlsx", tmp_path)
    assert any(i.rule_code == "DUNG_SHEET_TOO_LARGE" and "cột" in i.message for i in parsed.issues)


def test_a_workbook_with_macros_is_read_and_its_macros_never_run(tmp_path):
    plain = tmp_path / "plain.xlsx"
    _unit_report([[1, "CT01", 12.5]]).save(plain)
    path = _rewrite(
        plain, tmp_path / "macro.xlsm", {}, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake vba"}
    )
    parsed = parse_workbook(path, tmp_path)
    assert not parsed.is_rejected
    assert parsed.tables["unit_indicator_results"].rows[0]["actual_value"] == 12.5
    assert any(i.rule_code == "SACH_MACRO_IGNORED" for i in parsed.issues)


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("trang web.xlsx", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "HTML"),
        ("rong.xlsx", b"", "không phải là bảng tính"),
        ("cut.xlsx", None, "hỏng"),
    ],
)
def test_html_empty_and_truncated_files_get_one_clear_issue(tmp_path, name, content, words):
    if content is None:  # a real workbook cut in half, as an interrupted e-mail download
        buffer = io.BytesIO()
        _unit_report([[1, "CT01", 1]]).save(buffer)
        content = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    (tmp_path / name).write_bytes(content)
    parsed = parse_workbook(tmp_path / name, tmp_path)
    assert parsed.is_rejected and [i.rule_code for i in parsed.issues] == ["DUNG_FILE_UNREADABLE"]
    assert words in parsed.issues[0].message


def test_a_folder_of_bad_files_loads_the_good_ones_and_loses_nothing(tmp_path):
    raw = tmp_path / "Báo cáo gửi về"
    raw.mkdir()
    _unit_report([[1, "CT01", 12.5], [2, "CT02", "abc"]]).save(
        raw / "Phường Thành Đông (bản cuối).xlsx"
    )
    (raw / "ghi chú.xlsx").write_text("Mã,Tên\n1,a\n", encoding="utf-8")
    (raw / "cũ.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    wrong = Workbook()
    wrong.active.title = "Sheet1"
    wrong.save(raw / "mẫu khác.xlsx")
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        stats = ingest_folder(raw, con, "bad")
        assert stats.files_found == 4 and stats.files_rejected == 3
        loaded = con.execute(
            "select measure_code, has_error from raw.unit_indicator_results order by row_number"
        ).fetchall()
        assert loaded == [("CT01", False), ("CT02", True)], "the bad row is kept, flagged"
        rejected = con.execute(
            """select count(distinct file_hash) from quality.parse_issues
               where rule_code in ('DUNG_FILE_UNREADABLE', 'DUNG_FILE_UNKNOWN_KIND')"""
        ).fetchone()[0]
        assert rejected == 3
        kept = con.execute("select count(*) from raw.file_contents").fetchone()[0]
        assert kept == 4, "every submission's bytes are kept, even the unreadable ones"
