"""One sheet of cells → typed rows and issues, whatever the mess around the table.

Finds the header in the first 20 rows (headers.py), skips the row of column numbers,
group rows ("I. Chỉ tiêu kinh tế"), totals and the signature block, reads each data
row (record.py) and says every row that repeats another.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pipelines.core.text import fold
from pipelines.core.values import is_blank, parse_code, shown_value
from pipelines.quality.rules import Issue
from pipelines.reading.cells import EncodingState
from pipelines.reading.headers import (
    criterion_columns,
    find_header,
    gender_split,
    heads,
    implied_columns,
    is_column_number_row,
    near_misses,
    qualified_cells,
    sub_headers,
)
from pipelines.reading.reader import column_letter
from pipelines.reading.record import convert_row, criterion_scores, honorific, person_nominee
from pipelines.reading.specs import SheetSpec
from pipelines.reading.table import BrokenCells, Layout, Table, cell

_SIGNATURE_STARTS = (
    "nguoi lap",
    "tm.",
    "tm ",
    "thu truong",
    "chu tich",
    "pho chu tich",
    "xac nhan",
    "ky ten",
    "(ky",
    "noi nhan",
    "giam doc",
    "kt.",
)


def read_table(
    rows: list[list[Any]],
    spec: SheetSpec,
    sheet_name: str,
    percent_cells: set[tuple[int, int]],
    state: EncodingState,
    broken: Callable[[], dict[tuple[int, int], str]] | None = None,
    year: int | None = None,
) -> Table:
    """year: the report's year, for a proposals list without a Năm column."""
    table = Table(sheet_name)
    header = find_header(rows, spec)
    if header is None:
        key_header = next(c.headers[0] for c in spec.columns if c.name == spec.key)
        message = (
            f"Trang “{sheet_name}”: không tìm thấy dòng tiêu đề (cần có cột “{key_header}” "
            "trong 20 dòng đầu). Vui lòng dùng đúng biểu mẫu."
        )
        table.issues.append(Issue("DU_HEADER_NOT_FOUND", message, sheet=sheet_name))
        return table
    table.found = True
    reading = (percent_cells, state, BrokenCells(broken))
    layout = _layout(rows, header, spec, table, year, reading)
    _read_rows(rows, layout, table)
    return table


def _layout(
    rows: list[list[Any]],
    header: tuple[int, dict[str, int]],
    spec: SheetSpec,
    table: Table,
    year: int | None,
    reading: tuple[set[tuple[int, int]], EncodingState, BrokenCells],
) -> Layout:
    """The header's columns, what is missing or only near an accepted header (said once
    each), and the first row of data."""
    header_index, mapping = header
    header_row, sheet = rows[header_index], table.sheet
    below = sub_headers(rows, header_index, spec, mapping)
    table.columns = {
        name: (column_letter(col), below.get(name) or " ".join(str(header_row[col]).split()))
        for name, col in mapping.items()
    }
    labels = {name: f"{header} (cột {letter})" for name, (letter, header) in table.columns.items()}
    unsure = qualified_cells(header_row, spec, mapping)
    implied = implied_columns(spec, header_row, mapping, year, sheet, table)
    missing = _missing_columns(spec, header_row, header_index, mapping, implied, unsure, table)
    near_misses(header_row, header_index, spec, mapping, unsure, sheet, table)
    criteria = criterion_columns(header_row, header_index, table) if spec.criterion_columns else {}
    split = gender_split(rows, header_index, mapping)
    start = header_index + (2 if split or below else 1)  # under a two-level header: its sub-headers
    if start < len(rows) and is_column_number_row(rows[start]):
        start += 1
    missing = missing or bool(spec.criterion_columns and not criteria)
    return Layout(
        spec, sheet, mapping, labels, implied, criteria, split, start, missing, *reading
    )  # fmt: skip


def _missing_columns(spec, header_row, header_index, mapping, implied, unsure, table) -> bool:
    """Each required column the header lacks is an error; True when one is missing."""
    missing = False
    for column in spec.columns:
        if not column.required or column.name in mapping or column.name in implied:
            continue
        missing = True
        alike = "”, “".join(
            " ".join(str(header_row[c]).split()) for c in unsure.get(column.name, [])
        )
        detail = (
            f": có nhiều cột giống (“{alike}”), không rõ cột nào là số liệu của kỳ báo cáo; vui "
            f"lòng đặt tên cột đó đúng là “{column.headers[0]}”."
            if alike
            else "."
        )
        message = f"Trang “{table.sheet}” thiếu cột bắt buộc “{column.headers[0]}”{detail}"
        issue = Issue("DU_COLUMN_MISSING", message, sheet=table.sheet, row_number=header_index + 1)
        issue.column_name = column.headers[0]
        table.issues.append(issue)
    return missing


