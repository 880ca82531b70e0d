"""An emulation block's scoring workbook."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook

from pipelines.core.xlsx_out import (
    national_heading,
    save_deterministic,
    signature_block,
    write_table,
)
from pipelines.sample.catalog import (
    CRITERIA,
)
from pipelines.sample.city import (
    ALL_PERIODS,
    Block,
)
from pipelines.sample.unit_reports import (
    _person,
)


def block_scores(block: Block, rng: random.Random, defects: set[str]) -> list[list]:
    """Each member's row of ChamDiem: code, name, criteria, bonus, penalty, true total."""
    scored = []
    for index, member in enumerate(block.members):
        parts = [round(rng.uniform(0.7, 1.0) * c[3] * 2) / 2 for c in CRITERIA]
        if "D21" in defects and index == 0:  # 5 points over TC02's maximum, and in the total
            parts[1] = CRITERIA[1][3] + 5.0
        bonus, penalty = float(rng.choice([0, 0.5, 1, 2])), float(rng.choice([0, 0, 0.5, 1]))
        scored.append(
            [member.code, member.name, *parts, bonus, penalty, sum(parts) + bonus - penalty]
        )
    return scored


def write_block_report(
    block: Block, period: str, path: Path, rng: random.Random, defects: set[str]
) -> None:
    """A block's report; `defects` (of BLOCK_DEFECTS) planted in it."""
    name, _, _, _, on_time = ALL_PERIODS[period]
    wb = Workbook()
    _info_sheet(wb, block, name, on_time, rng)
    _criteria_sheet(wb, block)
    _scores_sheet(wb, block, name, on_time, rng, defects)
    _covenant_sheet(wb, block, period, rng, defects)
    save_deterministic(wb, path)


def _info_sheet(wb: Workbook, block: Block, name: str, on_time: dt.date, rng) -> None:
    info = wb.active
    info.title = "ThongTin"
    national_heading(
        info, 4, block.leader.name.upper(), "BÁO CÁO CHẤM ĐIỂM THI ĐUA KHỐI", "Số: ……/BC-KTĐ"
    )
    labels = [
        ("Mã khối", block.code),
        ("Tên khối", block.name),
        ("Kỳ báo cáo", name),
        ("Ngày báo cáo", on_time),
        ("Đơn vị khối trưởng", block.leader.code),
        ("Người lập", _person(rng)[0]),
    ]
    for offset, (label, value) in enumerate(labels, start=6):
        info.cell(offset, 1, label)
        info.cell(offset, 2, value)


def _criteria_sheet(wb: Workbook, block: Block) -> None:
    ws = wb.create_sheet("TieuChi")
    start = national_heading(
        ws, 5, block.name.upper(), "TIÊU CHÍ VÀ THANG ĐIỂM", "Kèm theo Giao ước"
    )
    write_table(
        ws,
        start,
        ["STT", "Mã tiêu chí", "Nội dung", "Nhóm", "Điểm tối đa"],
        [[i, *c] for i, c in enumerate(CRITERIA, 1)],
        widths=[5, 10, 50, 22, 10],
    )


def _scores_sheet(wb: Workbook, block: Block, name: str, on_time: dt.date, rng, defects) -> None:
    ws = wb.create_sheet("ChamDiem")
    codes = [c[0] for c in CRITERIA]
    headers = [
        "STT",
        "Mã đơn vị",
        "Tên đơn vị",
        *codes,
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
        "Xếp hạng",
    ]
    scored = block_scores(block, rng, defects)
    ranks = sorted(range(len(scored)), key=lambda i: -scored[i][-1])
    totals = [row[-1] for row in scored]
    for row in scored:  # equal totals share a rank (1, 2, 2, 4), as the city ranks them
        row.append(1 + sum(1 for total in totals if total > row[-1]))
    if "D15" in defects:  # the last-ranked member reports five points more and first place
        last = ranks[-1]
        scored[last][-2] += 5
        scored[last][-1] = 1
    start = national_heading(
        ws, len(headers), block.name.upper(), f"BẢNG CHẤM ĐIỂM {name.upper()}", ""
    )
    end = write_table(ws, start, headers, [[i, *row] for i, row in enumerate(scored, 1)])
    signature_block(
        ws, end, len(headers), f"Thanh Hà, ngày … tháng … năm {on_time.year}", block.leader.name
    )


def _covenant_sheet(wb: Workbook, block: Block, period: str, rng, defects: set[str]) -> None:
    ws = wb.create_sheet("GiaoUoc")
    start = national_heading(ws, 4, block.name.upper(), "DANH SÁCH KÝ GIAO ƯỚC THI ĐUA", "")
    write_table(
        ws,
        start,
        ["STT", "Mã đơn vị", "Ngày ký", "Người ký"],
        [
            [i, m.code, (dt.date(int(period[:4]), 3, 10), "dd/mm/yyyy"), _person(rng)[0]]
            for i, m in enumerate(block.members, 1)
        ][: -1 if "D22" in defects else None],  # D22: the last member has not signed
    )
