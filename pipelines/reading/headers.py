"""A sheet's header: which row it is, which column holds what, and what is missing.

Accepted spellings come from the sheet's spec (specs.py); a header with the period
after it ("Thực hiện năm 2026"), a two-level header, a birth date split under "Nam" and
"Nữ" and the criteria's score columns are read too. A header close to an accepted one
but not accepted is said, never silently dropped.
"""

import re
from difflib import SequenceMatcher
from typing import Any

from pipelines.core.text import (
    fold,
    header_key,
)
from pipelines.core.values import (
    is_blank,
    parse_code,
)
from pipelines.quality.rules import Issue
from pipelines.reading.reader import column_letter
from pipelines.reading.specs import SheetSpec
from pipelines.reading.table import Table
from pipelines.reading.table import cell as cell_at

HEADER_SEARCH_ROWS = 20
# A criterion's column: its code, maybe with a note ("TC01", "TC01 (10 điểm)", "TC02 - Công tác X"),
# typed by hand as "TC1" or "TC-01" too (parse_code writes them all TC01).
_CRITERION = re.compile(r"^(tc\s*[-_.]?\s*\d+(?:\.\d+)*[a-z]?)(?:\s*[(\-–:.].*)?$")
# "Tiêu chí 1", "Tiêu chí số 2a": the criterion's number in words, read as TC01, TC02a.
_CRITERION_WORDS = re.compile(r"^tieu chi(?: so)?\s*(\d+(?:\.\d+)*[a-z]?)(?:\s*[(\-–:.].*)?$")


def find_header(rows: list[list[Any]], spec: SheetSpec) -> tuple[int, dict[str, int]] | None:
    """(row index, {column name: column index}) of the best header row in the first 20."""
    best: tuple[int, dict[str, int]] | None = None
    index_of = spec.header_index
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping: dict[str, int] = {}
        for col, cell in enumerate(row):
            if cell is None or not isinstance(cell, str):
                continue
            name = index_of.get(header_key(cell))
            if name is not None and name not in mapping:
                mapping[name] = col
        if spec.key in mapping and (best is None or len(mapping) > len(best[1])):
            best = (index, mapping)
    if best is not None:
        _add_qualified(rows[best[0]], spec, best[1])
    return best


# What offices write after a header: the period or a unit ("Kết quả thực hiện 6 tháng đầu
# năm 2026", "Chỉ tiêu giao năm 2026", "Điểm tối đa (điểm)"). Folded text.
_QUALIFIER = re.compile(
    r"(\(.*\)|(ca nam|nam|quy|ky|thang|hoc ky|\d+ thang|sau thang|den|tinh den)\b.*)"
)


def _add_qualified(row: list[Any], spec: SheetSpec, mapping: dict[str, int]) -> None:
    """Columns still unnamed whose header is an accepted one with a qualifier after it.
    One such cell names the column; two ("Thực hiện năm 2025", "Thực hiện năm 2026") are
    not guessed between, and the column stays missing with its message."""
    for name, cols in qualified_cells(row, spec, mapping).items():
        if len(cols) == 1:
            mapping[name] = cols[0]


def qualified_cells(
    row: list[Any], spec: SheetSpec, mapping: dict[str, int]
) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    taken = set(mapping.values())
    for col, cell in enumerate(row):
        if col in taken or not isinstance(cell, str):
            continue
        key = header_key(cell)
        for accepted, name in spec.header_prefixes:
            if (
                name not in mapping
                and key.startswith(accepted + " ")
                and _QUALIFIER.fullmatch(key[len(accepted) + 1 :])
            ):
                found.setdefault(name, []).append(col)
                break
    return found


def is_column_number_row(row: list[Any]) -> bool:
    """1, 2, 3, … or A, B, C, … under a header; also 1, 1, 2, 3, … where a parent header
    spans two sub-columns that share its number."""
    cells = [str(c).strip().strip("()") for c in row if not is_blank(c)]
    cells = [c[:-2] if c.endswith(".0") else c for c in cells]
    if len(cells) < 2:
        return False
    numbers = [str(i) for i in range(1, len(cells) + 1)]
    letters = [column_letter(i) for i in range(len(cells))]
    if cells == numbers or [c.upper() for c in cells] == letters:
        return True
    if len(cells) < 3 or not all(c.isdigit() for c in cells) or cells[0] != "1":
        return False
    steps = [int(b) - int(a) for a, b in zip(cells, cells[1:], strict=False)]
    return all(step in (0, 1) for step in steps) and steps.count(0) < len(steps) // 2 + 1


def near_misses(
    header_row: list[Any],
    header_index: int,
    spec: SheetSpec,
    mapping: dict[str, int],
    unsure: dict[str, list[int]],
    sheet: str,
    table: Table,
) -> None:
    """A header close to one the contract accepts but not accepted ("Ngày sinh/ngày cấp",
    "Xêp loại") is a warning naming the column and what was expected: no column is
    dropped without a word."""
    taken = set(mapping.values()) | {col for cols in unsure.values() for col in cols}
    wanted = [
        (key, column)
        for column in spec.columns
        if column.name not in mapping
        for key in column.keys
    ]
    for col, cell in enumerate(header_row):
        if col in taken or not isinstance(cell, str) or not cell.strip():
            continue
        key = header_key(cell)
        best = max(
            ((SequenceMatcher(None, key, accepted).ratio(), column) for accepted, column in wanted),
            default=(0.0, None),
            key=lambda pair: pair[0],
        )
        if best[0] >= 0.8:
            header = " ".join(cell.split())
            table.issues.append(
                Issue(
                    "DU_COLUMN_NOT_RECOGNISED",
                    f"Trang “{sheet}”: cột “{header}” (cột {column_letter(col)}) gần giống "
                    f"tiêu đề “{best[1].headers[0]}” nhưng không được nhận nên không được đọc. "
                    f"Nếu đây là cột “{best[1].headers[0]}”, vui lòng đặt đúng tên tiêu đề.",
                    sheet=sheet,
                    row_number=header_index + 1,
                    column_name=f"{header} (cột {column_letter(col)})",
                    value=header,
                )
            )


