"""`thidua report`: for one period, a feedback workbook per sender and the quality page.

Reads only the published warehouse (read-only), so it can run while a refresh builds.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from itertools import repeat
from pathlib import Path

import duckdb

from pipelines.core.text import fold
from pipelines.core.workers import spawn_pool
from pipelines.reports.city_report import write_city_report
from pipelines.reports.feedback import CellIssue, Receipt, SheetColumns, feedback_workbook
from pipelines.reports.official_report import (
    ReportSettings,
    official_report_name,
    write_official_report,
)
from pipelines.reports.quality_page import render_quality_page


def write_reports(warehouse: Path, period: str, out: Path) -> list[Path]:
    """Every report of a period into out/<period>/, the feedback workbooks in phan_hoi/.

    Written beside and then moved in, file by file: a reader never opens a half-written
    report, and a file shared (hard-linked) with an older build is replaced, not changed.
    """
    with duckdb.connect(str(warehouse), read_only=True) as con:
        periods = {
            row[0]
            for row in con.execute(
                "select period_code from marts.mart_submission_status"
            ).fetchall()
        }
    # 2026-h1 typed by hand is the period 2026-H1
    period = next((code for code in periods if code.lower() == period.strip().lower()), period)
    if period not in periods:
        known = ", ".join(sorted(periods)) or "chưa có"
        raise ValueError(f"Kỳ {period} không có trong kho dữ liệu (các kỳ: {known}).")
    staged = out / f".{period}.report.tmp"
    shutil.rmtree(staged, ignore_errors=True)
    feedback = write_feedback_folder(warehouse, period, staged / "phan_hoi")
    write_period_reports(warehouse, period, staged)
    move_in(staged, out / period)
    return [out / period / "phan_hoi" / path.name for path in feedback] + [
        out / period / name for name in report_names(period)
    ]


def move_in(staged: Path, folder: Path) -> None:
    """Every file and folder of staged replaces its namesake in folder; staged goes."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in staged.iterdir():
        target = folder / path.name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        path.replace(target)
    shutil.rmtree(staged, ignore_errors=True)


