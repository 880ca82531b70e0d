"""One sheet of cells → typed rows and issues, whatever the mess around the table.

Finds the header in the first 20 rows, skips the row of column numbers, group
rows ("I. Chỉ tiêu kinh tế") and the signature block, converts each cell by
the column's kind and records every change or failure as an issue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from pipelines.lib.issues import Issue
from pipelines.lib.periods import period_code
from pipelines.lib.personal_id import mask
from pipelines.lib.reader import column_letter
from pipelines.lib.specs import NOMINEE_TYPE_ABBREVIATIONS, NOMINEE_TYPES, RATINGS, SheetSpec
from pipelines.lib.text import (
    clean_text,
    fix_encoding,
    fold,
    header_key,
    person_name,
    split_honorific,
    title_case_name,
)
from pipelines.lib.values import (
    Parsed,
    is_blank,
    parse_code,
    parse_date,
    parse_level,
    parse_number,
    parse_stt,
    parse_yes_no,
    shown_value,
    vn_number,
)

HEADER_SEARCH_ROWS = 20
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
# A criterion's column: its code, maybe with a note ("TC01", "TC01 (10 điểm)", "TC02 - Công tác X"),
# typed by hand as "TC1" or "TC-01" too (parse_code writes them all TC01).
_CRITERION = re.compile(r"^(tc\s*[-_.]?\s*\d+(?:\.\d+)*[a-z]?)(?:\s*[(\-–:.].*)?$")
# "Tiêu chí 1", "Tiêu chí số 2a": the criterion's number in words, read as TC01, TC02a.
_CRITERION_WORDS = re.compile(r"^tieu chi(?: so)?\s*(\d+(?:\.\d+)*[a-z]?)(?:\s*[(\-–:.].*)?$")


@dataclass
class EncodingState:
    """The legacy encoding seen so far in a file settles ambiguous cells."""

    hint: str | None = None


@dataclass
class Table:
    sheet: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    criterion_scores: list[dict[str, Any]] = field(default_factory=list)
    found: bool = False
    # column name → (Excel column letter, header as the sender wrote it): with a row's
    # row_number this locates the cell any figure came from.
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)


def _text(raw: Any, state: EncodingState) -> Parsed:
    original = str(raw) if not isinstance(raw, float) or not raw.is_integer() else str(int(raw))
    fixed, encoding = fix_encoding(original, state.hint)
    if encoding:
        state.hint = encoding
    value = " ".join(fixed.split())
    if encoding:
        return Parsed(value, f"chữ gõ bảng mã {encoding} “{original}” → “{value}”")
    if value != original:
        return Parsed(value, f"“{original}” → “{value}” (chuẩn hoá Unicode/khoảng trắng)")
    return Parsed(value)


def _capitals(raw: Any, state: EncodingState, fix: Callable[[str], str], why: str) -> Parsed:
    parsed = _text(raw, state)
    fixed = fix(parsed.value)
    if fixed != parsed.value:
        return Parsed(fixed, f"“{raw}” → “{fixed}” ({why})")
    return parsed


def _name(raw: Any, state: EncodingState) -> Parsed:
    return _capitals(raw, state, title_case_name, "viết hoa đầu từ")


_PERSON_NOTE = "tên người viết hoa chữ đầu mỗi tiếng"


def _person(raw: Any, state: EncodingState) -> Parsed:
    return _capitals(raw, state, person_name, _PERSON_NOTE)


def _unit_code(raw: Any, state: EncodingState) -> Parsed:
    # Ward codes are 5 digits (Decision 19/2025/QĐ-TTg); other units have registry codes.
    return parse_code(raw, 5)


def _personal_id(raw: Any, state: EncodingState) -> Parsed:
    """12 digits; a number that lost one or two leading zeros is restored, a 9-digit
    identity card number is kept as it is."""
    digits = parse_code(raw).value
    if digits.isdigit() and len(digits) in (10, 11):
        return parse_code(raw, 12)
    if not digits.isdigit() or len(digits) not in (9, 12):
        return Parsed(None, f"số định danh “{raw}” phải gồm 12 chữ số")
    return parse_code(raw)


def _any_id(raw: Any, state: EncodingState) -> Parsed:
    digits = parse_code(raw).value
    if digits.isdigit() and len(digits) in (10, 11):
        return parse_code(raw, 12)
    return parse_code(raw, 5)


def _measure_value(raw: Any, state: EncodingState, percent_cell: bool = False) -> Parsed:
    """A result or target: a number, a percentage, Có/Không (1/0) or a level (Mức 2 → 2)."""
    number = parse_number(raw, percent_cell)
    if number.value is not None:
        return number
    # "Có"/"Không" and "Mức 2" are the template's own spellings: only other forms are noted.
    yes_no = parse_yes_no(raw)
    if yes_no.value is not None:
        return Parsed(1.0 if yes_no.value else 0.0, yes_no.note)
    level = parse_level(raw)
    if level.value is not None:
        canonical = re.fullmatch(r"Mức \d+", str(raw).strip()) is not None
        return Parsed(level.value, None if canonical else level.note)
    return Parsed(None, f"“{raw}” không đọc được thành số, Có/Không hoặc mức")


# A target written with its comparison ("≥ 95%", ">=8", "tối thiểu 95%"): the comparison
# is the catalog's to say, the number is the target.
_TARGET_PREFIX = re.compile(
    r"^(?:>=|=>|<=|=<|[≥≤><=]|tren|duoi|toi thieu|toi da|khong duoi|khong qua|it nhat)\s*"
)


def _target(raw: Any, state: EncodingState, percent_cell: bool = False) -> Parsed:
    if isinstance(raw, str):
        key = fold(clean_text(raw))
        prefix = _TARGET_PREFIX.match(key)
        if prefix and key[prefix.end() :]:
            parsed = _measure_value(key[prefix.end() :], state)
            if parsed.value is not None:
                shown = vn_number(parsed.value, grouping=False)
                return Parsed(parsed.value, f"“{raw}” → {shown} (phép so sánh lấy theo danh mục)")
    return _measure_value(raw, state, percent_cell)


def _year(raw: Any, state: EncodingState) -> Parsed:
    number = parse_number(raw)
    if number.value is None or not 2000 <= number.value <= 2100:
        return Parsed(None, f"năm “{raw}” không hợp lệ")
    return Parsed(int(number.value))


# The plan's own wording (DOMAIN.md): "trên" is strictly greater, "trở lên" and "đạt"
# greater or equal, "dưới" strictly less. Folded.
_COMPARATOR_WORDS = {
    "tren": ">",
    "lon hon": ">",
    "tro len": ">=",
    "tu tro len": ">=",
    "dat": ">=",
    "toi thieu": ">=",
    "it nhat": ">=",
    "khong duoi": ">=",
    "lon hon hoac bang": ">=",
    "duoi": "<",
    "nho hon": "<",
    "toi da": "<=",
    "khong qua": "<=",
    "khong vuot qua": "<=",
    "nho hon hoac bang": "<=",
    "bang": "=",
}


def _comparator(raw: Any, state: EncodingState) -> Parsed:
    text = str(raw).strip().replace(" ", "")
    table = {"≥": ">=", "=>": ">=", "≤": "<=", "=<": "<=", "==": "="}
    words = " ".join(fold(str(raw)).replace(".", " ").replace("…", " ").split())
    value = table.get(text) or _COMPARATOR_WORDS.get(words, text)
    if value not in (">=", ">", "<=", "<", "="):
        return Parsed(
            None,
            f"phép so sánh “{raw}” phải là >=, >, <=, < hoặc = "
            "(hoặc: trên, từ … trở lên, dưới, tối đa, bằng)",
        )
    return Parsed(value, None if value == text else f"“{raw}” → {value}")


# How ratings are abbreviated in city offices: HTXSNV, HTTNV, HTNV, KHTNV.
_RATING_ABBREVIATIONS = {
    "".join(word[0] for word in fold(rating).split()): rating for rating in RATINGS
}


def _rating(raw: Any, state: EncodingState) -> Parsed:
    key = fold(clean_text(str(raw)))
    for rating in RATINGS:
        if fold(rating) == key:
            return Parsed(rating)
    rating = _RATING_ABBREVIATIONS.get(key.replace(" ", "").replace(".", ""))
    if rating is not None:
        return Parsed(rating, f"“{raw}” → {rating}")
    return Parsed(None, f"xếp loại “{raw}” không thuộc: " + "; ".join(RATINGS))


_NOMINEE_TYPE_WORDS = {"individual": "Cá nhân", "collective": "Tập thể", "household": "Hộ gia đình"}


def _nominee_type(raw: Any, state: EncodingState) -> Parsed:
    key = fold(clean_text(str(raw)))
    value = NOMINEE_TYPES.get(key)
    if value is not None:
        return Parsed(value)
    value = NOMINEE_TYPE_ABBREVIATIONS.get(key.replace(".", "").replace(" ", ""))
    if value is not None:
        return Parsed(value, f"“{raw}” → {_NOMINEE_TYPE_WORDS[value]}")
    return Parsed(None, f"đối tượng “{raw}” phải là Cá nhân, Tập thể hoặc Hộ gia đình")


# Levels at which an initiative is recognised (Law art. 21-23), as offices write them; a
# ministry's recognition ranks with the province's (art. 22: "cấp bộ, ban, ngành, tỉnh").
_INITIATIVE_LEVELS = (
    ("Toàn quốc", ("toan quoc", "cap toan quoc", "trung uong", "cap trung uong")),
    ("Thành phố", ("thanh pho", "cap thanh pho", "tinh", "cap tinh", "tp", "cap bo", "bo nganh")),
    ("Cơ sở", ("co so", "cap co so", "phuong", "cap phuong", "xa", "cap xa", "don vi")),
)


def _initiative_level(raw: Any, state: EncodingState) -> Parsed:
    key = " ".join(fold(clean_text(str(raw))).replace(".", " ").split())
    for level, spellings in _INITIATIVE_LEVELS:
        if key in spellings:
            return Parsed(level, None if level == str(raw).strip() else f"“{raw}” → {level}")
    return Parsed(None, f"cấp công nhận sáng kiến “{raw}” phải là Cơ sở, Thành phố hoặc Toàn quốc")


def _gender(raw: Any, state: EncodingState) -> Parsed:
    key = fold(clean_text(str(raw)))
    if key in ("nam", "m", "male", "nam gioi"):
        return Parsed("Nam")
    if key in ("nu", "f", "female", "nu gioi"):
        return Parsed("Nữ")
    return Parsed(None, f"giới tính “{raw}” phải là Nam hoặc Nữ")


def _deduction(raw: Any, state: EncodingState) -> Parsed:
    """Điểm trừ: points taken off. Typed as -2 or 2, it takes 2 off; as -2 it would add 2."""
    parsed = parse_number(raw)
    if parsed.value is None or parsed.value >= 0:
        return parsed
    points = vn_number(-parsed.value)
    return Parsed(-parsed.value, f"điểm trừ ghi số âm “{raw}”: được hiểu là trừ {points} điểm")


def _period(raw: Any, state: EncodingState) -> Parsed:
    code = period_code(raw)
    if code is None:
        return Parsed(None, f"kỳ “{raw}” không đọc được (ví dụ: 6 tháng đầu năm 2026)")
    return Parsed(code, None if code == str(raw).strip() else f"“{raw}” → {code}")


CONVERTERS: dict[str, Callable[..., Parsed]] = {
    "text": _text,
    "name": _name,
    "person": _person,
    "code": lambda raw, state: parse_code(raw),
    "unit_code": _unit_code,
    "personal_id": _personal_id,
    "id": _any_id,
    "number": lambda raw, state: parse_number(raw),
    "deduction": _deduction,
    "measure_value": _measure_value,
    "target": _target,
    "date": lambda raw, state: parse_date(raw),
    "yes_no": lambda raw, state: parse_yes_no(raw),
    "year": _year,
    "stt": lambda raw, state: parse_stt(raw),
    "comparator": _comparator,
    "rating": _rating,
    "initiative_level": _initiative_level,
    "nominee_type": _nominee_type,
    "gender": _gender,
    "period": _period,
    "level": lambda raw, state: parse_level(raw),
}


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
    for name, cols in _qualified_cells(row, spec, mapping).items():
        if len(cols) == 1:
            mapping[name] = cols[0]


def _qualified_cells(
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


def _is_column_number_row(row: list[Any]) -> bool:
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


def _near_misses(
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


def _sub_headers(
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


def _gender_split(
    rows: list[list[Any]], header_index: int, mapping: dict[str, int]
) -> tuple[int, int] | None:
    """A birth date header over two sub-headers "Nam" and "Nữ" (a two-level header, as in
    the labour lists offices keep): (men's column, women's column)."""
    col = mapping.get("birth_date")
    if col is None or header_index + 1 >= len(rows):
        return None
    below = rows[header_index + 1]
    left, right = fold(str(_cell(below, col) or "")), fold(str(_cell(below, col + 1) or ""))
    if (left, right) == ("nam", "nu") and is_blank(_cell(rows[header_index], col + 1)):
        return col, col + 1
    return None


def _merge_split(row: list[Any], split: tuple[int, int]) -> tuple[list[Any], str | None]:
    """The row with the date from whichever of the two columns holds it, and the gender."""
    men, women = split
    if not is_blank(_cell(row, men)):
        return row, "Nam"
    if not is_blank(_cell(row, women)):
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
    others = [c for c in mapped_cols if c not in (key_col, stt_col) and not is_blank(_cell(row, c))]
    if others:
        return None
    key = fold(str(_cell(row, key_col))).strip(" :.")
    key = re.sub(r"^(?:[ivx]+|[a-d])[.)]\s*", "", key)
    subject = _GROUP_SUBJECTS.get(key)
    stt = fold(str(_cell(row, stt_col))).strip() if stt_col is not None else ""
    if subject or (stt and _ROMAN_STT.match(stt) and not stt.isdigit()):
        return subject or "group"
    return None


def _is_signature_row(row: list[Any]) -> bool:
    return any(isinstance(cell, str) and fold(cell).startswith(_SIGNATURE_STARTS) for cell in row)


_TOTAL_LABELS = {"tong cong", "cong", "tong", "tong so", "tong diem", "cong diem"}


def _is_total_row(row: list[Any]) -> bool:
    return any(isinstance(cell, str) and fold(cell).strip(" :.") in _TOTAL_LABELS for cell in row)


def _cell(row: list[Any], index: int) -> Any:
    return row[index] if index < len(row) else None


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
    broken_cells = _Lazy(broken)
    header = find_header(rows, spec)
    if header is None:
        table.issues.append(
            Issue(
                "DU_HEADER_NOT_FOUND",
                f"Trang “{sheet_name}”: không tìm thấy dòng tiêu đề (cần có cột “"
                + next(c.headers[0] for c in spec.columns if c.name == spec.key)
                + "” trong 20 dòng đầu). Vui lòng dùng đúng biểu mẫu.",
                sheet=sheet_name,
            )
        )
        return table
    table.found = True
    header_index, mapping = header
    header_row = rows[header_index]
    below = _sub_headers(rows, header_index, spec, mapping)
    table.columns = {
        name: (column_letter(col), below.get(name) or " ".join(str(header_row[col]).split()))
        for name, col in mapping.items()
    }
    labels = {name: f"{header} (cột {letter})" for name, (letter, header) in table.columns.items()}
    missing_required = False
    unsure = _qualified_cells(header_row, spec, mapping)
    implied = _implied_columns(spec, header_row, mapping, year, sheet_name, table)
    for column in spec.columns:
        if column.required and column.name not in mapping and column.name not in implied:
            missing_required = True
            alike = "”, “".join(
                " ".join(str(header_row[c]).split()) for c in unsure.get(column.name, [])
            )
            table.issues.append(
                Issue(
                    "DU_COLUMN_MISSING",
                    f"Trang “{sheet_name}” thiếu cột bắt buộc “{column.headers[0]}”"
                    + (
                        f": có nhiều cột giống (“{alike}”), không rõ cột nào là số liệu của kỳ "
                        f"báo cáo; vui lòng đặt tên cột đó đúng là “{column.headers[0]}”."
                        if alike
                        else "."
                    ),
                    sheet=sheet_name,
                    row_number=header_index + 1,
                    column_name=column.headers[0],
                )
            )
    _near_misses(header_row, header_index, spec, mapping, unsure, sheet_name, table)
    criteria = _criterion_columns(header_row, header_index, table) if spec.criterion_columns else {}
    missing_required = missing_required or (spec.criterion_columns and not criteria)
    split = _gender_split(rows, header_index, mapping)
    mapped_cols = set(mapping.values()) | set(criteria) | set(split or ())
    key_col = mapping[spec.key]
    stt_col = mapping.get("stt")
    # under a two-level header: its sub-headers
    start = header_index + (2 if split or below else 1)
    if start < len(rows) and _is_column_number_row(rows[start]):
        start += 1
    seen: dict[tuple, int] = {}
    keyed: dict[tuple, int] = {}  # spec.unique values → the first row that has them
    required_cols = [
        mapping[c.name]
        for c in spec.columns
        if c.required and c.name != spec.key and c.name in mapping
    ]
    group_type = None  # "II. CÁ NHÂN": the subject of the rows under a group row
    for index in range(start, len(rows)):
        row = rows[index]
        row_number = index + 1
        key_blank = is_blank(_cell(row, key_col))
        if not key_blank and index <= start + 2 and _is_column_number_row(row):
            continue  # a number row under a two-row header ("1, 1, 2, 3, …")
        if not key_blank and _is_signature_row([_cell(row, key_col)]):
            break  # "Người lập biểu" written in the name column: the table has ended
        if not key_blank and (subject := _group_subject(row, key_col, stt_col, mapped_cols)):
            group_type = subject if subject != "group" else group_type
            continue  # "I | TẬP THỂ": a group row, not a nominee
        if key_blank or key_col == stt_col:  # else the key itself makes the row a data row
            filled = [c for c in mapped_cols if c != stt_col and not is_blank(_cell(row, c))]
            if not filled:
                continue
            if key_blank and _is_signature_row(row):
                break
            if key_blank and _is_total_row(row):
                continue  # "Tổng cộng": the sheet's own sums, not a row of data
            if key_blank and len(filled) <= 1:
                continue  # a group row ("I. Chỉ tiêu kinh tế") or a note: not data
        elif (spec.headings or required_cols) and _heads_its_parts(
            rows, index, key_col, [] if spec.headings else required_cols
        ):
            continue  # "CT06" over CT06a and CT06b, its figures blank: a group row
        split_gender = None
        if split:
            row, split_gender = _merge_split(row, split)
        record, errors = _convert_row(
            row,
            row_number,
            index,
            spec,
            mapping,
            labels,
            sheet_name,
            percent_cells,
            state,
            table,
            broken_cells,
        )
        record.update(implied)
        if split_gender and record.get("gender") is None:
            record["gender"] = split_gender  # the birth date sat under "Nam" or "Nữ"
        # a group row ("I | TẬP THỂ") says more than the name header ("Họ và tên")
        if (
            group_type
            and "nominee_type" in record
            and (record["nominee_type"] is None or "nominee_type" in implied)
        ):
            record["nominee_type"] = group_type
        for col, code in criteria.items():
            raw = _cell(row, col)
            if is_blank(raw):
                score = None
            else:
                parsed = parse_number(raw)
                score = parsed.value
                if parsed.value is None:
                    errors += 1
                    table.issues.append(
                        Issue(
                            "DUNG_VALUE_UNREADABLE",
                            f"Điểm tiêu chí {code}: {parsed.note}. Vui lòng nhập số.",
                            sheet_name,
                            row_number,
                            f"{code} (cột {column_letter(col)})",
                            shown_value(raw),
                        )
                    )
                elif parsed.note:
                    table.issues.append(
                        Issue(
                            "SACH_VALUE_NORMALISED",
                            parsed.note,
                            sheet_name,
                            row_number,
                            f"{code} (cột {column_letter(col)})",
                            shown_value(raw),
                        )
                    )
            table.criterion_scores.append(
                {"row_number": row_number, "criterion_code": code, "score": score}
            )
        # only a sheet with a place for it (proposals); a registry's history keeps its names
        if (
            "honorific" in record
            and record.get("nominee_name")
            and record.get("nominee_type") in ("individual", None)
        ):
            _honorific(record, table, sheet_name, row_number, labels)
        if record.get("nominee_type") == "individual" and record.get("nominee_name"):
            _person_nominee(record, table, sheet_name, row_number, labels)
        identity = tuple(v for k, v in record.items() if k not in ("row_number", "stt")) + tuple(
            _cell(row, c) for c in criteria
        )
        record["is_duplicate"] = identity in seen
        if record["is_duplicate"]:
            table.issues.append(
                Issue(
                    "SACH_ROW_DUPLICATE",
                    f"Dòng {row_number} trùng hoàn toàn với dòng {seen[identity]}; "
                    "chỉ nạp một lần. Vui lòng xoá dòng trùng.",
                    sheet_name,
                    row_number,
                )
            )
        else:
            seen[identity] = row_number
            errors += _repeated_key(record, spec, keyed, labels, table, sheet_name)
        # Without a required column no row of the table can be trusted: all go to quarantine.
        record["has_error"] = errors > 0 or missing_required
        table.rows.append(record)
    return table


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


def _implied_columns(
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


def _repeated_key(
    record: dict, spec: SheetSpec, keyed: dict[tuple, int], labels, table: Table, sheet: str
) -> int:
    """1 when another row already has this row's key (spec.unique) with other figures."""
    key = tuple(record.get(name) for name in spec.unique)
    if not spec.unique or None in key:
        return 0
    first = keyed.setdefault(key, record["row_number"])
    if first == record["row_number"]:
        return 0
    named = ", ".join(
        f"{labels.get(name, name)} “{shown_value(value)}”"
        for name, value in zip(spec.unique, key, strict=True)
    )
    table.issues.append(
        Issue(
            "SACH_KEY_REPEATED",
            f"Dòng {record['row_number']} có cùng {named} với dòng {first} nhưng số liệu khác; "
            f"không rõ dòng nào đúng nên chỉ dùng dòng {first}. Vui lòng giữ một dòng.",
            sheet,
            record["row_number"],
        )
    )
    return 1