def _read_rows(rows: list[list[Any]], layout: Layout, table: Table) -> None:
    seen: dict[tuple, int] = {}  # a row's values → the first row that has them all
    keyed: dict[tuple, int] = {}  # spec.unique values → the first row that has them
    group_type = None  # "II. CÁ NHÂN": the subject of the rows under a group row
    for index in range(layout.start, len(rows)):
        kind = _row_kind(rows, index, layout)
        if kind == "end":
            break
        if kind.startswith("group:"):
            group_type = kind[6:] if kind != "group:group" else group_type
        if kind != "data":
            continue
        row, record, errors = _read_row(rows[index], index, layout, table, group_type)
        errors += _repeats(row, record, layout, seen, keyed, table)
        # Without a required column no row of the table can be trusted: all go to quarantine.
        record["has_error"] = errors > 0 or layout.missing_required
        table.rows.append(record)


def _row_kind(rows: list[list[Any]], index: int, layout: Layout) -> str:
    """ "data"; "skip" (column numbers, a total, a note, a heading); "end" (the signature
    block); or "group:<subject>" for a group row ("I | TẬP THỂ") naming its rows' subject."""
    row, key_col, stt_col = rows[index], layout.key_col, layout.stt_col
    key_blank = is_blank(cell(row, key_col))
    if not key_blank and index <= layout.start + 2 and is_column_number_row(row):
        return "skip"  # a number row under a two-row header ("1, 1, 2, 3, …")
    if not key_blank and _is_signature_row([cell(row, key_col)]):
        return "end"  # "Người lập biểu" written in the name column: the table has ended
    if not key_blank and (subject := _group_subject(row, key_col, stt_col, layout.mapped_cols)):
        return "group:" + subject
    if key_blank or key_col == stt_col:  # else the key itself makes the row a data row
        filled = [c for c in layout.mapped_cols if c != stt_col and not is_blank(cell(row, c))]
        if not filled:
            return "skip"
        if key_blank and _is_signature_row(row):
            return "end"
        if key_blank and (_is_total_row(row) or len(filled) <= 1):
            return "skip"  # "Tổng cộng", a group row ("I. Chỉ tiêu kinh tế") or a note
    elif (layout.spec.headings or layout.required_cols) and _heads_its_parts(
        rows, index, key_col, [] if layout.spec.headings else layout.required_cols
    ):
        return "skip"  # "CT06" over CT06a and CT06b, its figures blank: a group row
    return "data"


def _read_row(row, index: int, layout: Layout, table: Table, group_type: str | None):
    """(the row as read, its record, its errors)."""
    row_number, split_gender = index + 1, None
    if layout.split:
        row, split_gender = _merge_split(row, layout.split)
    record, errors = convert_row(row, index, layout, table)
    record.update(layout.implied)
    if split_gender and record.get("gender") is None:
        record["gender"] = split_gender  # the birth date sat under "Nam" or "Nữ"
    # a group row ("I | TẬP THỂ") says more than the name header ("Họ và tên")
    if (
        group_type
        and "nominee_type" in record
        and (record["nominee_type"] is None or "nominee_type" in layout.implied)
    ):
        record["nominee_type"] = group_type
    errors += criterion_scores(row, row_number, layout, table)
    person = record.get("nominee_name") and record.get("nominee_type") in ("individual", None)
    if "honorific" in record and person:  # only a sheet with a place for it (proposals)
        honorific(record, table, layout.sheet, row_number, layout.labels)
    if record.get("nominee_type") == "individual" and record.get("nominee_name"):
        person_nominee(record, table, layout.sheet, row_number, layout.labels)
    return row, record, errors


