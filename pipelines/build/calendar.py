"""The reporting calendar, from the registry's deadlines (marts.mart_periods): what is due on
a given day. Before a period's deadline the senders still missing are reminded; the day
after it the period's reports are built from everything that arrived in time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
from openpyxl import Workbook

from pipelines.core.values import vn_number
from pipelines.core.xlsx_out import national_heading, safe_text, save_deterministic, write_table

REMIND_DAYS = 3  # the reminder goes this many days before the deadline
LATE_WINDOW = 7  # the day-after build is still due this many days after the deadline


@dataclass(frozen=True)
class Due:
    period: str
    kind: str  # "remind" | "reports"
    deadline: dt.date

    @property
    def run_key(self) -> str:
        """Once per period, deadline and kind: a moved deadline is due again."""
        return f"{self.kind}-{self.period}-{self.deadline:%Y%m%d}"


def due_on(periods: list[tuple[str, dt.date]], today: dt.date) -> list[Due]:
    """What the calendar asks for today: (period, deadline) from the registry."""
    due = []
    for period, deadline in periods:
        if deadline is None:
            continue
        if deadline - dt.timedelta(days=REMIND_DAYS) <= today < deadline:
            due.append(Due(period, "remind", deadline))
        if deadline < today <= deadline + dt.timedelta(days=LATE_WINDOW):
            due.append(Due(period, "reports", deadline))
    return due


def periods_with_deadlines(warehouse: Path) -> list[tuple[str, dt.date]]:
    """The published warehouse's periods; none before the first build."""
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return con.execute(
                "select period_code, deadline from marts.mart_periods order by deadline"
            ).fetchall()
    except duckdb.Error:
        return []


def reminder_name(period: str) -> str:
    return f"nhac_nop_{period}.xlsx"


def write_reminder(con: duckdb.DuckDBPyConnection, period: str, folder: Path) -> list[tuple]:
    """The senders the period still misses, in a workbook to send them; returns them."""
    missing = con.execute(
        """select sender_code, sender_name,
                  case workbook_kind when 'unit_report' then 'Báo cáo đơn vị'
                       else 'Báo cáo khối' end,
                  deadline
           from marts.mart_submission_status
           where period_code = ? and not submitted order by workbook_kind, sender_code""",
        [period],
    ).fetchall()
    name = con.execute(
        "select period_name, deadline from marts.mart_periods where period_code = ?", [period]
    ).fetchone()
    wb = Workbook()
    ws = wb.active
    ws.title = "ChuaNop"
    title = f"ĐƠN VỊ CHƯA GỬI BÁO CÁO {name[0].upper() if name else period}"
    start = national_heading(ws, 4, "BAN THI ĐUA - KHEN THƯỞNG", title, "")
    rows = [
        [code, safe_text(sender), kind, (deadline, "dd/mm/yyyy")]
        for code, sender, kind, deadline in missing
    ]
    end = write_table(ws, start, ["Mã", "Đơn vị", "Loại báo cáo", "Hạn nộp"], rows)
    ws.cell(end + 2, 1, f"Còn {vn_number(len(missing))} báo cáo chưa gửi.")
    folder.mkdir(parents=True, exist_ok=True)
    save_deterministic(wb, folder / reminder_name(period))
    return missing
