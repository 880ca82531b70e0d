"""The city's official sơ kết (six months) and tổng kết (year) report as a Word draft.

Laid out per Decree 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm, Times New Roman 13-14 pt,
the issuing body beside the national heading, "Số: …/BC-UBND", place and date, the
title, the narrative with every figure from the marts, recipients and the signature
block. The Excel annex (phụ lục) is the period's consolidated workbook beside it.
The city's name and the signer come from settings (ReportSettings.from_env).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from pipelines.core.periods import period_year
from pipelines.core.values import vn_number
from pipelines.quality.rules import DIMENSION_LABELS

FONT = "Times New Roman"
DIMENSIONS = tuple(DIMENSION_LABELS.items())


@dataclass(frozen=True)
class ReportSettings:
    city: str = "……"  # "Thanh Hà": the report says "THÀNH PHỐ THANH HÀ"
    signer: str = ""  # the signer's name; blank leaves the line for the board
    signer_title: str = "CHỦ TỊCH"
    sign_for: str = "TM. ỦY BAN NHÂN DÂN"

    @classmethod
    def from_env(cls) -> ReportSettings:
        return cls(
            city=os.environ.get("THIDUA_CITY") or cls.city,
            signer=os.environ.get("THIDUA_SIGNER") or cls.signer,
            signer_title=os.environ.get("THIDUA_SIGNER_TITLE") or cls.signer_title,
            sign_for=os.environ.get("THIDUA_SIGN_FOR") or cls.sign_for,
        )

    def digest(self) -> str:
        return "|".join((self.city, self.signer, self.signer_title, self.sign_for))


def official_report_name(period: str) -> str | None:
    """The Word report a period has: sơ kết for a half year, tổng kết for a year."""
    if period.endswith("-H1"):
        return f"bao_cao_so_ket_{period}.docx"
    if period.endswith("-FY"):
        return f"bao_cao_tong_ket_{period}.docx"
    return None


def write_official_report(
    con: duckdb.DuckDBPyConnection,
    period: str,
    path: Path,
    settings: ReportSettings,
    annex: str,
    today: dt.date | None = None,
) -> Path:
    today = today or dt.date.today()
    facts = _facts(con, period)
    doc = Document()
    _page(doc)
    _heading(doc, settings, today)
    half = period.endswith("-H1")
    _title(doc, facts["period_name"], half)
    _body(doc, facts, half, annex)
    _closing(doc, settings)
    buffer = io.BytesIO()
    doc.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


# --- layout ----------------------------------------------------------------


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    # East Asian text takes its own font slot: set it too, or Word falls back
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = 1.15


def _line(cell_or_doc, text: str, size: int = 13, bold=False, italic=False, align="center"):
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    return paragraph


def _two_columns(doc, left: Mm, right: Mm):
    """A borderless two-cell row whose widths hold in Word and in LibreOffice (which reads
    the grid, not the cells)."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, (left, right), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    return table


def _heading(doc, settings: ReportSettings, today: dt.date) -> None:
    """Issuing body left, national heading right (Decree 30, appendix I, positions 1-2)."""
    table = _two_columns(doc, Mm(60), Mm(105))
    left, right = table.rows[0].cells
    _line(left, "ỦY BAN NHÂN DÂN", 13, bold=True)
    _line(left, f"THÀNH PHỐ {settings.city.upper()}", 13, bold=True)
    _line(left, "―――――", 13)
    _line(left, "Số:      /BC-UBND", 13)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    _line(right, "―――――――――――", 13)
    # Decree 30: a day below 10 and the months 1 and 2 are written with a leading zero
    month = f"{today.month:02d}" if today.month < 3 else str(today.month)
    _line(
        right,
        f"{settings.city}, ngày {today.day:02d} tháng {month} năm {today.year}",
        13,
        italic=True,
    )
    for cell in (left, right):
        first = cell.paragraphs[0]
        first._element.getparent().remove(first._element)  # the empty paragraph a cell starts with


def _title(doc, period_name: str, half: bool) -> None:
    doc.add_paragraph()
    _line(doc, "BÁO CÁO", 14, bold=True)
    kind = "Sơ kết" if half else "Tổng kết"
    _line(doc, f"{kind} công tác thi đua, khen thưởng {period_name.lower()}", 14, bold=True)
    _line(doc, "――――――", 14)


def _section(doc, text: str) -> None:
    paragraph = _line(doc, text, 14, bold=True, align="left")
    paragraph.paragraph_format.space_before = Pt(6)


def _para(doc, text: str) -> None:
    paragraph = _line(doc, text, 14, align="justify")
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.space_after = Pt(6)


