"""A synthetic city: one registry, ward and block reports, with the defects real wards make.

The same seed gives byte-identical files. Every defect is listed in DEFECTS
with the ward it is planted in and the rule it should trigger, and written
to DEFECTS.md beside the files so a steward can check the pipeline finds it.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.sample.award_cases import Added, Units, add_cases
from pipelines.sample.block_reports import block_scores, write_block_report
from pipelines.sample.catalog import (
    SCHOOL_POSITIONS,
)
from pipelines.sample.city import (
    BLOCK_DEFECTS,
    DEFECTS,
    PERIODS,
    YEAR,
    City,
    Unit,
    ascii_name,
    build_city,
)
from pipelines.sample.registry import write_registry
from pipelines.sample.unit_reports import (
    Mess,
    _mess_for,
    _person,
    _proposals,
    write_unit_report,
)


def award_case_units(ward_count: int = 12, seed: int = 2026, defects: bool = True) -> Units:
    """The units `generate` gives the award cases (tests find the cases' rows by them)."""
    return _case_units(build_city(random.Random(seed), ward_count), seed, defects)


def _case_units(city: City, seed: int, defects: bool) -> Units:
    """The units the award cases name: a city block's year leader, whose FY report then
    achieves every indicator, its last member, and a ward renamed from an old code."""
    for block_index, block in enumerate(city.blocks):
        leader_index = city.wards.index(block.members[0]) if block.members[0] in city.wards else -1
        if block.level != "Thành phố" or leader_index < 0:
            continue
        planted = {
            defect
            for defect, (index, periods) in BLOCK_DEFECTS.items()
            if defects and index == block_index and "2026-FY" in periods
        }
        rng = random.Random(seed + 7 * block_index)
        _person(rng)  # the report's preparer comes first, as write_block_report draws it
        totals = {row[0]: row[-1] for row in block_scores(block, rng, planted)}
        first = max(totals, key=totals.get)
        last = min(totals, key=totals.get)
        ward = next(w for w in city.wards if w.code == first)
        mess = _mess_for(city.wards.index(ward), "2026-FY", len(city.wards)) if defects else Mess()
        if mess.unreadable or mess.over_range or mess.wrong_target or mess.duplicate:
            continue  # its FY report carries a defect that fails an indicator
        renamed = next(w for w in city.wards if w.code not in (first, last))
        return Units(
            flag=ward.name,
            last=next(w.name for w in city.wards + city.agencies if w.code == last),
            renamed=renamed.name,
            renamed_code=renamed.code,
            old_code=f"{int(renamed.code) + 1:05d}",
        )
    raise ValueError("Không có khối thi đua thành phố nào để tạo đề nghị Cờ thi đua mẫu.")


def generate(out: Path, ward_count: int = 12, seed: int = 2026, defects: bool = True) -> list[Path]:
    """Write the sample city under `out`; returns the files written.

    With defects=False every workbook is as the template asks: a clean city.
    """
    if ward_count < 2:
        raise ValueError("Cần ít nhất 2 phường để tạo khối thi đua.")
    writing = _Writing(out, seed, defects, random.Random(seed))
    writing.start(ward_count)
    for period in PERIODS:
        for index, ward in enumerate(writing.city.wards):
            writing.ward_report(period, index, ward)
        if period == "2026-FY":
            writing.school_proposals(period)
        writing.block_reports(period)
    writing.registries()
    if defects:
        writing.junk_and_notes()
    return writing.written


@dataclass
class _Writing:
    """One sample city being written: the random draws are made in one fixed order, so the
    same seed gives the same bytes."""

    out: Path
    seed: int
    defects: bool
    rng: random.Random
    city: City | None = None
    history: list[tuple] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    first_nominee: list = field(default_factory=list)
    units: Units | None = None
    cases: Added | None = None
    cases_sender: Unit | None = None

    def start(self, ward_count: int) -> None:
        self.city = build_city(self.rng, ward_count)
        # the award cases: some are meant to fail (a clean city has none)
        self.units = _case_units(self.city, self.seed, self.defects) if self.defects else None
        self.cases_sender = self.city.wards[7 % ward_count]
        self.cases = add_cases(self.units, self.cases_sender.name) if self.units else Added()
        self.history.extend(self.cases.history)

    def ward_report(self, period: str, index: int, ward: Unit) -> None:
        ward_count, defects = len(self.city.wards), self.defects
        if defects and period == "2026-H1" and index == ward_count - 1:
            return  # D02: the last ward never sends its six-month report
        mess = _mess_for(index, period, ward_count) if defects else Mess()
        proposals = self.proposals(period, index, ward)
        if period == "2026-FY" and self.units and ward.name == self.units.flag:
            mess.achieve_all = True
        folder = self.out / period / ("xa" if ward.unit_type == "Xã" else "phuong")
        stem = f"BC thi dua {ascii_name(ward.name).replace('Phuong ', 'P.')}"
        path = folder / f"{stem}.xlsx"
        if defects and period == "2026-H1" and index == 2 % ward_count:
            # D03: first version, then a fix
            first = Mess(**{**mess.__dict__, "report_date": dt.date(2026, 7, 5)})
            first.values = {"CT01": ward.targets["CT01"] - 1.5}
            write_unit_report(
                ward, period, path, random.Random(self.seed + index), first, proposals
            )
            self.written.append(path)
            mess.report_date = dt.date(2026, 7, 8)
            mess.values = {"CT01": ward.targets["CT01"] + 0.5}
            path = folder / f"{stem} (sua lan 2).xlsx"
        rng = random.Random(self.seed * 1000 + index)
        write_unit_report(ward, period, path, rng, mess, proposals)
        self.written.append(path)
        if defects and period == "2026-H1" and index == 0:  # D13: the same bytes arrive twice
            copy = self.out / "email" / "Fwd BC 6 thang.xlsx"
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
            self.written.append(copy)

    def proposals(self, period: str, index: int, ward: Unit) -> list[list]:
        """A ward's award proposals of the year, with the defects planted in them."""
        ward_count = len(self.city.wards)
        proposals = []
        if period == "2026-FY":
            proposals = _proposals(self.rng, ward, 3 + index % 4, self.history)
        if self.defects and proposals:
            if index == 0:  # D16
                proposals[0][0] = proposals[0][0].upper()
                proposals[0][2] = proposals[0][2].strftime("%d/%m/%Y")
            if index == 1 % ward_count:  # D18
                proposals[0][7], proposals[0][9] = "Lao động tiên tiến", "Hoàn thành nhiệm vụ"
            if index == 0:
                self.first_nominee = list(proposals[-1])
            if index == 5 % ward_count and index != 0:  # D20: a person ward 0 proposed too
                proposals.append(list(self.first_nominee))
            if index == 4 % ward_count:  # D19: birth-year digits of the number are wrong
                pid = str(proposals[0][4]).zfill(12)
                proposals[0][4] = f"{pid[:4]}{(int(pid[4:6]) + 7) % 100:02d}{pid[6:]}"
        if period == "2026-FY" and ward is self.cases_sender:
            proposals.extend(list(row) for row in self.cases.rows)
        return proposals

    def school_proposals(self, period: str) -> None:
        """A school has no indicators: it sends only its proposals."""
        school, seed = self.city.agencies[1], self.seed
        path = self.out / period / "truong" / f"TTr khen thuong {ascii_name(school.name)}.xlsx"
        staff = random.Random(seed + 502)
        people = _proposals(random.Random(seed + 501), school, 3, [])
        for person in people:
            person[5] = staff.choice(SCHOOL_POSITIONS)
        write_unit_report(
            school, period, path, random.Random(seed + 500), Mess(), people, indicators=False
        )
        self.written.append(path)

    def block_reports(self, period: str) -> None:
        for block_index, block in enumerate(self.city.blocks):
            path = self.out / period / "khoi" / f"Cham diem {block.code}.xlsx"
            planted = {
                defect
                for defect, (index, periods) in BLOCK_DEFECTS.items()
                if self.defects and index == block_index and period in periods
            }
            rng = random.Random(self.seed + 7 * block_index)
            write_block_report(block, period, path, rng, planted)
            self.written.append(path)

    def registries(self) -> None:
        """This year's registry, then last year's city: its registry and reports."""
        from pipelines.sample.prior_year import write_prior_year  # it builds on this module

        registry = self.out / "danh_muc" / "Danh muc thi dua 2026.xlsx"
        # each year's registry records the awards of the years before it; the two overlap,
        # as real registries do, and a record given twice counts once
        recent = [row for row in self.history if row[3] >= YEAR - 3]
        write_registry(self.city, registry, self.rng, recent)
        self.written.append(registry)
        earlier = [row for row in self.history if row[3] <= YEAR - 2]
        renamed = self.units.renamed_code if self.units else None
        self.written += write_prior_year(
            self.out, self.city, self.seed, earlier, renamed, self.defects
        )

    def junk_and_notes(self) -> None:
        from pipelines.sample.prior_year import notes

        junk = self.out / "email" / "ghi chu.xlsx"  # D14: a CSV saved with the wrong extension
        junk.parent.mkdir(parents=True, exist_ok=True)
        with junk.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(
                [["Mã đơn vị", "Ghi chú"], [self.city.wards[0].code, "gửi bổ sung"]]
            )
        self.written.append(junk)
        _write_defects(self.out, self.city)
        with (self.out / "DEFECTS.md").open("a", encoding="utf-8") as handle:
            handle.write(notes(self.city, self.units.renamed_code if self.units else None))


def _write_defects(out: Path, city: City) -> None:
    lines = [
        "# Lỗi cố ý trong dữ liệu mẫu",
        "",
        "Dữ liệu mẫu do `thidua sample` tạo ra có các lỗi sau, giống lỗi thường gặp ở phường:",
        "",
        "| mã | đơn vị | kỳ | lỗi | quy tắc phát hiện |",
        "|---|---|---|---|---|",
    ]
    for defect_id, ward_index, period, what, rule in DEFECTS:
        ward = "" if ward_index is None else city.wards[ward_index % len(city.wards)].name
        block_index = BLOCK_DEFECTS.get(defect_id, (len(city.blocks),))[0]
        if block_index < len(city.blocks):
            ward = city.blocks[block_index].name
        lines.append(f"| {defect_id} | {ward} | {period or ''} | {what} | `{rule}` |")
    (out / "DEFECTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
