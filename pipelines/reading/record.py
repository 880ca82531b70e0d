"""One data row of a sheet → its record, every change or failure an issue.

Each cell goes through its column's converter (cells.py); a blank cell the reader
could not take, or a required one, is said; a criterion's score is read as a number;
a person's title is set apart from the name. Personal numbers and birth dates never
reach an issue in clear.
"""

from __future__ import annotations

from typing import Any

from pipelines.core.personal_id import mask
from pipelines.core.text import person_name, split_honorific
from pipelines.core.values import Parsed, is_blank, parse_number, shown_value
from pipelines.quality.rules import Issue
from pipelines.reading.cells import CONVERTERS, ENUM_KINDS, NUMERIC_KINDS, PERSON_NOTE
from pipelines.reading.reader import column_letter
from pipelines.reading.table import Layout, Table, cell


def convert_row(row: list[Any], index: int, layout: Layout, table: Table) -> tuple[dict, int]:
    """The row's record and how many of its cells are errors."""
    record: dict[str, Any] = {"row_number": index + 1}
    errors = 0
    for column in layout.spec.columns:
        col = layout.mapping.get(column.name)
        raw = None if col is None else cell(row, col)
        if is_blank(raw) and column.fallback and column.fallback in layout.mapping:
            col = layout.mapping[column.fallback]  # blank here: the stand-in column's value
            raw = cell(row, col)
        if is_blank(raw):
            record[column.name] = None
            errors += _blank(column, col, index, layout, table)
            continue
        if column.kind in ("measure_value", "target"):
            parsed = CONVERTERS[column.kind](
                raw, layout.state, (index, col) in layout.percent_cells
            )
        else:
            parsed = CONVERTERS[column.kind](raw, layout.state)
        record[column.name] = parsed.value
        errors += _noted(column, parsed, raw, index + 1, layout, table)
    return record, errors


def _blank(column, col: int | None, index: int, layout: Layout, table: Table) -> int:
    """1 when the blank cell is an error: the reader could not take it, or it is required."""
    row_number, label = index + 1, layout.labels.get(column.name)
    reason = (
        layout.broken.get((index, col))
        if col is not None and (column.required or column.kind in NUMERIC_KINDS)
        else None
    )
    if reason:
        rule = "DUNG_REPORTED_UNREADABLE" if column.advisory else "DUNG_VALUE_UNREADABLE"
        message = f"Ô “{label}” dòng {row_number}: {reason}."
        table.issues.append(Issue(rule, message, layout.sheet, row_number, label))
        return 0 if column.advisory else 1
    if column.required and col is not None:
        message = f"Ô “{label}” dòng {row_number} bắt buộc phải nhập."
        table.issues.append(Issue("DU_CELL_REQUIRED", message, layout.sheet, row_number, label))
        return 1
    return 0


def _noted(column, parsed: Parsed, raw: Any, row_number: int, layout: Layout, table: Table) -> int:
    """The issue a converted cell's note makes; 1 when the cell could not be read."""
    if not parsed.note:
        return 0
    label, shown = layout.labels[column.name], shown_value(raw)
    if parsed.value is None and column.advisory:
        message = (
            f"Ô “{label}” dòng {row_number}: {parsed.note}. Ô này chỉ để đối chiếu: dòng vẫn "
            "được nạp, thành phố dùng chỉ tiêu giao, tổng điểm và xếp hạng của mình."
        )
        issue = Issue("DUNG_REPORTED_UNREADABLE", message, layout.sheet, row_number, label, shown)
        table.issues.append(issue)
        return 0
    if parsed.value is None:
        rule = parsed.rule or (
            "DUNG_VALUE_NOT_ALLOWED" if column.kind in ENUM_KINDS else "DUNG_VALUE_UNREADABLE"
        )
        message = f"Ô “{label}” dòng {row_number}: {parsed.note}."
        table.issues.append(
            _private(column, Issue(rule, message, layout.sheet, row_number, label, shown))
        )
        return 1
    rule = parsed.rule or "SACH_VALUE_NORMALISED"
    issue = Issue(rule, parsed.note, layout.sheet, row_number, label, shown)
    table.issues.append(_private(column, issue))
    return 0


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


def criterion_scores(row: list[Any], row_number: int, layout: Layout, table: Table) -> int:
    """Each criterion's score of the row (ChamDiem), as a number; the errors among them."""
    errors = 0
    for col, code in layout.criteria.items():
        raw = cell(row, col)
        blank = is_blank(raw)
        parsed = Parsed(None) if blank else parse_number(raw)
        where = f"{code} (cột {column_letter(col)})"
        if parsed.value is None and not blank:
            errors += 1
            message = f"Điểm tiêu chí {code}: {parsed.note}. Vui lòng nhập số."
            issue = Issue("DUNG_VALUE_UNREADABLE", message, layout.sheet, row_number, where)
            issue.value = shown_value(raw)
            table.issues.append(issue)
        elif parsed.note:
            issue = Issue("SACH_VALUE_NORMALISED", parsed.note, layout.sheet, row_number, where)
            issue.value = shown_value(raw)
            table.issues.append(issue)
        table.criterion_scores.append(
            {"row_number": row_number, "criterion_code": code, "score": parsed.value}
        )
    return errors


def honorific(record: dict, table: Table, sheet_name: str, row_number: int, labels) -> None:
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


def person_nominee(record: dict, table: Table, sheet_name: str, row_number: int, labels) -> None:
    """The row says the nominee is a person: every word of the name gets its capital."""
    name = record["nominee_name"]
    fixed = person_name(name)
    if fixed != name:
        record["nominee_name"] = fixed
        note = f"“{name}” → “{fixed}” ({PERSON_NOTE})"
        table.issues.append(
            Issue(
                "SACH_VALUE_NORMALISED", note, sheet_name, row_number, labels["nominee_name"], name
            )
        )
