"""Deferred rows (pipelines/core/xlsx_rows.py) give the workbook openpyxl would have written."""

import datetime as dt
import decimal
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.xml.functions import tostring

from pipelines.core.xlsx_out import write_table
from pipelines.core.xlsx_rows import DEFER_MIN_ROWS, StyleCache, restyle, save_workbook

GREEN = PatternFill("solid", fgColor="C6EFCE")
WRAP = Alignment(wrap_text=True, vertical="top")
ROWS = [
    [
        f"P{i:05d}",
        '  Phường Thành Đông & <Tân> "An"  ' if i % 7 == 0 else f"Phường số {i}",
        (i * 1.25, "#,##0.0#"),
        i,
        decimal.Decimal("12.50") if i % 5 == 0 else None,
        i % 2 == 0,
        (dt.date(2026, 7, 1 + i % 28), "dd/mm/yyyy"),
        dt.datetime(2026, 7, 1, 8, i % 60),
        "Đủ điều kiện" if i % 2 else "=1+1 gõ nhầm",
        (None, "0.0%") if i % 3 == 0 else (i / 1000, "0.0%"),
    ]
    for i in range(DEFER_MIN_ROWS + 30)
]


def _workbook(defer: bool):
    wb = Workbook()
    ws = wb.active
    ws.cell(1, 1, "BÁO CÁO THỬ")
    ws.merge_cells("A1:D1")
    end = write_table(
        ws, 3, [f"Cột {c}" for c in range(1, 11)], ROWS, number_row=False, defer=defer
    )
    styles = StyleCache()
    for row in range(4, end, 3):
        restyle(ws, styles, row, 3, fill=GREEN)
        restyle(ws, styles, row, 2, alignment=WRAP)
    ws.cell(end + 2, 2, "Ghi chú dưới bảng")
    return wb


def _xml(cell, style: str) -> bytes:
    return tostring(getattr(cell, style).to_tree())


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xlsx_rows")
    paths = {}
    for defer in (False, True):
        path = folder / f"defer_{defer}.xlsx"
        path.write_bytes(save_workbook(_workbook(defer)))
        paths[defer] = path
    return paths


def test_deferred_rows_read_back_like_openpyxl_cells_value_and_style(both):
    plain, deferred = (openpyxl.load_workbook(both[d]).active for d in (False, True))
    assert (deferred.max_row, deferred.max_column) == (plain.max_row, plain.max_column)
    assert deferred.freeze_panes == plain.freeze_panes == "A4"
    assert deferred.merged_cells.ranges == plain.merged_cells.ranges
    compared = 0
    for row in range(1, plain.max_row + 1):
        for col in range(1, plain.max_column + 1):
            a, b = plain.cell(row, col), deferred.cell(row, col)
            where = f"{a.coordinate}"
            assert b.value == a.value, where
            assert b.number_format == a.number_format, where
            for style in ("fill", "border", "alignment", "font"):
                assert _xml(b, style) == _xml(a, style), f"{where} {style}"
            compared += 1
    assert compared > 2_000
    assert deferred.cell(4 + 7, 2).value.startswith("  Phường"), "spaces kept"


def test_a_control_character_excel_refuses_is_dropped(tmp_path):
    wb = Workbook()
    rows = [["văn bản\x07 có ký tự điều khiển"]] * DEFER_MIN_ROWS
    write_table(wb.active, 1, ["Cột"], rows, number_row=False, defer=True)
    (tmp_path / "c.xlsx").write_bytes(save_workbook(wb))
    assert openpyxl.load_workbook(tmp_path / "c.xlsx").active["A2"].value == (
        "văn bản có ký tự điều khiển"
    )


def test_the_table_is_deferred_only_when_asked_and_long(both):
    assert getattr(_workbook(True).active, "_deferred_rows", None)
    assert not getattr(_workbook(False).active, "_deferred_rows", None)


def test_a_cell_written_twice_is_refused_rather_than_lost():
    wb = _workbook(True)
    wb.active.cell(10, 1, "ghi đè")
    with pytest.raises(ValueError, match="both deferred and by openpyxl"):
        save_workbook(wb)


@pytest.mark.skipif(
    not shutil.which("soffice"), reason="needs LibreOffice; `make test` installs it"
)
def test_libreoffice_reads_the_deferred_rows(both, tmp_path):
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(both[True]),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    lines = (tmp_path / "defer_True.csv").read_text(encoding="utf-8").splitlines()
    assert lines[3].startswith(
        'P00000,"  Phường Thành Đông & <Tân> ""An""  ",0.0,0,12.5,TRUE,01/07/2026,'
    ), "text escaped and kept whole, numbers, booleans, dates formatted"
    assert ",=1+1 gõ nhầm," in lines[3], "text that looks like a formula stays text"
    assert any(line.startswith(f"P{len(ROWS) - 1:05d},") for line in lines)
    assert lines[-1].startswith(",Ghi chú dưới bảng")


def test_two_long_tables_on_one_sheet_keep_every_row_in_order(tmp_path):
    wb = Workbook()
    ws = wb.active
    first = write_table(
        ws, 1, ["A", "B"], [[i, f"x{i}"] for i in range(DEFER_MIN_ROWS)], False, defer=True
    )
    ws.cell(first + 1, 1, "Bảng 2")  # an openpyxl row between the two deferred tables
    write_table(ws, first + 2, ["A"], [[i] for i in range(DEFER_MIN_ROWS)], False, defer=True)
    (tmp_path / "two.xlsx").write_bytes(save_workbook(wb))
    sheet = openpyxl.load_workbook(tmp_path / "two.xlsx").active
    assert sheet.cell(first + 1, 1).value == "Bảng 2"
    assert sheet.cell(first + 3, 1).value == 0 and sheet.max_row == first + 2 + DEFER_MIN_ROWS
    with zipfile.ZipFile(tmp_path / "two.xlsx") as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    numbers = [int(n) for n in re.findall(r'<row r="(\d+)"', xml)]
    assert numbers == sorted(numbers), "Excel asks to repair a sheet whose rows are out of order"
