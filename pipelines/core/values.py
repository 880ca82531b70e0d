"""Cell values as wards type them → typed values.

Every parser returns a `Parsed(value, note)`: `value` is None when the cell
cannot be read, `note` says in Vietnamese what was changed (a `sach` info
issue) or why it could not be read (a `dung` error).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

from pipelines.core.text import ROMAN, clean_text, fold


class Parsed(NamedTuple):
    value: Any
    note: str | None = None
    rule: str | None = None  # the rule a noted change falls under, when not plain normalising


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_NUMBER_CHARS = re.compile(r"^[+-]?[\d.,\s]+%?$")


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        # the usual case, decided by the first character (is_blank runs for every cell)
        if raw and raw[0] not in "…." and not raw[0].isspace():
            return False
        stripped = raw.strip().strip("…").strip(".").strip()
        return stripped == ""
    return False


def parse_number(raw: Any, percent_cell: bool = False) -> Parsed:
    """ "12,5" → 12.5; "98,2%" → 98.2; "1.250" → 1250; a 12.5% cell (0.125) → 12.5.

    Results are expressed in the unit of the catalog: a percentage is the
    number before the % sign, so a percent-formatted cell is multiplied by 100.
    """
    if isinstance(raw, bool):
        return Parsed(None, f"“{raw}” không phải là số")
    if isinstance(raw, int | float):
        if percent_cell:
            value = round(raw * 100, 10)
            shown = vn_number(value, grouping=False)
            return Parsed(value, f"ô định dạng phần trăm (hiện {shown}%) được đọc là {shown}")
        return Parsed(float(raw))
    text = str(raw).strip().replace("\u00a0", " ")
    if not _NUMBER_CHARS.match(text):
        return _annotated_number(raw, text)
    body = text.rstrip("%").replace(" ", "")
    if "," in body and "." in body:
        # Whichever separator comes last is the decimal one: "1.250,5" / "1,250.5".
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        body = body.replace(thousands, "").replace(decimal, ".")
    elif "," in body:
        body = body.replace(",", ".") if body.count(",") == 1 else body.replace(",", "")
    elif body.count(".") > 1 or re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", body):
        # Dot thousands ("1.250"): Vietnamese Excel writes decimals with a comma.
        body = body.replace(".", "")
    try:
        value = float(body)
    except ValueError:
        return Parsed(None, f"“{raw}” không đọc được thành số")
    return Parsed(value, f"“{raw}” gõ dạng chữ, được đọc là số {vn_number(value, grouping=False)}")


# A figure with a remark, as mid-year reports give estimates: "98,5 (ước)", "Ước 98,5",
# "105% (vượt kế hoạch)". The remark is dropped and said so.
_ANNOTATED = re.compile(r"^(?:ước(?: tính| thực hiện)?:?\s*)?([^()]+?)\s*(?:\((.*)\))?$", re.I)


def _annotated_number(raw: Any, text: str) -> Parsed:
    match = _ANNOTATED.match(text)
    figure = match.group(1) if match else ""
    if match is None or figure == text or not _NUMBER_CHARS.match(figure):
        return Parsed(None, f"“{raw}” không đọc được thành số")
    parsed = parse_number(figure)
    if parsed.value is None:
        return Parsed(None, f"“{raw}” không đọc được thành số")
    shown = vn_number(parsed.value, grouping=False)
    return Parsed(parsed.value, f"“{raw}” được đọc là số {shown}, bỏ phần ghi chú")


# "Ngày 15/6/2026", as a date is often written after its label in the same cell
_DATE_TEXT = re.compile(
    r"^\s*(?:ng[aà]y:?\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})\s*$",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_LONG_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")


def parse_date(raw: Any) -> Parsed:
    """Real dates, Excel serials, "15/06/2026", "15-6-2026", "ngày 15 tháng 6 năm 2026"."""
    if isinstance(raw, dt.datetime):
        return Parsed(raw.date())
    if isinstance(raw, dt.date):
        return Parsed(raw)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if 20000 < raw < 80000:
            value = _EXCEL_EPOCH + dt.timedelta(days=int(raw))
            return Parsed(value, f"số ngày Excel {raw:g} → {value:%d/%m/%Y}")
        return Parsed(None, f"“{raw}” không phải là ngày")
    text = str(raw)
    for pattern, order in ((_DATE_TEXT, "dmy"), (_ISO_DATE, "ymd"), (_LONG_DATE, "dmy")):
        match = pattern.search(fold(text) if pattern is _LONG_DATE else text)
        if not match:
            continue
        parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
        year = parts["y"] + 2000 if parts["y"] < 100 else parts["y"]
        try:
            value = dt.date(year, parts["m"], parts["d"])
        except ValueError:
            return Parsed(None, f"“{raw}” không phải là ngày có thật")
        return Parsed(value, f"“{raw}” → {value:%d/%m/%Y}")
    return Parsed(None, f"“{raw}” không đọc được thành ngày (dd/mm/yyyy)")


_YES = {"co", "dat", "x", "true", "1", "yes", "v", "hoan thanh", "da dat"}
_NO = {"khong", "khong dat", "false", "0", "no", "chua dat", "chua", "k"}


def parse_yes_no(raw: Any) -> Parsed:
    """Có, Không, Đạt, Không đạt, x, TRUE, 1/0 → True/False."""
    if isinstance(raw, bool):
        return Parsed(raw)
    if isinstance(raw, int | float):
        if raw in (0, 1):
            return Parsed(bool(raw))
        return Parsed(None, f"“{raw}” không phải Có/Không")
    key = fold(clean_text(str(raw)))
    if key in _YES:
        return Parsed(True, None if key == "co" else f"“{raw}” → Có")
    if key in _NO:
        return Parsed(False, None if key == "khong" else f"“{raw}” → Không")
    return Parsed(None, f"“{raw}” không phải Có/Không")


_LEVEL = re.compile(r"^(?:muc(?:\s*do)?)?\s*(\d+(?:[.,]0+)?|iv|v|i{1,3})$")


def parse_level(raw: Any) -> Parsed:
    """ "Mức 2", "mức độ 2", "Mức II", 2 → 2."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Parsed(float(raw))
    match = _LEVEL.match(fold(clean_text(str(raw))))
    if match:
        level = ROMAN.get(match.group(1)) or int(float(match.group(1).replace(",", ".")))
        return Parsed(float(level), f"“{raw}” → {level}")
    return Parsed(None, f"“{raw}” không đọc được thành mức (ví dụ: Mức 2)")


