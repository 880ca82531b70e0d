"""Vietnamese words for codes and Vietnamese number formats, shared by pages and downloads."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from pipelines.core.values import vn_number
from pipelines.quality.rules import DIMENSION_LABELS, SEVERITY_LABELS

STATUS = {
    "eligible": "Đủ điều kiện",
    "ineligible": "Không đủ điều kiện",
    "needs_review": "Cần xem xét",
}
DIMENSION = DIMENSION_LABELS  # the one catalog's words (dbt_project/seeds/quality_labels.csv)
SEVERITY = SEVERITY_LABELS
WORKBOOK_KIND = {
    "unit_report": "Báo cáo của đơn vị",
    "block_report": "Báo cáo của khối",
    "award_proposals": "Đề nghị khen thưởng của đơn vị",
    "registry": "Danh mục của thành phố",
}
NOMINEE_TYPE = {"individual": "Cá nhân", "collective": "Tập thể", "household": "Hộ gia đình"}
RECORD_KIND = {"granted": "Đã được khen", "proposed": "Được đề nghị"}
CODES = {
    "status": STATUS,
    "dimension": DIMENSION,
    "severity": SEVERITY,
    "workbook_kind": WORKBOOK_KIND,
    "nominee_type": NOMINEE_TYPE,
    "record_kind": RECORD_KIND,
}


def number(value: Any, decimals: int = 2) -> str:
    """1234567.5 → "1.234.567,5": the separators Vietnamese readers expect."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return vn_number(value, decimals)


def percent(value: Any) -> str:
    return "" if value is None else number(round(float(value) * 100, 1), 1) + "%"


def date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return f"{value:%H:%M %d/%m/%Y}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


COMPARATOR = {
    ">=": "≥",
    ">": ">",
    "<=": "≤",
    "<": "<",
    "=": "bằng",
}  # "=" alone reads as a formula in Excel
# the plan's own words: "trở lên" is at least, "trên" strictly more, "dưới" strictly less
COMPARATOR_WORDS = {
    ">=": "từ {} trở lên",
    ">": "trên {}",
    "<=": "từ {} trở xuống",
    "<": "dưới {}",
    "=": "bằng {}",
}


def target_text(comparator: str | None, target: Any) -> str:
    """A target as the plan words it: "từ 95 trở lên", "dưới 0,3"."""
    if target is None:
        return "chưa giao"
    return COMPARATOR_WORDS.get(comparator or "=", "{}").format(number(target))


def display(value: Any, kind: str) -> str:
    """A cell as a person reads it on the page."""
    if value is None:
        return ""
    if kind in CODES:
        return CODES[kind].get(value, str(value))
    if kind == "comparator":
        return COMPARATOR.get(value, str(value))
    if kind == "year":  # a year or a row number: no thousands separator
        return str(int(value)) if isinstance(value, (int, float)) else str(value)
    if kind == "cell":  # a raw cell: numbers the Vietnamese way, text as typed
        return number(value) if isinstance(value, (int, float)) else str(value)
    if kind == "bool":
        return "Có" if value else "Không"
    if kind == "pct":
        return percent(value)
    if kind in ("int", "num"):
        return number(value)
    if kind == "date":
        return date(value)
    return str(value)


def export_value(value: Any, kind: str) -> Any:
    """A cell as written to Excel/CSV: numbers stay numbers, codes become words."""
    if value is None:
        return None
    if kind in CODES or kind in ("bool", "comparator"):
        return display(value, kind)
    return value