def write_feedback_folder(warehouse: Path, period: str, folder: Path) -> list[Path]:
    """A feedback workbook per expected sender of the period, into folder."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        receipts = _receipts(con, period)
    folder.mkdir(parents=True, exist_ok=True)
    # About 25 ms a sender (openpyxl opens and saves its workbook): 3,737 senders at
    # national size take 90 s on one core, so large periods are shared among the cores.
    workers = min(os.cpu_count() or 1, 8)
    if workers > 1 and len(receipts) >= PARALLEL_MIN_SENDERS:
        chunks = [receipts[i :: workers * 4] for i in range(workers * 4)]
        with spawn_pool(workers) as pool:
            parts = pool.map(
                _write_feedback, repeat(warehouse), repeat(period), repeat(folder), chunks
            )
            return sorted(path for part in parts for path in part)
    return sorted(_write_feedback(warehouse, period, folder, receipts))


PARALLEL_MIN_SENDERS = 200


def _write_feedback(
    warehouse: Path, period: str, folder: Path, receipts: list[tuple[Receipt, str | None]]
) -> list[Path]:
    """Feedback workbooks of some senders; runs in a worker process too (opens the
    warehouse itself, read-only)."""
    written = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for receipt, file_hash in receipts:
            name, content = _feedback(con, period, receipt, file_hash, redact=False)
            (folder / name).write_bytes(content)
            written.append(folder / name)
    return written


def report_names(period: str) -> list[str]:
    """The consolidated workbook (the official report's annex), the quality page, and for
    a half year or a year the official Word report."""
    official = official_report_name(period)
    return [f"bao_cao_tong_hop_{period}.xlsx", f"chat_luong_{period}.html"] + (
        [official] if official else []
    )


def write_period_reports(warehouse: Path, period: str, folder: Path) -> None:
    """A period's reports, into folder; runs in a worker process too, so it opens the
    warehouse itself (read-only)."""
    folder.mkdir(parents=True, exist_ok=True)
    workbook, page, *official = report_names(period)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        write_city_report(con, period, folder / workbook)
        (folder / page).write_text(
            render_quality_page(con, period, dt.datetime.now()), encoding="utf-8"
        )
        for name in official:
            write_official_report(
                con, period, folder / name, ReportSettings.from_env(), annex=workbook
            )


def sender_feedback(
    con: duckdb.DuckDBPyConnection, period: str, sender_code: str, redact: bool
) -> tuple[str, bytes] | None:
    """One sender's feedback workbook for a period, as `thidua report` writes it."""
    for receipt, file_hash in _receipts(con, period):
        if receipt.sender_code == sender_code:
            return _feedback(con, period, receipt, file_hash, redact)
    return None


def _feedback(
    con: duckdb.DuckDBPyConnection,
    period: str,
    receipt: Receipt,
    file_hash: str | None,
    redact: bool,
) -> tuple[str, bytes]:
    """A sender's feedback workbook: its file name and bytes."""
    content = feedback_workbook(
        _content(con, file_hash),
        receipt,
        _issues(con, period, receipt),
        _columns(con, file_hash),
        redact=redact,
    )
    return feedback_name(receipt), content


def feedback_name(receipt: Receipt) -> str:
    """The sender's name, code and period, without diacritics (mail attachments and old
    file systems mangle them): phan_hoi_phuong_thanh_dong_00127_2026-H1.xlsx."""
    kind = "de_nghi_khen_thuong_" if receipt.workbook_kind == "award_proposals" else ""
    name = re.sub(r"[^a-z0-9]+", "_", fold(receipt.sender_name or "")).strip("_")[:60]
    parts = [part for part in (kind + name, receipt.sender_code, receipt.period_code) if part]
    return "phan_hoi_" + "_".join(parts) + ".xlsx"


# Every expected sender, sent or not, and every other sender whose current file is for the
# period: an agency's report, a unit's proposals-only workbook, a sender the registry does
# not know (its file is refused, and it is told why).
RECEIPTS_SQL = """
    select
        status.sender_code, status.sender_name, status.workbook_kind, status.current_file,
        status.submitted_on, status.deadline, status.days_late, status.versions,
        status.submitted, recon.file_hash, coalesce(recon.is_rejected, false),
        coalesce(recon.rows_read, 0), coalesce(recon.rows_loaded, 0),
        coalesce(recon.rows_quarantined, 0)
    from marts.mart_submission_status as status
    left join quality.dq_reconciliation as recon
        on status.current_file = recon.source_file
    where status.period_code = $period
    union all
    select
        recon.sender_code, recon.sender_name, recon.workbook_kind, recon.source_file,
        recon.report_date, periods.deadline,
        greatest(coalesce(date_diff('day', periods.deadline, recon.report_date), 0), 0),
        recon.versions, true, recon.file_hash, recon.is_rejected, recon.rows_read,
        recon.rows_loaded, recon.rows_quarantined
    from quality.dq_reconciliation as recon
    left join marts.mart_periods as periods
        on recon.period_code = periods.period_code
    left join marts.mart_submission_status as status
        on recon.period_code = status.period_code
        and recon.sender_code = status.sender_code
        and recon.workbook_kind = status.workbook_kind
    where recon.period_code = $period and recon.is_current
        and recon.workbook_kind <> 'registry' and status.sender_code is null
    order by 3 desc, 1
"""


def _receipts(con: duckdb.DuckDBPyConnection, period: str) -> list[tuple[Receipt, str | None]]:
    named = con.execute(
        "select period_name from marts.mart_periods where period_code = ?",
        [period],
    ).fetchone()
    period_name = named[0] if named else None
    receipts = []
    for row in con.execute(RECEIPTS_SQL, {"period": period}).fetchall():
        code, name, kind, current, on, deadline, late, versions = row[:8]
        submitted, file_hash, rejected, read, loaded, quarantined = row[8:]
        receipt = Receipt(
            code,
            name,
            period,
            kind,
            current,
            on,
            deadline,
            late,
            versions,
            _status(submitted, rejected, quarantined),
            read,
            loaded,
            quarantined,
            period_name,
        )
        receipts.append((receipt, file_hash))
    return receipts


def _status(submitted: bool, rejected: bool, quarantined: int) -> str:
    if not submitted:
        return "missing"
    if rejected:
        return "rejected"
    return "accepted_with_quarantine" if quarantined else "accepted"


def _issues(con: duckdb.DuckDBPyConnection, period: str, receipt: Receipt) -> list[CellIssue]:
    rows = con.execute(
        """select severity, rule_code, sheet, row_number, column_name, value, message
           from quality.dq_issues
           where period_code = ? and sender_code = ?
             -- issues of no file (a measure not reported, a report not sent) are the
             -- report's, not a proposals-only workbook's
             and (source_file = ? or (source_file is null and ? <> 'award_proposals'))
           order by severity, sheet, row_number""",
        [period, receipt.sender_code, receipt.source_file, receipt.workbook_kind],
    ).fetchall()
    return [CellIssue(*row) for row in rows]


def _columns(con: duckdb.DuckDBPyConnection, file_hash: str | None) -> SheetColumns:
    columns = SheetColumns()
    if file_hash:
        for sheet, name, header, letter in con.execute(
            "select sheet, column_name, header, column_letter from raw.sheet_columns where file_hash = ?",
            [file_hash],
        ).fetchall():
            columns.add(sheet, name, header, letter)
    return columns


def _content(con: duckdb.DuckDBPyConnection, file_hash: str | None) -> bytes | None:
    if not file_hash:
        return None
    row = con.execute(
        "select content from raw.file_contents where file_hash = ?", [file_hash]
    ).fetchone()
    return bytes(row[0]) if row else None
