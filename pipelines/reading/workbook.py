"""One file → its kind, sender, period and typed tables, or a file-level issue.

Pure: knows nothing of Dagster or DuckDB, so tests call it on real files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from pipelines.core.periods import period_year
from pipelines.core.text import decode_legacy, workbook_encoding
from pipelines.core.values import parse_date, vn_number
from pipelines.quality.rules import ERROR, RULES, Issue
from pipelines.reading.cells import EncodingState
from pipelines.reading.discover import (
    ARCHIVES,
    OTHER_SPREADSHEETS,
    content_hash,
    display_path,
    scan,
)
from pipelines.reading.identity import (
    identity_from_folders,
    nominee_list_sheet,
    read_identity,
    read_info,
    registry_year,
)
from pipelines.reading.reader import SheetTooLarge, UnreadableWorkbook, Workbook
from pipelines.reading.rows import read_table
from pipelines.reading.specs import (
    INFO_SHEET,
    KIND_LABELS,
    KIND_SIGNATURES,
    PROPOSALS_ONLY,
    READ_KINDS,
    is_plain_sheet_name,
    sheet_key,
)
from pipelines.reading.table import Table

REGISTRY_SENDER = "BAN_TDKT"
INFO_SHEET_KEY = sheet_key(INFO_SHEET)


@dataclass
class ParsedFile:
    path: str  # relative to the raw folder
    file_hash: str  # sha256 of the bytes: identical files are one submission
    size_bytes: int
    modified_at: float
    kind: str | None = None
    sender_code: str | None = None
    sender_name: str | None = None
    period_code: str | None = None
    report_date: Any = None
    info: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    @property
    def is_rejected(self) -> bool:
        """A file is rejected when it has no usable identity or no data table."""
        return self.kind is None or any(issue.blocks_file for issue in self.issues)


def find_workbooks(root: Path) -> list[Path]:
    """Every file below root to read (discover.scan), whatever its name or sub-folder."""
    return [entry.path for entry in scan(root) if entry.refusal is None]


# A refresh hashes every workbook twice in one process: to decide whether anything
# changed (build/state.py) and to find new files (ingest). The second time is free.
_HASHES: dict[tuple[str, int, int], str] = {}


def file_hash(path: Path) -> str:
    """sha256 of the file's bytes, remembered while its size and mtime stay the same."""
    stat = path.stat()
    key = (os.path.abspath(path), stat.st_size, stat.st_mtime_ns)
    digest = _HASHES.get(key)
    if digest is None:
        digest = _HASHES[key] = content_hash(path)
    return digest


def detect_kind(sheet_names: list[str]) -> str | None:
    present = {sheet_key(name) for name in sheet_names}
    for kind, signature in KIND_SIGNATURES.items():
        if all(sheet_key(sheet) in present for sheet in signature):
            return kind
    return None


def parse_workbook(
    path: Path, root: Path, digest: str | None = None, name: str | None = None
) -> ParsedFile:
    """name: the path to record, when the file is a stored copy read again (ingest.py)."""
    stat = path.stat()
    parsed = ParsedFile(
        path=name or display_path(path, root),
        file_hash=digest or file_hash(path),
        size_bytes=stat.st_size,
        modified_at=stat.st_mtime,
    )
    if refusal := _format_refusal(Path(parsed.path).suffix.lower()):
        parsed.issues.append(Issue("DUNG_FILE_FORMAT", refusal, blocks_file=True))
        return parsed
    try:
        book = Workbook.open(path)
    except UnreadableWorkbook as error:
        parsed.issues.append(Issue("DUNG_FILE_UNREADABLE", str(error), blocks_file=True))
        return parsed
    try:
        _parse_open_book(book, parsed)
    except UnreadableWorkbook as error:
        parsed.issues.append(Issue("DUNG_FILE_UNREADABLE", str(error), blocks_file=True))
    finally:
        book.close()
    parsed.issues = cap_notes(parsed.issues)
    return parsed


# Warnings and notes kept one per row, per rule and file: past this, the rest are counted
# in one note (a file of 110.000 identical rows gave 110.000 warnings). Errors are never
# capped: each is the reason a row is quarantined.
NOTES_PER_RULE = 200


def cap_notes(issues: list[Issue]) -> list[Issue]:
    kept: list[Issue] = []
    extra: dict[str, list[Issue]] = {}
    counts: dict[str, int] = {}
    for issue in issues:
        if issue.severity == ERROR:
            kept.append(issue)
            continue
        counts[issue.rule_code] = counts.get(issue.rule_code, 0) + 1
        if counts[issue.rule_code] <= NOTES_PER_RULE:
            kept.append(issue)
        else:
            extra.setdefault(issue.rule_code, []).append(issue)
    for rule, rest in extra.items():
        sheets = ", ".join(dict.fromkeys(f"“{issue.sheet}”" for issue in rest if issue.sheet))
        kept.append(
            Issue(
                rule,
                f"Còn {vn_number(len(rest))} dòng khác có cùng vấn đề “{RULES[rule][2]}”"
                + (f" trong trang {sheets}" if sheets else "")
                + f", không liệt kê từng dòng (đã liệt kê {NOTES_PER_RULE} dòng đầu).",
                sheet=rest[0].sheet,
            )
        )
    return kept


