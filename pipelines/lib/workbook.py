"""One file → its kind, sender, period and typed tables, or a file-level issue.

Pure: knows nothing of Dagster or DuckDB, so tests call it on real files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from pipelines.lib.discover import ARCHIVES, OTHER_SPREADSHEETS, content_hash, display_path, scan
from pipelines.lib.issues import ERROR, RULES, Issue
from pipelines.lib.parse import HEADER_SEARCH_ROWS, EncodingState, Table, find_header, read_table
from pipelines.lib.periods import period_code, period_year
from pipelines.lib.reader import SheetTooLarge, UnreadableWorkbook, Workbook
from pipelines.lib.specs import (
    INFO_LABELS,
    INFO_SHEET,
    KIND_LABELS,
    KIND_SIGNATURES,
    PROPOSALS_ONLY,
    READ_KINDS,
    UNIT_KINDS,
    is_plain_sheet_name,
    sheet_key,
)
from pipelines.lib.text import clean_text, decode_legacy, header_key, workbook_encoding
from pipelines.lib.values import parse_code, parse_date, vn_number

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
# changed (build_state) and to find new files (ingest). The second time is free.
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


def read_info(rows: list[list[Any]]) -> dict[str, Any]:
    """Label in one cell, value in the first filled cell to its right; or both in one
    cell, as offices often type them ("Kỳ báo cáo: 6 tháng đầu năm 2026")."""
    wanted = {header_key(label): name for name, labels in INFO_LABELS.items() for label in labels}
    info: dict[str, Any] = {}
    for row in rows[:60]:
        for col, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            name = wanted.get(header_key(cell))
            value = None
            if name is None and ":" in cell:
                label, _, typed = cell.partition(":")
                name = wanted.get(header_key(label))
                value = typed.strip() or None
            if name is None or name in info:
                continue
            if value is None:
                value = next((v for v in row[col + 1 :] if v is not None and str(v).strip()), None)
            if value is not None:
                info[name] = value
    return info


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
    parsed.kind = detect_kind(book.sheet_names)
    found_list = None
    if parsed.kind is None and (found_list := _nominee_list_sheet(book)):
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
        return
    if book.has_macros:
        parsed.issues.append(
            Issue(
                "SACH_MACRO_IGNORED",
                "Tệp có macro (.xlsm): chỉ đọc số liệu, macro không bao giờ được chạy. "
                "Lần sau vui lòng lưu dạng .xlsx.",
            )
        )
    state = EncodingState()
    if parsed.kind == "registry":
        parsed.sender_code, parsed.sender_name = REGISTRY_SENDER, "Ban Thi đua - Khen thưởng"
        if INFO_SHEET_KEY in names:  # optional: Năm and Ngày báo cáo of the registry
            parsed.info = read_info(book.rows(names[INFO_SHEET_KEY], max_rows=60))
            parsed.report_date = parse_date(parsed.info.get("report_date")).value
    elif found_list:
        _identity_from_folders(parsed, found_list)
        names[READ_KINDS[PROPOSALS_ONLY][0].sheet_key] = found_list
    else:
        _read_identity(book, names[sheet_key(INFO_SHEET)], parsed)
    work = []  # (spec, sheet, rows, percent cells): read first, so the encoding is decided
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
    encoding = _decode_workbook(work, parsed)
    state.hint = encoding or state.hint
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
    if parsed.kind == "registry":
        _registry_year(parsed)


def _registry_year(parsed: ParsedFile) -> None:
    """The year a registry is for (CONTRACT.md section 1): its ThongTin's Năm, else the year
    its KyBaoCao periods name (a school year by the year it ends), else its targets' year.
    Each year's newest registry amends that year only (int_files__versions)."""
    stated = re.search(r"\b(19|20)\d\d\b", str(parsed.info.get("year", "")))
    stated = int(stated.group()) if stated else None
    periods = [
        period_year(row["period_code"])
        for row in _rows(parsed, "registry_periods")
        if row.get("period_code") and not row.get("has_error")
    ]
    targets = [row["year"] for row in _rows(parsed, "registry_targets") if row.get("year")]
    year = stated or max(periods, default=None) or max(targets, default=None)
    parsed.info = {key: value for key, value in parsed.info.items() if key != "year"}
    if year is not None:
        parsed.info["year"] = int(year)


def _rows(parsed: ParsedFile, table: str) -> list[dict[str, Any]]:
    found = parsed.tables.get(table)
    return found.rows if found else []


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


