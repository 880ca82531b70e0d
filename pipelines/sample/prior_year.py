"""Last year in the sample city: the 2025 registry and reports, so the warehouse holds two.

2025 is the year of the reorganisation. On 1 July 2025 one ward took a new code (a rename:
its figures and its award history follow it) and two wards merged into a new one (its
figures before the merger stay blank, never summed). The old wards report the first half
of 2025 only, the new ones from the annual report on. The first two city blocks trade
their last members between the years. One ward's annual report for 2025 arrives in March
2026, late, and is judged by the 2025 registry all the same.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from pathlib import Path

from pipelines.core.indicators import MEASURES
from pipelines.sample.block_reports import write_block_report
from pipelines.sample.city import (
    PRIOR_PERIODS,
    PRIOR_YEAR,
    City,
    Unit,
    _assigned_target,
    ascii_name,
)
from pipelines.sample.registry import write_registry
from pipelines.sample.unit_reports import Mess, write_unit_report

EFFECTIVE = dt.date(PRIOR_YEAR, 7, 1)
# the annual report sent in March of the next year (Reorganisation.late)
LATE_REPORT_DATE = dt.date(PRIOR_YEAR + 1, 3, 5)


@dataclass
class Reorganisation:
    renamed: Unit  # this year's ward that had another code before 1 July 2025
    old: Unit  # that code
    merged: Unit  # this year's ward made of two
    parts: tuple[Unit, Unit]  # the two
    late: Unit  # the ward whose 2025 annual report came in March 2026

    @property
    def mergers(self) -> list[tuple]:
        """The SapNhapDonVi rows of the 2025 registry."""
        return [(self.old.code, self.renamed.code, EFFECTIVE)] + [
            (part.code, self.merged.code, EFFECTIVE) for part in self.parts
        ]


def reorganisation(city: City, renamed_code: str | None = None) -> Reorganisation:
    """renamed_code: the ward the award cases know by an old code (award_cases.Units)."""
    wards = city.wards
    renamed = next((w for w in wards if w.code == renamed_code), wards[3 % len(wards)])
    merged = next(w for w in wards[4 % len(wards) :] + wards if w is not renamed)
    late = next(w for w in wards[1:] + wards if w not in (renamed, merged))

    def before(code: int, name: str, kind: str = "Phường") -> Unit:
        return Unit(f"{code:05d}", name, kind)

    return Reorganisation(
        renamed=renamed,
        old=before(int(renamed.code) + 1, "Phường Đông Hải"),
        merged=merged,
        parts=(
            before(int(merged.code) + 1, "Phường Hải Thành"),
            before(int(merged.code) + 2, "Xã Phú Lộc", "Xã"),
        ),
        late=late,
    )


def _last_year_city(city: City, change: Reorganisation, rng: random.Random) -> City:
    """The 2025 registry's units (old codes included), targets and blocks."""
    wards = [
        replace(ward, targets={m[0]: _assigned_target(rng, m[0], m[3], m[5]) for m in MEASURES})
        for ward in [*city.wards, change.old, *change.parts]
    ]
    by_code = {ward.code: ward for ward in wards}
    blocks = [
        replace(block, members=[by_code.get(m.code, m) for m in block.members])
        for block in city.blocks
    ]
    city_blocks = [b for b in blocks if b.level == "Thành phố"]
    if len(city_blocks) >= 2 and len(city_blocks[0].members) > 2:
        first, second = city_blocks[0], city_blocks[1]
        first.members[-1], second.members[-1] = second.members[-1], first.members[-1]
    return City(wards, city.agencies, blocks)


def _senders(city: City, change: Reorganisation, period: str) -> list[Unit]:
    """Who reports the period: the old wards before the reorganisation, the new after."""
    if PRIOR_PERIODS[period][2] < EFFECTIVE:
        gone = {change.renamed.code, change.merged.code}
    else:
        gone = {change.old.code, *(part.code for part in change.parts)}
    return [ward for ward in city.wards if ward.code not in gone]


def write_prior_year(
    out: Path,
    city: City,
    seed: int,
    history: list[tuple],
    renamed_code: str | None,
    defects: bool = True,
) -> list[Path]:
    """The 2025 registry (with the award history up to 2024 and the reorganisation) and
    every 2025 report; returns the files written. A clean city sends every report on time."""
    change = reorganisation(city, renamed_code)
    rng = random.Random(seed + PRIOR_YEAR)
    last = _last_year_city(city, change, rng)
    written = []
    registry = out / "danh_muc" / f"Danh muc thi dua {PRIOR_YEAR}.xlsx"
    write_registry(
        last, registry, rng, history, change.mergers, year=PRIOR_YEAR, periods=PRIOR_PERIODS
    )
    written.append(registry)
    for period in PRIOR_PERIODS:
        for index, ward in enumerate(_senders(last, change, period)):
            mess = Mess()
            if defects and period.endswith("FY") and ward.code == change.late.code:
                mess.report_date = LATE_REPORT_DATE
            folder = out / period / ("xa" if ward.unit_type == "Xã" else "phuong")
            path = folder / f"BC {period} {ascii_name(ward.name).replace('Phuong ', 'P.')}.xlsx"
            write_unit_report(ward, period, path, random.Random(seed + 3000 + index), mess, [])
            written.append(path)
        for index, block in enumerate(last.blocks):
            path = out / period / "khoi" / f"Cham diem {block.code} {period}.xlsx"
            write_block_report(block, period, path, random.Random(seed + 4000 + index), set())
            written.append(path)
    return written


def notes(city: City, renamed_code: str | None) -> str:
    """The 2025 year of the sample, for DEFECTS.md: what each year-boundary rule meets."""
    change = reorganisation(city, renamed_code)
    parts = " và ".join(f"{p.name} ({p.code})" for p in change.parts)
    return "\n".join(
        [
            "",
            f"## Năm {PRIOR_YEAR}: sắp xếp đơn vị, báo cáo muộn, khối thay đổi thành viên",
            "",
            f"- Từ {EFFECTIVE:%d/%m/%Y}, {change.old.name} ({change.old.code}) đổi mã thành "
            f"{change.renamed.code} ({change.renamed.name}): số liệu năm trước đi theo mã mới.",
            f"- {parts} sáp nhập thành {change.merged.name} ({change.merged.code}): số liệu "
            "6 tháng đầu năm trước của đơn vị mới để trống, không cộng dồn.",
            f"- Báo cáo năm {PRIOR_YEAR} của {change.late.name} gửi ngày "
            f"{LATE_REPORT_DATE:%d/%m/%Y} (muộn), vẫn được đánh giá theo danh mục năm "
            f"{PRIOR_YEAR}.",
            "- Khối K01 và K02 đổi thành viên cuối cho nhau giữa hai năm.",
            "",
        ]
    )
