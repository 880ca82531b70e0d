"""Reporting period text → canonical code (contract section 3)."""

from __future__ import annotations

import re

from pipelines.core.text import ROMAN, clean_text, fold

_CANONICAL = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|FY)$|^SY(\d{4})-(\d{4})$")
# Part of a year or school year that has no code ("9 tháng", "tháng 6", "Học kỳ I"): not
# the whole year or school year, so unrecognised rather than read as one.
_PART = re.compile(r"\bhoc ky\b|\bky\s*(?:i|ii|1|2)\b|\b(?:\d+|ba|chin)\s*thang\b|\bthang\s*\d+\b")
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"nam hoc\s*(\d{4})\s*[-–/]\s*(\d{4})"), "school_year"),
    (re.compile(r"quy\s*(iv|iii|ii|i|[1-4])\b.*?(\d{4})"), "quarter"),
    # "Báo cáo 6 tháng năm 2026" is the half-year report, as "6 tháng đầu năm"
    (re.compile(r"(6|sau) thang (?:dau )?nam\s*(\d{4})"), "h1"),
    (re.compile(r"(6|sau) thang cuoi nam\s*(\d{4})"), "h2"),
    (re.compile(r"(?:ca nam|nam)\s*(\d{4})"), "year"),
]


def period_code(raw: object) -> str | None:
    """ "Quý I năm 2026" → 2026-Q1, "6 tháng đầu năm 2026" → 2026-H1,
    "Năm 2026" / "Cả năm 2026" → 2026-FY, "Năm học 2025-2026" → SY2025-2026."""
    if raw is None:
        return None
    text = clean_text(str(raw))
    if _CANONICAL.match(text.upper()):
        return text.upper()
    key = fold(text)
    spanned = _span_code(key)
    if spanned:
        return spanned
    for pattern, kind in _PATTERNS:
        match = pattern.search(key)
        if not match:
            continue
        if kind in ("school_year", "year") and _PART.search(key):
            return None
        if kind == "school_year":
            return f"SY{match.group(1)}-{match.group(2)}"
        if kind == "quarter":
            return f"{match.group(2)}-Q{ROMAN.get(match.group(1)) or int(match.group(1))}"
        if kind == "h1":
            return f"{match.group(2)}-H1"
        if kind == "h2":
            return f"{match.group(2)}-H2"
        return f"{match.group(1)}-FY"
    return None


# "Từ ngày 01/01/2026 đến ngày 30/06/2026": a period given by its first and last day.
_SPAN = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*(?:-|–|den(?: ngay)?)\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
)
# (first month, last month, last day) → the period's suffix
_SPANS = {(1, 3, 31): "Q1", (4, 6, 30): "Q2", (7, 9, 30): "Q3", (10, 12, 31): "Q4",
          (1, 6, 30): "H1", (7, 12, 31): "H2", (1, 12, 31): "FY"}  # fmt: skip


def _span_code(key: str) -> str | None:
    """The code of a period given as its days, when they are exactly a quarter, a half
    or the whole of one year; None otherwise (a span that is none of them is not guessed)."""
    match = _SPAN.search(key)
    if not match:
        return None
    d1, m1, y1, d2, m2, y2 = (int(part) for part in match.groups())
    suffix = _SPANS.get((m1, m2, d2)) if d1 == 1 and y1 == y2 else None
    return f"{y1}-{suffix}" if suffix else None


def period_year(code: str) -> int:
    """The year a period belongs to; a school year belongs to the year it ends in."""
    return int(code[-4:]) if code.startswith("SY") else int(code[:4])