def _heads_its_parts(rows: list[list[Any]], index: int, key_col: int, required: list[int]) -> bool:
    """The row's code is the stem of the next code (CT06 → CT06a, CT06.1; not CT1 → CT10)
    and its required cells are blank: it heads its parts, it is not a figure."""
    row = rows[index]
    if any(not is_blank(_cell(row, col)) for col in required):
        return False
    stem = parse_code(_cell(row, key_col)).value
    for later in rows[index + 1 : index + 4]:
        code = _cell(later, key_col)
        if not is_blank(code):
            return _heads(stem, parse_code(code).value)
    return False


def _heads(stem: str, code: str) -> bool:
    """CT06 heads CT06a and CT06.1; CT1 does not head CT10."""
    return len(code) > len(stem) and code.startswith(stem) and not code[len(stem)].isdigit()


def _criterion_columns(header_row: list[Any], header_index: int, table: Table) -> dict[int, str]:
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
        if not any(_heads(code, other) for other in found.values())
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


def _honorific(record: dict, table: Table, sheet_name: str, row_number: int, labels) -> None:
    """A title before a person's name ("Đại tá …", "Ông …") goes to its own field."""
    title, name = split_honorific(record["nominee_name"])
    if title is None:
        return
    record["nominee_name"] = name
    record["honorific"] = record.get("honorific") or title
    table.issues.append(
        Issue(
            "SACH_VALUE_NORMALISED",
            f"“{title}” được tách khỏi họ tên “{name}” (ghi vào danh xưng)",
            sheet_name,
            row_number,
            labels["nominee_name"],
            f"{title} {name}",
        )
    )