def _format_refusal(suffix: str) -> str | None:
    """What to do with a file of another format than the city's .xlsx templates."""
    if suffix in ARCHIVES:
        return (
            f"Tệp nén ({suffix}) không được đọc. Vui lòng giải nén và gửi từng tệp Excel (.xlsx) "
            "theo biểu mẫu."
        )
    if suffix in (".csv", ".tsv"):
        return (
            f"Tệp văn bản ({suffix}) không giữ được các trang và định dạng của biểu mẫu nên "
            "không được đọc. Vui lòng nhập số liệu vào biểu mẫu Excel (.xlsx) và gửi lại."
        )
    if suffix in OTHER_SPREADSHEETS:
        return (
            f"Tệp định dạng {suffix} (LibreOffice, Numbers, WPS hoặc Excel nhị phân) không được "
            "đọc. Vui lòng mở tệp và chọn Lưu thành (Save As) “Sổ làm việc Excel (.xlsx)”, rồi "
            "gửi lại."
        )
    return None


def failed_file(
    path: Path, root: Path, digest: str, name: str | None = None, *, reason: str
) -> ParsedFile:
    """A file whose reading raised what no rule expects: one issue, and the others go on."""
    return refused_file(
        path,
        root,
        digest,
        name,
        "DUNG_FILE_UNREADABLE",
        f"Tệp không đọc được do lỗi bất thường khi đọc ({reason}). Tệp có thể bị hỏng: "
        "vui lòng mở bằng Excel, lưu lại dưới dạng .xlsx và gửi lại.",
    )


def crashed_file(path: Path, root: Path, digest: str, name: str | None = None) -> ParsedFile:
    """A file that killed the process reading it, twice (out of memory, out of time)."""
    return refused_file(
        path,
        root,
        digest,
        name,
        "DUNG_FILE_TOO_COSTLY",
        "Đọc tệp này vượt giới hạn bộ nhớ hoặc thời gian dành cho một báo cáo, nên tệp không "
        "được đọc. Tệp có thể bị hỏng hoặc chứa vùng dữ liệu rất lớn ngoài biểu mẫu: vui lòng "
        "xoá các trang, dòng, cột thừa, lưu lại dưới dạng .xlsx và gửi lại.",
    )


def refused_file(
    path: Path, root: Path, digest: str, name: str | None, rule: str, message: str
) -> ParsedFile:
    """A file not read, or not read to the end: one file-level issue. Links are not followed."""
    try:
        stat = os.lstat(path)
        size, modified = stat.st_size, stat.st_mtime
    except OSError:
        size, modified = None, None
    parsed = ParsedFile(
        path=name or display_path(path, root),
        file_hash=digest,
        size_bytes=size,
        modified_at=modified,
    )
    parsed.issues.append(Issue(rule, message, blocks_file=True))
    return parsed


def _sheets_by_key(sheet_names: list[str]) -> dict[str, list[str]]:
    """Each kind of sheet → the sheets of that kind, the one to read first: named exactly,
    before a numbered one or a copy ("KetQuaChiTieu" before "KetQuaChiTieu (2)")."""
    sheets: dict[str, list[str]] = {}
    for name in sorted(sheet_names, key=lambda name: not is_plain_sheet_name(name)):
        sheets.setdefault(sheet_key(name), []).append(name)
    return sheets


def _parse_open_book(book: Workbook, parsed: ParsedFile) -> None:
    sheets = _sheets_by_key(book.sheet_names)
    names = {key: found[0] for key, found in sheets.items()}
    found_list = _detect_kind(book, parsed)
    if parsed.kind is None:
        return
    if book.has_macros:
        parsed.issues.append(
            Issue(
                "SACH_MACRO_IGNORED",
                "Tệp có macro (.xlsm): chỉ đọc số liệu, macro không bao giờ được chạy. "
                "Lần sau vui lòng lưu dạng .xlsx.",
            )
        )
    if parsed.kind == "registry":
        parsed.sender_code, parsed.sender_name = REGISTRY_SENDER, "Ban Thi đua - Khen thưởng"
        if INFO_SHEET_KEY in names:  # optional: Năm and Ngày báo cáo of the registry
            parsed.info = read_info(book.rows(names[INFO_SHEET_KEY], max_rows=60))
            parsed.report_date = parse_date(parsed.info.get("report_date")).value
    elif found_list:
        identity_from_folders(parsed, found_list)
        names[READ_KINDS[PROPOSALS_ONLY][0].sheet_key] = found_list
    else:
        read_identity(book, names[sheet_key(INFO_SHEET)], parsed)
    work = _sheets_to_read(book, parsed, sheets, names)
    _read_tables(book, parsed, work)
    if parsed.kind == "registry":
        registry_year(parsed)