def _nominee_list_sheet(book: Workbook) -> str | None:
    """The sheet of a workbook without the contract's sheets whose header is a nominee
    list's (a name column and an award column, in any of their wordings): the one that
    names most columns. Lookup sheets and instructions name none."""
    spec = READ_KINDS[PROPOSALS_ONLY][0]
    best: tuple[int, str] | None = None
    for name in book.sheet_names:
        try:
            rows = book.rows(name, max_rows=HEADER_SEARCH_ROWS)
        except SheetTooLarge:
            continue
        header = find_header(rows, spec)
        if header is None or "award_name" not in header[1]:
            continue
        if best is None or len(header[1]) > best[0]:
            best = (len(header[1]), name)
    return best[1] if best else None


# A folder named by a unit's code: a ward's 5 digits (00127), or a registry code (00127.TH1).
_UNIT_FOLDER = re.compile(r"\d{5}(?:\.[A-Za-z0-9-]+)?")


def _identity_from_folders(parsed: ParsedFile, sheet: str) -> None:
    """Sender and period of a list without an info sheet: the nearest folders named by a
    period (2026-FY, Năm 2026) and by a unit code, in either order (CONTRACT.md section 1).
    The file's own name is never read."""
    folders = Path(parsed.path).parts[:-1]
    period = next((code for part in reversed(folders) if (code := period_code(part))), None)
    unit = next((part for part in reversed(folders) if _UNIT_FOLDER.fullmatch(part)), None)
    if period is None or unit is None:
        parsed.issues.append(
            Issue(
                "DU_INFO_MISSING",
                f"Danh sách đề nghị khen thưởng (trang “{sheet}”, theo mẫu phần mềm thi đua "
                "của tỉnh) không có trang ThongTin nên không biết "
                + ("đơn vị gửi và kỳ báo cáo" if period is None and unit is None
                   else "kỳ báo cáo" if period is None else "đơn vị gửi")
                + ". Hãy đặt tệp trong thư mục mang mã kỳ và thư mục mang mã đơn vị, ví dụ "
                "raw/2026-FY/00127/danh sach.xlsx, hoặc chép danh sách vào biểu mẫu của "
                "thành phố (có trang ThongTin).",
                sheet=sheet,
                blocks_file=True,
            )
        )  # fmt: skip
        return
    parsed.sender_code, parsed.period_code = unit, period
    parsed.issues.append(
        Issue(
            "SACH_IDENTITY_FROM_FOLDERS",
            f"Tệp không có trang ThongTin: đơn vị {unit} và kỳ {period} lấy từ thư mục "
            f"“{'/'.join(folders)}”.",
            sheet=sheet,
        )
    )


def _read_identity(book: Workbook, sheet: str, parsed: ParsedFile) -> None:
    info = read_info(book.rows(sheet, max_rows=60))
    parsed.info = {k: clean_text(str(v)) if isinstance(v, str) else v for k, v in info.items()}
    if "sender_code" in info:
        width = 5 if parsed.kind in UNIT_KINDS else None
        code = parse_code(info["sender_code"], width)
        parsed.sender_code = code.value
        if code.note:
            parsed.issues.append(
                Issue(
                    "SACH_VALUE_NORMALISED",
                    code.note,
                    sheet,
                    None,
                    "Mã đơn vị",
                    str(info["sender_code"]),
                )
            )
    else:
        label = "Mã đơn vị" if parsed.kind in UNIT_KINDS else "Mã khối"
        parsed.issues.append(
            Issue(
                "DU_INFO_MISSING",
                f"Trang “{sheet}” không có “{label}”: không biết đơn vị gửi. "
                f"Vui lòng điền “{label}”.",
                sheet=sheet,
                column_name=label,
                blocks_file=True,
            )
        )
    parsed.sender_name = parsed.info.get("sender_name")
    raw_period = info.get("period")
    parsed.period_code = period_code(raw_period) if raw_period is not None else None
    if parsed.period_code is None:
        parsed.issues.append(
            Issue(
                "DUNG_PERIOD_UNREADABLE",
                f"Trang “{sheet}”: kỳ báo cáo “{raw_period or ''}” không đọc được. "
                "Ghi theo mẫu: “6 tháng đầu năm 2026”, “Năm 2026”, “Quý I năm 2026”.",
                sheet=sheet,
                column_name="Kỳ báo cáo",
                value=None if raw_period is None else str(raw_period),
                blocks_file=True,
            )
        )
    if "report_date" in info:
        date = parse_date(info["report_date"])
        parsed.report_date = date.value
        if date.value is not None and date.note:
            parsed.issues.append(
                Issue(
                    "SACH_VALUE_NORMALISED",
                    date.note,
                    sheet,
                    None,
                    "Ngày báo cáo",
                    str(info["report_date"]),
                )
            )
        if date.value is None:
            parsed.issues.append(
                Issue(
                    "DUNG_VALUE_UNREADABLE",
                    f"Ngày báo cáo: {date.note}.",
                    sheet=sheet,
                    row_number=None,
                    column_name="Ngày báo cáo",
                    value=str(info["report_date"]),
                )
            )
