"""Many cells, styled and written fast: the city report at 3,321 wards has 350,000.

openpyxl spends about 11 µs a cell: creating a Cell object, hashing its style, and
writing it through lxml at save time. Rows of a large table are kept here instead as
(value, style array) pairs, written as sheet XML with string formatting when the
workbook is saved (`save_workbook`), and spliced into openpyxl's own output: the
heading, merges, filters, charts and styles stay openpyxl's. One period's city report
at 3,321 wards, with its quality page: 3.9 s → 1.4 s. tests/test_xlsx_rows.py checks
that both ways give the same workbook, cell by cell.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import math
import re
import zipfile
from collections.abc import Callable, Sequence
from copy import copy
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, get_time_format
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet

# Tables longer than this are deferred; shorter ones are not worth a second code path.
DEFER_MIN_ROWS = 200


class StyleCache:
    """Styles many cells alike quickly.

    openpyxl hashes every style object on each assignment. The first cell of each
    (current style, new styles) pair is styled normally; the others copy its small array
    of style ids. `shared` gives the array itself, for deferred cells, which have no Cell.
    """

    def __init__(self) -> None:
        self._arrays: dict[tuple, Any] = {}

    def shared(self, ws: Worksheet, current: Any, **styles: Any) -> Any:
        """The style array of a cell styled `current` plus `styles`: one object for all
        such cells, never to be changed in place (deferred cells only read it)."""
        key = (
            tuple(current or ()),
            tuple(
                (name, value if isinstance(value, str) else id(value))
                for name, value in styles.items()
            ),
        )
        found = self._arrays.get(key)
        if found is None:
            prototype = Cell(ws)
            if current:
                prototype._style = copy(current)
            for name, value in styles.items():
                setattr(prototype, name, value)
            # keep the style objects alive so their ids in the key stay theirs
            found = self._arrays[key] = (prototype._style, list(styles.values()))
        return found[0]

    def apply(self, cell, **styles: Any) -> None:
        # a copy: openpyxl changes a cell's array in place when one of its styles is set
        cell._style = copy(self.shared(cell.parent, cell._style, **styles))


def defer_rows(ws: Worksheet, first_row: int, rows: Sequence[Sequence[Any]], **styles: Any) -> None:
    """Keep rows for writing at save time, every cell with `styles`; a value may be
    (value, number_format)."""
    deferred = _deferred(ws)
    cache = StyleCache()
    by_format: dict[str, Any] = {}
    for offset, row in enumerate(rows):
        cells = []
        for value in row:
            number_format = "General"
            if isinstance(value, tuple):
                value, number_format = value
            if isinstance(value, (dt.date, dt.time)) and not is_date_format(number_format):
                number_format = get_time_format(type(value))  # as openpyxl does
            array = by_format.get(number_format)
            if array is None:
                array = by_format[number_format] = cache.shared(
                    ws, None, number_format=number_format, **styles
                )
            cells.append([value, array])
        deferred[first_row + offset] = cells


def restyle(ws: Worksheet, styles: StyleCache, row: int, col: int, **new: Any) -> None:
    """Add styles to a cell, deferred or not."""
    deferred = getattr(ws, "_deferred_rows", None)
    if deferred and row in deferred and col <= len(deferred[row]):
        cell = deferred[row][col - 1]
        cell[1] = styles.shared(ws, cell[1], **new)
    else:
        styles.apply(ws.cell(row, col), **new)


def _deferred(ws: Worksheet) -> dict[int, list[list]]:
    if not hasattr(ws, "_deferred_rows"):
        ws._deferred_rows = {}
    return ws._deferred_rows


def _cell_xml(ref: str, value: Any, style_id: int) -> str:
    s = f' s="{style_id}"' if style_id else ""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return f'<c r="{ref}"{s}/>' if s else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{s} t="n"><v>{value!r}</v></c>'
    if isinstance(value, decimal.Decimal):
        return f'<c r="{ref}"{s} t="n"><v>{value:f}</v></c>'
    if isinstance(value, (dt.date, dt.time)):
        return f'<c r="{ref}"{s} t="n"><v>{to_excel(value)!r}</v></c>'
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _rows_xml(ws: Worksheet) -> tuple[dict[int, str], int]:
    """Each deferred row as XML, registering its styles in the workbook; and the widest row."""
    styles = ws.parent._cell_styles
    ids: dict[int, int] = {}  # id of a shared array → its index in the workbook's styles
    letters: list[str] = []
    xml, width = {}, 0
    for row, cells in sorted(ws._deferred_rows.items()):
        width = max(width, len(cells))
        while len(letters) < len(cells):
            letters.append(get_column_letter(len(letters) + 1))
        parts = []
        for col, (value, array) in enumerate(cells):
            style_id = ids.get(id(array))
            if style_id is None:
                style_id = ids[id(array)] = styles.add(array)
            parts.append(_cell_xml(f"{letters[col]}{row}", value, style_id))
        xml[row] = f'<row r="{row}">{"".join(parts)}</row>'
    return xml, width


_ROW_START = re.compile(r'<row r="(\d+)"')


def _splice(sheet: str, rows: dict[int, str], width: int) -> str:
    """openpyxl's sheet XML with the deferred rows merged in, every row in its order."""
    if "<sheetData/>" in sheet:
        sheet = sheet.replace("<sheetData/>", "<sheetData></sheetData>")
    head, rest = sheet.split("<sheetData>", 1)
    body, tail = rest.split("</sheetData>", 1)
    starts = [(int(m.group(1)), m.start()) for m in _ROW_START.finditer(body)]
    clash = [row for row, _ in starts if row in rows]
    if clash:
        raise ValueError(f"rows {clash[:5]} written both deferred and by openpyxl")
    ends = [start for _, start in starts[1:]] + [len(body)]
    existing = [(row, body[start:end]) for (row, start), end in zip(starts, ends, strict=True)]
    merged = sorted([*existing, *rows.items()], key=lambda item: item[0])
    body = (body[: starts[0][1]] if starts else body) + "".join(xml for _, xml in merged)
    match = re.search(r'<dimension ref="[A-Z]+\d+(?::([A-Z]+)\d+)?"', head)
    if match:
        old = match.group(1) or "A"
        letter = max(old, get_column_letter(width), key=lambda c: (len(c), c))
        ref = f'<dimension ref="A1:{letter}{merged[-1][0]}"'
        head = head[: match.start()] + ref + head[match.end() :]
    return head + "<sheetData>" + body + "</sheetData>" + tail


def save_workbook(
    wb: Workbook,
    fix: Callable[[str, bytes], bytes] | None = None,
    date_time: tuple[int, ...] | None = None,
) -> bytes:
    """The workbook's bytes with deferred rows in place; fix(name, data) may rewrite
    entries, and date_time fixes the zip entries' times (same content, same bytes)."""
    pending = {}
    for index, ws in enumerate(wb.worksheets, start=1):
        if getattr(ws, "_deferred_rows", None):
            pending[f"xl/worksheets/sheet{index}.xml"] = _rows_xml(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    if not pending and fix is None and date_time is None:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in pending:
                rows, width = pending[info.filename]
                data = _splice(data.decode("utf-8"), rows, width).encode("utf-8")
            if fix is not None:
                data = fix(info.filename, data)
            entry = zipfile.ZipInfo(info.filename, date_time=date_time or info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()