def sub_headers(
    rows: list[list[Any]], header_index: int, spec: SheetSpec, mapping: dict[str, int]
) -> dict[str, str]:
    """A two-level header: accepted headers in the row under the header ("Họ và tên" and
    "Ngày sinh" under "Thông tin cá nhân") name their columns too; {name: header}."""
    if header_index + 1 >= len(rows):
        return {}
    taken = set(mapping.values())
    found = {}
    for col, cell in enumerate(rows[header_index + 1]):
        if col in taken or not isinstance(cell, str):
            continue
        name = spec.header_index.get(header_key(cell))
        if name is not None and name not in mapping:
            mapping[name] = col
            found[name] = " ".join(cell.split())
    return found


def gender_split(
    rows: list[list[Any]], header_index: int, mapping: dict[str, int]
) -> tuple[int, int] | None:
    """A birth date header over two sub-headers "Nam" and "Nữ" (a two-level header, as in
    the labour lists offices keep): (men's column, women's column)."""
    col = mapping.get("birth_date")
    if col is None or header_index + 1 >= len(rows):
        return None
    below = rows[header_index + 1]
    left, right = fold(str(cell_at(below, col) or "")), fold(str(cell_at(below, col + 1) or ""))
    if (left, right) == ("nam", "nu") and is_blank(cell_at(rows[header_index], col + 1)):
        return col, col + 1
    return None


# A name header that says who every row is: "Họ và tên" only persons, "Tên tập thể" only
# collectives (folded header keys).
_NAME_HEADER_SUBJECT = {
    "ho va ten": "individual",
    "ho ten": "individual",
    "ten tap the": "collective",
    "ten don vi / tap the": "collective",
    "ten don vi/tap the": "collective",
}
_SUBJECT_WORDS = {"individual": "cá nhân", "collective": "tập thể"}


def implied_columns(
    spec: SheetSpec,
    header_row: list[Any],
    mapping: dict[str, int],
    year: int | None,
    sheet: str,
    table: Table,
) -> dict[str, Any]:
    """Values a sheet without some column still gives (Column.implied): the year of the
    report, the subject its name header names. Each is noted for the steward."""
    implied: dict[str, Any] = {}
    for column in spec.columns:
        if column.implied is None or column.name in mapping:
            continue
        if column.implied == "report_year" and year is not None:
            implied[column.name] = year
            note = f"các dòng được tính cho năm {year} của kỳ báo cáo"
        elif column.implied == "name_header" and "nominee_name" in mapping:
            header = " ".join(str(header_row[mapping["nominee_name"]]).split())
            subject = _NAME_HEADER_SUBJECT.get(header_key(header))
            if subject is None:
                continue
            implied[column.name] = subject
            note = f"cột “{header}” cho thấy mọi dòng là {_SUBJECT_WORDS[subject]}"
        else:
            continue
        label = column.headers[0]
        table.issues.append(
            Issue(
                "SACH_VALUE_NORMALISED",
                f"Trang “{sheet}” không có cột “{label}”: {note}.",
                sheet,
                column_name=label,
            )
        )
    return implied


def heads(stem: str, code: str) -> bool:
    """CT06 heads CT06a and CT06.1; CT1 does not head CT10."""
    return len(code) > len(stem) and code.startswith(stem) and not code[len(stem)].isdigit()


def criterion_columns(header_row: list[Any], header_index: int, table: Table) -> dict[int, str]:
    """ChamDiem's score columns: {column index: criterion code}. A group's subtotal column
    (TC01 beside TC01.1 and TC01.2) is not one more score. None at all is said once: every
    total would be recomputed as 0, and no member can be ranked."""
    found = {}
    for col, cell in enumerate(header_row):
        code = _criterion_code(cell) if isinstance(cell, str) else None
        if code:
            found[col] = code
    criteria = {
        col: code
        for col, code in found.items()
        if not any(heads(code, other) for other in found.values())
    }
    for col, code in criteria.items():
        table.columns[code] = (column_letter(col), code)
    if not criteria:
        table.issues.append(
            Issue(
                "DU_COLUMN_MISSING",
                f"Trang “{table.sheet}” không có cột điểm tiêu chí nào: mỗi tiêu chí một "
                "cột, tiêu đề cột là mã tiêu chí ở trang TieuChi (TC01, TC02, …).",
                sheet=table.sheet,
                row_number=header_index + 1,
                column_name="TC01, TC02, …",
            )
        )
    return criteria


def _criterion_code(header: str) -> str | None:
    """ "TC 07a", "tc-7a (20 điểm)", "Tiêu chí 7a" → "TC07a": the code as the criteria
    sheet's codes are read (parse_code); None for any other header."""
    folded = fold(header)
    match = _CRITERION.match(folded)
    if match:
        return parse_code(match.group(1).replace(" ", "")).value
    match = _CRITERION_WORDS.match(folded)
    return parse_code("tc" + match.group(1)).value if match else None