def _closing(doc, settings: ReportSettings) -> None:
    doc.add_paragraph()
    table = _two_columns(doc, Mm(80), Mm(85))
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", 12, bold=True, italic=True, align="left")
    for recipient in (
        "- Ban Thi đua - Khen thưởng (để b/c);",
        "- Thường trực HĐND thành phố;",
        "- Chủ tịch, các Phó Chủ tịch UBND thành phố;",
        "- UBND các phường, xã;",
        "- Lưu: VT, TĐKT.",
    ):
        _line(left, recipient, 11, align="left")
    _line(right, settings.sign_for, 14, bold=True)
    _line(right, settings.signer_title, 14, bold=True)
    for _ in range(4):
        _line(right, "", 14)
    _line(
        right,
        settings.signer or "(ký, ghi rõ họ tên)",
        14,
        bold=bool(settings.signer),
        italic=not settings.signer,
    )
    for cell in (left, right):
        first = cell.paragraphs[0]
        first._element.getparent().remove(first._element)


# --- what it says ----------------------------------------------------------


def _body(doc, facts: dict, half: bool, annex: str) -> None:
    _section(doc, "I. KẾT QUẢ THỰC HIỆN")
    _section(doc, "1. Tình hình gửi báo cáo")
    sent, expected, late, missing = facts["submissions"]
    text = (
        f"Kỳ {facts['period_name'].lower()}, {n(sent)}/{n(expected)} đơn vị đã gửi báo cáo"
        f" ({pct(sent, expected)}), trong đó {n(late)} đơn vị gửi sau hạn."
    )
    if missing:
        text += f" Còn {n(missing)} đơn vị chưa gửi: {', '.join(facts['missing_names'])}."
    _para(doc, text)
    if facts["edition"]:  # the figures below are the ones the board announced
        number, day = facts["edition"]
        _para(
            doc,
            f"Số liệu kết quả chỉ tiêu và chấm điểm thi đua dưới đây là số liệu đã công bố"
            f" (lần {n(number)}, ngày {day:%d/%m/%Y}).",
        )
    _results(doc, facts)
    _awards_and_quality(doc, facts)
    _section(doc, "II. ĐÁNH GIÁ CHUNG")
    _para(doc, _assessment(facts))
    _section(
        doc,
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ "
        + ("6 THÁNG CUỐI NĂM" if half else f"NĂM {facts['year'] + 1}"),
    )
    _para(
        doc,
        "Đôn đốc các đơn vị chưa gửi, gửi muộn hoặc có lỗi dữ liệu hoàn thiện báo cáo; tập trung"
        " chỉ đạo các chỉ tiêu có tỷ lệ đạt thấp; tổ chức bình xét, đề nghị khen thưởng đúng"
        " quy định của Luật Thi đua, khen thưởng năm 2022 và Nghị định 152/2025/NĐ-CP.",
    )
    _para(doc, f"(Kèm theo Phụ lục số liệu: tệp {annex}.)")


def _results(doc, facts: dict) -> None:
    """Sections I.2 and I.3: the indicators and the emulation blocks."""
    _section(doc, "2. Kết quả thực hiện các chỉ tiêu")
    wards, achieved_all = facts["wards"]
    _para(
        doc,
        f"Có {n(wards)} phường, xã có báo cáo được tiếp nhận; {n(achieved_all)} đơn vị đạt tất cả"
        " các chỉ tiêu được giao.",
    )
    if facts["leaders"]:
        _para(doc, "Các đơn vị dẫn đầu về số chỉ tiêu đạt: " + "; ".join(facts["leaders"]) + ".")
    if facts["weak_measures"]:
        _para(
            doc,
            "Các chỉ tiêu có tỷ lệ phường, xã đạt thấp nhất: "
            + "; ".join(facts["weak_measures"])
            + ".",
        )
    _section(doc, "3. Phong trào thi đua theo khối")
    if facts["blocks"]:
        _para(
            doc,
            f"{n(len(facts['blocks']))} khối thi đua đã chấm điểm. Đơn vị dẫn đầu (theo điểm tính"
            " lại): " + "; ".join(facts["blocks"]) + ".",
        )
    else:
        _para(doc, "Chưa có khối thi đua nào gửi kết quả chấm điểm trong kỳ.")


def _awards_and_quality(doc, facts: dict) -> None:
    """Sections I.4 and I.5: the award proposals and the data's quality."""
    year = facts["year"]
    _section(doc, "4. Công tác khen thưởng")
    total, eligible, ineligible, review = facts["awards"]
    _para(
        doc,
        f"Năm {year}, các đơn vị đề nghị khen thưởng {n(total)} trường hợp: {n(eligible)} đủ điều"
        f" kiện, {n(ineligible)} không đủ điều kiện, {n(review)} cần Ban Thi đua - Khen thưởng"
        " xem xét thêm.",
    )
    for level, count, amount in facts["award_levels"]:
        _para(
            doc,
            f"{level}: {n(count)} danh hiệu, hình thức đủ điều kiện; tiền thưởng dự kiến"
            f" {n(amount)} đồng.",
        )
    _section(doc, "5. Chất lượng dữ liệu")
    _para(
        doc,
        f"Hệ thống ghi nhận {n(facts['errors'])} lỗi và {n(facts['warnings'])} cảnh báo trong"
        " các tệp của kỳ; theo từng tiêu chí: " + "; ".join(facts["dimensions"]) + ".",
    )