def _person_nominee(record: dict, table: Table, sheet_name: str, row_number: int, labels) -> None:
    """The row says the nominee is a person: every word of the name gets its capital."""
    name = record["nominee_name"]
    fixed = person_name(name)
    if fixed != name:
        record["nominee_name"] = fixed
        note = f"“{name}” → “{fixed}” ({_PERSON_NOTE})"
        table.issues.append(
            Issue(
                "SACH_VALUE_NORMALISED", note, sheet_name, row_number, labels["nominee_name"], name
            )
        )


class _Lazy:
    """Broken cells are looked up in the sheet XML only when a blank cell needs explaining."""

    def __init__(self, load: Callable[[], dict[tuple[int, int], str]] | None) -> None:
        self._load, self._cells = load, None

    def get(self, where: tuple[int, int]) -> str | None:
        if self._load is None:
            return None
        if self._cells is None:
            self._cells = self._load()
        return self._cells.get(where)


_NUMERIC = {"number", "deduction", "measure_value", "target", "year", "date"}


def _private(column, issue: Issue) -> Issue:
    """Personal numbers and birth dates never reach the issue table in clear."""
    if column.kind == "personal_id":
        issue.value = mask(issue.value)
    elif column.name == "birth_date":
        issue.value = None
    else:
        return issue
    template = _PRIVATE_MESSAGES[(column.kind == "personal_id", issue.severity == "error")]
    issue.message = template.format(
        label=issue.column_name, row=issue.row_number, value=issue.value
    )
    return issue


