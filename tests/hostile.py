"""Hostile inputs, made here from a valid ward report: small files that cost a reader a lot.

Each function writes one file and returns its path; tests/test_hostile.py feeds them to
the parser and to whole refreshes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook

SHEET_PART = "xl/worksheets/sheet2.xml"  # KetQuaChiTieu in the report below
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEADER_CELLS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>STT</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Mã chỉ tiêu</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Kết quả thực hiện</t></is></c></row>'
    '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>CT01</t></is></c>'
    '<c r="C2"><v>7</v></c></row>'
)


def unit_report(path: Path, sender: str = "00127") -> Path:
    wb = Workbook()
    info = wb.active
    info.title = "ThongTin"
    info.append(["Mã đơn vị", sender])
    info.append(["Kỳ báo cáo", "6 tháng đầu năm 2026"])
    sheet = wb.create_sheet("KetQuaChiTieu")
    sheet.append(["STT", "Mã chỉ tiêu", "Kết quả thực hiện"])
    sheet.append([1, "CT01", 7])
    wb.save(path)
    return path


def sheet_xml(cells: str, extra: str = "") -> bytes:
    return f'<?xml version="1.0"?><worksheet {_NS}>{extra}<sheetData>{cells}</sheetData></worksheet>'.encode()


def with_sheet(path: Path, xml: bytes) -> Path:
    """A valid report whose KetQuaChiTieu sheet's XML is replaced."""
    source = path.with_suffix(".src.xlsx")
    unit_report(source)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, xml if info.filename == SHEET_PART else src.read(info))
    source.unlink()
    return path


def far_cell(path: Path, ref: str = "XFD1048576") -> Path:
    """Values in A1..C2 and one at `ref`: calamine would build the whole range."""
    return with_sheet(
        path,
        sheet_xml(HEADER_CELLS + f'<row><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'),
    )


def declared_huge(path: Path) -> Path:
    """A real range of 2 rows, declared as the whole sheet."""
    return with_sheet(path, sheet_xml(HEADER_CELLS, '<dimension ref="A1:XFD1048576"/>'))


def implicit_wide_row(path: Path, cells: int = 20_000) -> Path:
    """Cells without references: their positions follow one another along one row."""
    row = "<row>" + "<c><v>1</v></c>" * cells + "</row>"
    return with_sheet(path, sheet_xml(HEADER_CELLS + row))


def many_cells(path: Path, rows: int = 150_000, columns: int = 26) -> Path:
    """3.9 million small cells within the row and column limits (compresses to ~2 MB)."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(i + 1) for i in range(columns)]
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in letters) + "</row>"
        for r in range(3, rows + 3)
    )
    return with_sheet(path, sheet_xml(HEADER_CELLS + body))


def entity_bomb(path: Path) -> Path:
    """The billion laughs in a sheet: a DTD no Excel file has."""
    lol = (
        '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8))
        + "]>"
    )
    xml = f'<?xml version="1.0"?>{lol}<worksheet {_NS}><sheetData><row><c t="inlineStr"><is><t>&i;</t></is></c></row></sheetData></worksheet>'
    return with_sheet(path, xml.encode())


def lying_sizes(path: Path) -> Path:
    """A member whose directory entry declares 100 bytes but which inflates to 50 MB."""
    unit_report(path)
    data = bytearray(path.read_bytes())
    big = b"<!--" + b"a" * (50 * 2**20) + b"-->"
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/padding.xml", big)
    data = bytearray(path.read_bytes())
    # Patch the uncompressed size of xl/padding.xml in the central directory to 100.
    marker = data.rfind(b"xl/padding.xml")
    header = data.rfind(b"PK\x01\x02", 0, marker)
    data[header + 24 : header + 28] = (100).to_bytes(4, "little")
    local = data.find(b"PK\x03\x04" + b"", 0)
    local = data.rfind(b"PK\x03\x04", 0, data.find(b"xl/padding.xml"))
    data[local + 22 : local + 26] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def missing_relationships(path: Path) -> Path:
    unit_report(path.with_suffix(".src.xlsx"))
    source = path.with_suffix(".src.xlsx")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            if info.filename != "xl/_rels/workbook.xml.rels":
                out.writestr(info.filename, src.read(info))
    source.unlink()
    return path