def _detect_kind(book: Workbook, parsed: ParsedFile) -> str | None:
    """Sets the file's kind, or says it has none; the sheet of a province's nominee list."""
    parsed.kind = detect_kind(book.sheet_names)
    found_list = None
    if parsed.kind is None and (found_list := nominee_list_sheet(book)):
        # a nominee list made in or for the province's software: no info sheet, the
        # sender and period come from the folders it was filed in
        parsed.kind = PROPOSALS_ONLY
    if parsed.kind is None:
        parsed.issues.append(
            Issue(
                "DUNG_FILE_UNKNOWN_KIND",
                "Tệp không theo biểu mẫu nào của thành phố (không thấy các trang "
                + "; ".join(" + ".join(s) for s in KIND_SIGNATURES.values())
                + f"). Các trang có trong tệp: {', '.join(book.sheet_names)}. "
                "Vui lòng dùng biểu mẫu do Ban Thi đua - Khen thưởng gửi.",
                blocks_file=True,
            )
        )
    return found_list


def _sheets_to_read(book: Workbook, parsed: ParsedFile, sheets: dict, names: dict) -> list:
    """(spec, sheet, rows, percent cells) of each sheet the kind reads: all read before any
    is parsed, so the workbook's encoding is decided from all its text."""
    work = []
    for spec in READ_KINDS[parsed.kind]:
        copies = sheets.get(spec.sheet_key, [])
        if len(copies) > 1:
            parsed.issues.append(
                Issue(
                    "SACH_SHEET_DUPLICATE",
                    f"Tệp có {len(copies)} trang {spec.sheet} ({', '.join(copies)}): chỉ đọc "
                    f"trang “{names[spec.sheet_key]}”. Vui lòng xoá trang thừa.",
                    sheet=names[spec.sheet_key],
                )
            )
        sheet = names.get(spec.sheet_key)
        if sheet is None:
            if spec.required:
                parsed.issues.append(
                    Issue(
                        "DU_SHEET_MISSING",
                        f"{KIND_LABELS[parsed.kind]} thiếu trang “{spec.sheet}” ({spec.label}).",
                        sheet=spec.sheet,
                        blocks_file=True,
                    )
                )
            continue
        has_values = any(c.kind in ("measure_value", "target") for c in spec.columns)
        percent = book.percent_cells(sheet) if has_values else set()
        try:
            rows = book.rows(sheet)
        except SheetTooLarge as error:
            parsed.issues.append(
                Issue("DUNG_SHEET_TOO_LARGE", str(error), sheet=sheet, blocks_file=spec.required)
            )
            continue
        work.append((spec, sheet, rows, percent))
    return work


def _read_tables(book: Workbook, parsed: ParsedFile, work: list) -> None:
    state = EncodingState()
    state.hint = _decode_workbook(work, parsed) or state.hint
    for spec, sheet, rows, percent in work:
        table = read_table(
            rows,
            spec,
            sheet,
            percent,
            state,
            broken=lambda sheet=sheet: book.broken_cells(sheet),
            year=period_year(parsed.period_code) if parsed.period_code else None,
        )
        if not table.found and spec.required:
            for issue in table.issues:
                issue.blocks_file = True
        parsed.tables[spec.table] = table
        parsed.issues.extend(table.issues)


# Cells enough to tell a workbook's encoding: a sample, not every cell of a large file.
ENCODING_SAMPLE = 2000


def _decode_workbook(work: list, parsed: ParsedFile) -> str | None:
    """A workbook typed as a whole in TCVN3 or VNI (decided from all its text, not word by
    word) has every cell converted, "Cã" (Có) and .VnTimeH capitals included; each cell
    converted is noted. None when the workbook is in Unicode."""
    # read lazily: a large sheet is not walked past the sample it gives
    texts = (
        cell
        for _, _, rows, _ in work
        for row in rows
        for cell in row
        if isinstance(cell, str) and not cell.isascii()
    )
    encoding = workbook_encoding(list(islice(texts, ENCODING_SAMPLE)))
    if encoding is None:
        return None
    for _, sheet, rows, _ in work:
        for index, row in enumerate(rows):
            for col, cell in enumerate(row):
                if not isinstance(cell, str) or cell.isascii():
                    continue
                fixed = decode_legacy(cell, encoding)
                if fixed != cell:
                    row[col] = fixed
                    parsed.issues.append(
                        Issue(
                            "SACH_ENCODING_CONVERTED",
                            f"chữ gõ bảng mã {encoding} “{cell}” → “{fixed}” (cả tệp gõ bảng "
                            f"mã {encoding}; lần sau vui lòng gõ Unicode)",
                            sheet,
                            index + 1,
                            value=cell,
                        )
                    )
    return encoding