_PRIVATE_MESSAGES = {
    (True, True): "Ô “{label}” dòng {row}: số định danh {value} không hợp lệ (phải gồm 12 chữ số).",
    (True, False): "Ô “{label}” dòng {row}: số định danh {value} bị mất số 0 ở đầu, đã tự bổ sung.",
    (False, True): "Ô “{label}” dòng {row}: ngày sinh không đọc được (ghi dạng dd/mm/yyyy).",
    (False, False): "Ô “{label}” dòng {row}: ngày sinh đã được chuẩn hoá về dạng ngày.",
}


def _convert_row(
    row, row_number, index, spec, mapping, labels, sheet_name, percent_cells, state, table, broken
) -> tuple[dict[str, Any], int]:
    record: dict[str, Any] = {"row_number": row_number}
    errors = 0
    for column in spec.columns:
        col = mapping.get(column.name)
        raw = None if col is None else _cell(row, col)
        if is_blank(raw) and column.fallback and column.fallback in mapping:
            col = mapping[column.fallback]  # blank here: the stand-in column's value
            raw = _cell(row, col)
        if is_blank(raw):
            record[column.name] = None
            reason = (
                broken.get((index, col))
                if col is not None and (column.required or column.kind in _NUMERIC)
                else None
            )
            if reason:
                errors += not column.advisory
                table.issues.append(
                    Issue(
                        "DUNG_REPORTED_UNREADABLE" if column.advisory else "DUNG_VALUE_UNREADABLE",
                        f"Ô “{labels[column.name]}” dòng {row_number}: {reason}.",
                        sheet_name,
                        row_number,
                        labels[column.name],
                    )
                )
            elif column.required and col is not None:
                errors += 1
                table.issues.append(
                    Issue(
                        "DU_CELL_REQUIRED",
                        f"Ô “{labels[column.name]}” dòng {row_number} bắt buộc phải nhập.",
                        sheet_name,
                        row_number,
                        labels[column.name],
                    )
                )
            continue
        converter = CONVERTERS[column.kind]
        if column.kind in ("measure_value", "target"):
            parsed = converter(raw, state, (index, col) in percent_cells)
        else:
            parsed = converter(raw, state)
        record[column.name] = parsed.value
        if parsed.value is None and parsed.note and column.advisory:
            table.issues.append(
                Issue(
                    "DUNG_REPORTED_UNREADABLE",
                    f"Ô “{labels[column.name]}” dòng {row_number}: {parsed.note}. Ô này chỉ để "
                    "đối chiếu: dòng vẫn được nạp, thành phố dùng chỉ tiêu giao, tổng điểm và "
                    "xếp hạng của mình.",
                    sheet_name,
                    row_number,
                    labels[column.name],
                    shown_value(raw),
                )
            )
        elif parsed.value is None and parsed.note:
            errors += 1
            rule = "DUNG_VALUE_NOT_ALLOWED" if column.kind in _ENUMS else "DUNG_VALUE_UNREADABLE"
            issue = Issue(
                rule,
                f"Ô “{labels[column.name]}” dòng {row_number}: {parsed.note}.",
                sheet_name,
                row_number,
                labels[column.name],
                shown_value(raw),
            )
            table.issues.append(_private(column, issue))
        elif parsed.note:
            rule = (
                "SACH_ENCODING_CONVERTED" if "bảng mã" in parsed.note else "SACH_VALUE_NORMALISED"
            )
            issue = Issue(
                rule, parsed.note, sheet_name, row_number, labels[column.name], shown_value(raw)
            )
            table.issues.append(_private(column, issue))
    return record, errors


_ENUMS = {"comparator", "rating", "initiative_level", "nominee_type", "gender", "period"}