def _assessment(facts: dict) -> str:
    sent, expected, late, missing = facts["submissions"]
    wards, achieved_all = facts["wards"]
    parts = [f"Tỷ lệ đơn vị gửi báo cáo đạt {pct(sent, expected)}"]
    if wards:
        parts.append(f"{pct(achieved_all, wards)} phường, xã đạt tất cả chỉ tiêu")
    text = "; ".join(parts) + "."
    if missing or late:
        text += (
            f" Hạn chế: còn {n(missing)} đơn vị chưa gửi và {n(late)} đơn vị gửi sau hạn,"
            " cần chấn chỉnh."
        )
    return text


# What the report says, each from one query: name → (one row or all, SQL, by period or year).
FACT_QUERIES = {
    "name": (
        "one",
        """select period_name from marts.mart_periods where period_code = ?""",
        "period",
    ),
    "submissions": (
        "one",
        """select count(*) filter (where submitted), count(*), count(*) filter (where days_late > 0), count(*) filter (where not submitted) from marts.mart_submission_status where period_code = ?""",
        "period",
    ),
    "missing": (
        "many",
        """select sender_name from marts.mart_submission_status where period_code = ? and not submitted order by sender_name""",
        "period",
    ),
    "wards": (
        "one",
        """select count(*), count(*) filter (where has_achieved_all) from marts.mart_ward_scorecard where period_code = ?""",
        "period",
    ),
    "leaders": (
        "many",
        """select ward_name, indicators_achieved, indicators_total from marts.mart_ward_scorecard where period_code = ? and rank_in_city <= 3 order by rank_in_city, ward_name""",
        "period",
    ),
    "weak": (
        "many",
        """select measure_name, wards_achieved, wards_reporting from marts.mart_indicator_city_summary where period_code = ? and wards_reporting > 0 order by achieved_pct, measure_code limit 3""",
        "period",
    ),
    "blocks": (
        "many",
        """select block_code, string_agg(unit_name, ', ' order by unit_name), any_value(total_score) from marts.mart_covenant_scores where period_code = ? and is_leading_unit group by block_code order by block_code""",
        "period",
    ),
    "awards": (
        "one",
        """select count(*), count(*) filter (where eligibility_status = 'eligible'), count(*) filter (where eligibility_status = 'ineligible'), count(*) filter (where eligibility_status = 'needs_review') from marts.mart_award_proposals where year = ?""",
        "year",
    ),
    "levels": (
        "many",
        """select level_name, sum(total), sum(amount_vnd) from marts.mart_award_statistics where year = ? group by level_name, level_order order by level_order""",
        "year",
    ),
    "issues": (
        "one",
        """select count(*) filter (where severity = 'error'), count(*) filter (where severity = 'warning') from quality.dq_issues where period_code = ?""",
        "period",
    ),
    "by_dimension": (
        "many",
        """select dimension, count(*) from quality.dq_issues where period_code = ? and severity <> 'info' group by dimension""",
        "period",
    ),
    "edition": (
        "one",
        """select edition, published_at from marts.mart_period_editions where period_code = ? and is_in_force""",
        "period",
    ),
}


def _facts(con: duckdb.DuckDBPyConnection, period: str) -> dict:
    year = period_year(period)
    got = {}
    for key, (fetch, sql, by) in FACT_QUERIES.items():
        cursor = con.execute(sql, [period if by == "period" else year])
        got[key] = cursor.fetchone() if fetch == "one" else cursor.fetchall()
    name, issues, by_dimension = got["name"], got["issues"], dict(got["by_dimension"])
    return {
        "year": year,
        "edition": got["edition"],
        "period_name": name[0] if name else period,
        "submissions": got["submissions"],
        "missing_names": [row[0] for row in got["missing"]],
        "wards": got["wards"],
        "leaders": [f"{w} ({n(a)}/{n(t)} chỉ tiêu)" for w, a, t in got["leaders"]],
        "weak_measures": [f"{m} ({n(a)}/{n(r)} đơn vị đạt)" for m, a, r in got["weak"]],
        "blocks": [f"khối {b}: {u} ({n(s)} điểm)" for b, u, s in got["blocks"]],
        "awards": got["awards"],
        "award_levels": got["levels"],
        "errors": issues[0],
        "warnings": issues[1],
        "dimensions": [f"{label} {n(by_dimension.get(code, 0))}" for code, label in DIMENSIONS],
    }


def n(value: float | int | None) -> str:
    """1.048.576; 12,5."""
    return vn_number(value or 0, decimals=1)


def pct(part: int, whole: int) -> str:
    return f"{vn_number(100 * part / whole, decimals=1)}%" if whole else "0%"
