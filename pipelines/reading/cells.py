"""One cell → its typed value (`Parsed`), by the column's kind (specs.Column.kind).

A converter returns the value, or None with a note saying why the cell cannot be read;
a value it changed comes with a note too, and the rule that note falls under when it is
not plain normalising (`Parsed.rule`).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipelines.core.periods import period_code
from pipelines.core.text import (
    clean_text,
    fix_encoding,
    fold,
    person_name,
    title_case_name,
)
from pipelines.core.values import (
    Parsed,
    parse_code,
    parse_date,
    parse_level,
    parse_number,
    parse_stt,
    parse_yes_no,
    vn_number,
)
from pipelines.reading.specs import NOMINEE_TYPE_ABBREVIATIONS, NOMINEE_TYPES, RATINGS


@dataclass
class EncodingState:
    """The legacy encoding seen so far in a file settles ambiguous cells."""

    hint: str | None = None


def _text(raw: Any, state: EncodingState) -> Parsed:
    original = str(raw) if not isinstance(raw, float) or not raw.is_integer() else str(int(raw))
    fixed, encoding = fix_encoding(original, state.hint)
    if encoding:
        state.hint = encoding
    value = " ".join(fixed.split())
    if encoding:
        return Parsed(
            value, f"chữ gõ bảng mã {encoding} “{original}” → “{value}”", "SACH_ENCODING_CONVERTED"
        )
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


PERSON_NOTE = "tên người viết hoa chữ đầu mỗi tiếng"


def _person(raw: Any, state: EncodingState) -> Parsed:
    return _capitals(raw, state, person_name, PERSON_NOTE)


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
        return Parsed(None, f"số định danh “{raw}” phải gồm 12 chữ số", "DUNG_PERSONAL_ID_FORMAT")
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

# Kinds whose unreadable value is "not one of the allowed values", not "unreadable".
ENUM_KINDS = {"comparator", "rating", "initiative_level", "nominee_type", "gender", "period"}
# Kinds whose blank cell may hide a value the reader could not take (a broken cell).
NUMERIC_KINDS = {"number", "deduction", "measure_value", "target", "year", "date"}