def parse_code(raw: Any, width: int | None = None) -> Parsed:
    """Codes are text: 127 typed as a number becomes "00127" when the width is known."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = clean_text(str(raw)).replace(" ", "")
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if width and text.isdigit() and len(text) < width:
        padded = text.zfill(width)
        return Parsed(padded, f"mã “{raw}” mất số 0 ở đầu → {padded}")
    code = _canonical_code(text)
    # Case alone is not worth a note; a digit or separator changed is.
    if code.upper() != text.upper():
        return Parsed(code, f"mã “{raw}” → {code} (viết như mã trong biểu mẫu: CT07a, TC01)")
    return Parsed(code)


_SUFFIXED = re.compile(r"^([A-Za-z]+)[-_.]?(\d+)((?:\.\d+)*)([A-Za-z]?)$")
# Measure (CT07a) and criterion (TC01) codes have two digits in the city's templates:
# "CT7a", "CT-07a" and "TC1" are the same codes, typed by hand.
_TWO_DIGIT_PREFIXES = {"CT", "TC"}


def _canonical_code(text: str) -> str:
    """ "ct07A" → "CT07a": the catalog writes a measure's letter suffix in lowercase;
    "CT7a" → "CT07a", "TC-1" → "TC01" and "TC1.2" → "TC01.2": measure and criterion codes
    have two digits, then a sub-criterion's number."""
    match = _SUFFIXED.match(text)
    if match:
        prefix, digits, parts, suffix = match.groups()
        prefix = prefix.upper()
        if prefix in _TWO_DIGIT_PREFIXES:
            digits = digits.zfill(2)
        elif parts or text[len(prefix)] in "-_.":
            return text.upper()  # another family's separator is part of its code
        return prefix + digits + parts + suffix.lower()
    return text.upper()


def parse_stt(raw: Any) -> Parsed:
    """STT written as 1, "1.", "01" → 1; anything else (I., a, -) is not a data row number."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Parsed(int(raw)) if float(raw).is_integer() else Parsed(None)
    text = str(raw).strip().rstrip(".")
    return Parsed(int(text)) if text.isdigit() else Parsed(None)


def vn_number(value: float | int, decimals: int = 4, grouping: bool = True) -> str:
    """1234567.5 → "1.234.567,5": the separators Vietnamese readers expect (the dbt macro
    vn_number writes the same in SQL). Without grouping, as Excel's General format shows
    a number in Vietnamese: 1234567,5."""
    if isinstance(value, int) or float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    if not grouping:
        text = text.replace(",", "")
    return text.translate(str.maketrans(",.", ".,"))


def shown_value(value: Any) -> str | None:
    """A cell's value as a message to its sender shows it: as Excel showed it to them,
    so a code or a year typed as a number reads 26734 or 2026, never 26.734."""
    if value is None:
        return None
    if hasattr(value, "item") and callable(value.item):  # a NumPy scalar from a data frame
        value = value.item()
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float)):
        return vn_number(value, grouping=False)
    return str(value)