def _repeats(row, record: dict, layout: Layout, seen: dict, keyed: dict, table: Table) -> int:
    """Marks a row identical to an earlier one; 1 when it repeats another's key only."""
    identity = tuple(v for k, v in record.items() if k not in ("row_number", "stt")) + tuple(
        cell(row, c) for c in layout.criteria
    )
    row_number = record["row_number"]
    record["is_duplicate"] = identity in seen
    if not record["is_duplicate"]:
        seen[identity] = row_number
        return _repeated_key(record, layout, keyed, table)
    message = (
        f"Dòng {row_number} trùng hoàn toàn với dòng {seen[identity]}; "
        "chỉ nạp một lần. Vui lòng xoá dòng trùng."
    )
    table.issues.append(Issue("SACH_ROW_DUPLICATE", message, layout.sheet, row_number))
    return 0


def _repeated_key(record: dict, layout: Layout, keyed: dict[tuple, int], table: Table) -> int:
    """1 when another row already has this row's key (spec.unique) with other figures."""
    spec = layout.spec
    key = tuple(record.get(name) for name in spec.unique)
    if not spec.unique or None in key:
        return 0
    first = keyed.setdefault(key, record["row_number"])
    if first == record["row_number"]:
        return 0
    named = ", ".join(
        f"{layout.labels.get(name, name)} “{shown_value(value)}”"
        for name, value in zip(spec.unique, key, strict=True)
    )
    message = (
        f"Dòng {record['row_number']} có cùng {named} với dòng {first} nhưng số liệu khác; "
        f"không rõ dòng nào đúng nên chỉ dùng dòng {first}. Vui lòng giữ một dòng."
    )
    table.issues.append(Issue("SACH_KEY_REPEATED", message, layout.sheet, record["row_number"]))
    return 1


def _heads_its_parts(rows: list[list[Any]], index: int, key_col: int, required: list[int]) -> bool:
    """The row's code is the stem of the next code (CT06 → CT06a, CT06.1; not CT1 → CT10)
    and its required cells are blank: it heads its parts, it is not a figure."""
    row = rows[index]
    if any(not is_blank(cell(row, col)) for col in required):
        return False
    stem = parse_code(cell(row, key_col)).value
    for later in rows[index + 1 : index + 4]:
        code = cell(later, key_col)
        if not is_blank(code):
            return heads(stem, parse_code(code).value)
    return False


def _merge_split(row: list[Any], split: tuple[int, int]) -> tuple[list[Any], str | None]:
    """The row with the date from whichever of the two columns holds it, and the gender."""
    men, women = split
    if not is_blank(cell(row, men)):
        return row, "Nam"
    if not is_blank(cell(row, women)):
        row = list(row)
        row[men] = row[women]
        return row, "Nữ"
    return row, None


# What a group row names: the subject of the nominees listed under it.
_GROUP_SUBJECTS = {
    "tap the": "collective",
    "ca nhan": "individual",
    "ho gia dinh": "household",
    "khen thuong tap the": "collective",
    "khen thuong ca nhan": "individual",
    "khen thuong ho gia dinh": "household",
}
_ROMAN_STT = re.compile(r"^(?:[ivxlc]+|[a-z])[.)]?$")


def _group_subject(
    row: list[Any], key_col: int, stt_col: int | None, mapped_cols: set[int]
) -> str | None:
    """The subject a group row ("I | TẬP THỂ", "B. Cá nhân") gives the rows under it; None
    for a data row. Its other columns are blank, and it names a subject, or its STT is a
    roman numeral or a letter."""
    others = [c for c in mapped_cols if c not in (key_col, stt_col) and not is_blank(cell(row, c))]
    if others:
        return None
    key = fold(str(cell(row, key_col))).strip(" :.")
    key = re.sub(r"^(?:[ivx]+|[a-d])[.)]\s*", "", key)
    subject = _GROUP_SUBJECTS.get(key)
    stt = fold(str(cell(row, stt_col))).strip() if stt_col is not None else ""
    if subject or (stt and _ROMAN_STT.match(stt) and not stt.isdigit()):
        return subject or "group"
    return None


def _is_signature_row(row: list[Any]) -> bool:
    return any(isinstance(cell, str) and fold(cell).startswith(_SIGNATURE_STARTS) for cell in row)


_TOTAL_LABELS = {"tong cong", "cong", "tong", "tong so", "tong diem", "cong diem"}


def _is_total_row(row: list[Any]) -> bool:
    return any(isinstance(cell, str) and fold(cell).strip(" :.") in _TOTAL_LABELS for cell in row)
