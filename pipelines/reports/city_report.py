"""The consolidated Excel report of a period for the city: one sheet per table it files.

Every sheet carries the official heading (Quốc hiệu, tiêu ngữ, title, period), frozen
headers, filters, number formats and A4-landscape print setup fitted to the page width.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipelines.core.xlsx_out import safe_text, write_table
from pipelines.core.xlsx_rows import StyleCache, restyle, save_workbook
from pipelines.reports.official_report import ReportSettings

ACHIEVED = PatternFill("solid", fgColor="C6EFCE")
NOT_ACHIEVED = PatternFill("solid", fgColor="FFC7CE")
MISSING = PatternFill("solid", fgColor="D9D9D9")
LEADER = PatternFill("solid", fgColor="FFEB9C")


def _heading(ws: Worksheet, width: int, title: str, period_name: str) -> int:
    """The annex's heading: the issuing body beside the national heading, the title and
    the report it is attached to (the official Word report of the period)."""
    width = max(width, 6)
    half = width // 2
    city = ReportSettings.from_env().city
    cells = [
        (1, 1, half, "ỦY BAN NHÂN DÂN"),
        (2, 1, half, f"THÀNH PHỐ {city.upper()}"),
        (1, half + 1, width, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (2, half + 1, width, "Độc lập - Tự do - Hạnh phúc"),
        (4, 1, width, f"PHỤ LỤC: {title}"),
        (
            5,
            1,
            width,
            f"Kỳ báo cáo: {period_name}. (Kèm theo Báo cáo số      /BC-UBND ngày    tháng"
            f"    năm     của Ủy ban nhân dân thành phố {city})",
        ),
    ]
    for row, first, last, text in cells:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        cell = ws.cell(row, first, text)
        # a narrow sheet wraps the headings onto two lines rather than cut them
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.font = Font(name="Times New Roman", bold=row != 5, size=13 if row == 4 else 11)
    for row in (1, 2, 5):
        ws.row_dimensions[row].height = 30
    return 7


def _table(
    ws: Worksheet,
    start: int,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    formats: dict[int, str] | None = None,
    widths: Sequence[int] | None = None,
) -> int:
    """The shared table layout (xlsx_out.write_table), plus filters and print setup.

    Text from senders is neutralised here: Excel must show "=…" typed by a ward, not run it.
    """
    formats = formats or {}
    styled = [
        [
            (safe_text(value), formats[col]) if col in formats else safe_text(value)
            for col, value in enumerate(row, 1)
        ]
        for row in rows
    ]
    write_table(ws, start, headers, styled, number_row=False, widths=widths, defer=True)
    last = start + max(len(rows), 1)
    ws.auto_filter.ref = f"A{start}:{get_column_letter(len(headers))}{last}"
    _print_setup(ws, start)
    return last


def _print_setup(ws: Worksheet, header_row: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[tuple]:
    return con.execute(sql, params).fetchall()


def write_city_report(con: duckdb.DuckDBPyConnection, period: str, path: Path) -> Path:
    name_row = con.execute(
        "select period_name from marts.mart_periods where period_code = ?", [period]
    ).fetchone()
    period_name = name_row[0] if name_row else period
    year = int(period[-4:]) if period.startswith("SY") else int(period[:4])
    edition = con.execute(
        """select edition, published_at, pending_changes from marts.mart_period_editions
           where period_code = ? and is_in_force""",
        [period],
    ).fetchone()
    if edition:  # every sheet says the figures are the announced ones
        period_name += f", số liệu đã công bố lần {edition[0]} ngày {edition[1]:%d/%m/%Y}"
    wb = Workbook()
    _overview(wb.active, con, period, period_name)
    _matrix(wb.create_sheet("KetQuaChiTieu"), con, period, period_name)
    _ranking(wb.create_sheet("XepHangPhuong"), con, period, period_name)
    _summary(wb.create_sheet("TongHopChiTieu"), con, period, period_name)
    _blocks(wb.create_sheet("XepHangKhoi"), con, period, period_name)
    _awards(wb.create_sheet("KhenThuong"), con, year, period_name)
    _award_statistics(wb.create_sheet("ThongKeKhenThuong"), con, year, period_name)
    _submissions(wb.create_sheet("GuiBaoCao"), con, period, period_name)
    _quality(wb.create_sheet("ChatLuongDuLieu"), con, period, period_name)
    if edition and edition[2]:
        _corrections(wb.create_sheet("DinhChinhChoCongBo"), con, period, period_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(save_workbook(wb))
    return path


def _overview(ws: Worksheet, con, period: str, period_name: str) -> None:
    ws.title = "TongQuan"
    start = _heading(ws, 4, "BÁO CÁO TỔNG HỢP KẾT QUẢ THI ĐUA, KHEN THƯỞNG", period_name)
    status = con.execute(
        """select count(*), count(*) filter (where submitted),
                  count(*) filter (where days_late > 0), count(*) filter (where not submitted)
           from marts.mart_submission_status where period_code = ?""",
        [period],
    ).fetchone()
    wards = con.execute(
        """select count(*), count(*) filter (where has_achieved_all)
           from marts.mart_ward_scorecard where period_code = ?""",
        [period],
    ).fetchone()
    awards = con.execute(
        """select count(*), count(*) filter (where eligibility_status = 'eligible'),
                  count(*) filter (where eligibility_status = 'ineligible')
           from marts.mart_award_proposals where year = ?""",
        [int(period[:4]) if not period.startswith("SY") else int(period[-4:])],
    ).fetchone()
    rows = [
        ("Đơn vị phải gửi báo cáo", status[0]),
        ("Đã gửi", status[1]),
        ("Gửi muộn", status[2]),
        ("Chưa gửi", status[3]),
        ("Phường, xã có báo cáo được tiếp nhận", wards[0]),
        ("Phường, xã đạt tất cả chỉ tiêu", wards[1]),
        ("Đề nghị khen thưởng trong năm", awards[0]),
        ("Đủ điều kiện", awards[1]),
        ("Không đủ điều kiện", awards[2]),
        ("Ngày lập báo cáo", dt.date.today()),
    ]
    _table(ws, start, ["Nội dung", "Số lượng"], rows, {2: "#,##0"}, [48, 18])
    restyle(ws, StyleCache(), start + len(rows), 2, number_format="dd/mm/yyyy")


def _matrix(ws: Worksheet, con, period: str, period_name: str) -> None:
    measures = [
        r[0]
        for r in _rows(
            con,
            # the catalog of the registry that judges the period (its own year's)
            """select measure_code from marts.mart_indicator_catalog
               where registry_year = (select registry_year from marts.mart_periods
                                      where period_code = ?)
               order by measure_code""",
            [period],
        )
    ]
    data = _rows(
        con,
        """select ward_code, ward_name, measure_code, actual_value, is_achieved, is_reported
           from marts.mart_indicator_results where period_code = ? order by ward_code""",
        [period],
    )
    wards: dict[str, dict] = {}
    for code, name, measure, actual, achieved, reported in data:
        wards.setdefault(code, {"name": name})[measure] = (actual, achieved, reported)
    headers = ["Mã", "Phường, xã", *measures]
    start = _heading(
        ws, len(headers), "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THEO PHƯỜNG, XÃ", period_name
    )
    rows = [
        [code, values["name"], *(values.get(m, (None,))[0] for m in measures)]
        for code, values in wards.items()
    ]
    _table(
        ws,
        start,
        headers,
        rows,
        {c: "#,##0.0#" for c in range(3, len(headers) + 1)},
        [8, 24] + [9] * len(measures),
    )
    styles = StyleCache()
    for offset, values in enumerate(wards.values(), start=1):
        for col, measure in enumerate(measures, start=3):
            _, achieved, reported = values.get(measure, (None, False, False))
            fill = ACHIEVED if achieved else (NOT_ACHIEVED if reported else MISSING)
            restyle(ws, styles, start + offset, col, fill=fill)
    note = start + len(rows) + 2
    ws.cell(note, 2, "Xanh: đạt; đỏ: chưa đạt; xám: chưa báo cáo hoặc số liệu bị loại.")


def _ranking(ws: Worksheet, con, period: str, period_name: str) -> None:
    rows = _rows(
        con,
        """select rank_in_city, ward_code, ward_name, indicators_achieved, indicators_total
           from marts.mart_ward_scorecard where period_code = ? order by rank_in_city, ward_name""",
        [period],
    )
    start = _heading(ws, 5, "XẾP HẠNG PHƯỜNG, XÃ THEO SỐ CHỈ TIÊU ĐẠT", period_name)
    last = _table(
        ws,
        start,
        ["Hạng", "Mã", "Phường, xã", "Chỉ tiêu đạt", "Tổng chỉ tiêu"],
        rows,
        None,
        [8, 10, 28, 14, 14],
    )
    if rows:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Số chỉ tiêu đạt theo phường, xã"
        chart.y_axis.title = "Chỉ tiêu đạt"
        chart.add_data(Reference(ws, min_col=4, min_row=start, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=3, min_row=start + 1, max_row=last))
        chart.height, chart.width = max(8, 0.9 * len(rows)), 16  # room for every label
        chart.legend = None
        # every ward labelled, top to bottom in the table's order
        chart.x_axis.tickLblSkip = 1
        chart.x_axis.scaling.orientation = "maxMin"
        chart.x_axis.delete = chart.y_axis.delete = False
        ws.add_chart(chart, "G7")


def _summary(ws: Worksheet, con, period: str, period_name: str) -> None:
    rows = _rows(
        con,
        """select measure_code, measure_name, wards_reporting, wards_achieved, achieved_pct / 100
           from marts.mart_indicator_city_summary where period_code = ? order by measure_code""",
        [period],
    )
    start = _heading(ws, 5, "TỔNG HỢP KẾT QUẢ THEO CHỈ TIÊU TOÀN THÀNH PHỐ", period_name)
    _table(
        ws,
        start,
        ["Mã", "Chỉ tiêu", "Số phường báo cáo", "Số phường đạt", "Tỷ lệ đạt"],
        rows,
        {5: "0.0%"},
        [9, 60, 16, 14, 12],
    )


def _blocks(ws: Worksheet, con, period: str, period_name: str) -> None:
    rows = _rows(
        con,
        """select block_code, rank_in_block, unit_code, unit_name, total_score, max_score,
                  reported_total, reported_rank,
                  case when is_leading_unit then 'Dẫn đầu khối' end
           from marts.mart_covenant_scores where period_code = ?
           order by block_code, rank_in_block, unit_code""",
        [period],
    )
    headers = [
        "Khối",
        "Hạng",
        "Mã",
        "Đơn vị",
        "Tổng điểm (tính lại)",
        "Điểm tối đa",
        "Tổng điểm khối báo",
        "Hạng khối báo",
        "Ghi chú",
    ]
    start = _heading(ws, len(headers), "XẾP HẠNG THI ĐUA THEO KHỐI", period_name)
    _table(
        ws,
        start,
        headers,
        rows,
        {5: "0.0", 6: "0.0", 7: "0.0"},
        [12, 7, 10, 34, 14, 12, 14, 12, 16],
    )
    styles = StyleCache()
    for offset, row in enumerate(rows, start=1):
        if row[8]:
            for col in range(1, len(headers) + 1):
                restyle(ws, styles, start + offset, col, fill=LEADER)


def _awards(ws: Worksheet, con, year: int, period_name: str) -> None:
    rows = _rows(
        con,
        """select sender_code, nominee_name, award_name, rating,
                  case eligibility_status when 'eligible' then 'Đủ điều kiện'
                       when 'ineligible' then 'Không đủ điều kiện' else 'Cần xem xét' end,
                  reasons
           from marts.mart_award_proposals where year = ?
           order by eligibility_status desc, sender_code, nominee_name""",
        [year],
    )
    headers = [
        "Đơn vị đề nghị",
        "Họ tên / Tập thể",
        "Danh hiệu / Hình thức",
        "Xếp loại",
        "Kết quả xét",
        "Lý do",
    ]
    start = _heading(
        ws, len(headers), f"ĐỀ NGHỊ KHEN THƯỞNG NĂM {year} VÀ KẾT QUẢ XÉT ĐIỀU KIỆN", period_name
    )
    _table(ws, start, headers, rows, None, [12, 26, 30, 26, 18, 70])
    styles, wrap = StyleCache(), Alignment(wrap_text=True, vertical="top")
    for offset, row in enumerate(rows, start=1):
        restyle(ws, styles, start + offset, 6, alignment=wrap)
        # a wrapped reason grows its row only if the row says how tall
        lines = -(-len(row[5] or "") // 75)
        ws.row_dimensions[start + offset].height = 15 * max(lines, 1)


def _award_statistics(ws: Worksheet, con, year: int, period_name: str) -> None:
    rows = _rows(
        con,
        """select level_name, award_name, collectives, households, leaders, workers, total,
                  amount_vnd
           from marts.mart_award_statistics where year = ?
           order by level_order, award_name""",
        [year],
    )
    headers = [
        "Cấp khen",
        "Danh hiệu / Hình thức",
        "Tập thể",
        "Hộ gia đình",
        "Cá nhân lãnh đạo",
        "Cá nhân trực tiếp",
        "Tổng số",
        "Tiền thưởng (đồng)",
    ]
    start = _heading(
        ws,
        len(headers),
        f"THỐNG KÊ KHEN THƯỞNG NĂM {year} (theo biểu 0601-0605, TT 02/2023/TT-BNV)",
        period_name,
    )
    _table(ws, start, headers, rows, {8: "#,##0"}, [16, 34, 10, 12, 14, 14, 10, 18])
    note = start + len(rows) + 2
    ws.cell(
        note,
        1,
        "Chỉ tính đề nghị đủ điều kiện; loại khen: thường xuyên. Tiền thưởng = hệ số × mức lương cơ sở, làm tròn lên 10.000 đồng; một người nhiều danh hiệu cùng kỳ chỉ nhận mức cao nhất (Nghị định 152/2025/NĐ-CP, Điều 50).",
    )


def _submissions(ws: Worksheet, con, period: str, period_name: str) -> None:
    rows = _rows(
        con,
        """select sender_code, sender_name,
                  case workbook_kind when 'unit_report' then 'Báo cáo đơn vị' else 'Báo cáo khối' end,
                  case when submitted then 'Đã gửi' else 'Chưa gửi' end,
                  submitted_on, deadline, days_late, versions
           from marts.mart_submission_status where period_code = ?
           order by submitted, days_late desc, sender_code""",
        [period],
    )
    headers = [
        "Mã",
        "Đơn vị",
        "Loại báo cáo",
        "Tình trạng",
        "Ngày báo cáo",
        "Hạn nộp",
        "Số ngày muộn",
        "Số lần gửi",
    ]
    start = _heading(ws, len(headers), "TÌNH HÌNH GỬI BÁO CÁO", period_name)
    _table(
        ws,
        start,
        headers,
        rows,
        {5: "dd/mm/yyyy", 6: "dd/mm/yyyy"},
        [12, 34, 16, 12, 14, 12, 12, 10],
    )


def _corrections(ws: Worksheet, con, period: str, period_name: str) -> None:
    """Figures data received after the announcement would change, until it is published
    again (mart_published_changes)."""
    rows = _rows(
        con,
        """select sender_code, sender_name, figure_label, item_code, value_published, value_now,
                  source_file, source_cell
           from marts.mart_published_changes where period_code = ?
           order by sender_code, figure, item_code""",
        [period],
    )
    headers = ["Mã", "Đơn vị", "Số liệu", "Mã mục", "Đã công bố", "Theo số liệu mới", "Tệp", "Ô"]
    start = _heading(ws, len(headers), "ĐÍNH CHÍNH CHỜ CÔNG BỐ", period_name)
    _table(
        ws, start, headers, rows, {5: "#,##0.0#", 6: "#,##0.0#"}, [10, 28, 20, 10, 12, 14, 40, 8]
    )


def _quality(ws: Worksheet, con, period: str, period_name: str) -> None:
    rows = _rows(
        con,
        """select sender_code,
                  max(rows_checked),
                  max(pass_rate) filter (where dimension = 'dung'),
                  max(pass_rate) filter (where dimension = 'du'),
                  max(pass_rate) filter (where dimension = 'sach'),
                  max(pass_rate) filter (where dimension = 'song')
           from marts.mart_dq_scorecard where period_code = ?
           group by sender_code order by sender_code""",
        [period],
    )
    headers = ["Đơn vị", "Số dòng kiểm tra", "Đúng", "Đủ", "Sạch", "Sống"]
    start = _heading(
        ws, len(headers), "CHẤT LƯỢNG DỮ LIỆU THEO ĐƠN VỊ (TỶ LỆ DÒNG ĐẠT)", period_name
    )
    _table(
        ws,
        start,
        headers,
        rows,
        {3: "0.0%", 4: "0.0%", 5: "0.0%", 6: "0.0%"},
        [14, 16, 10, 10, 10, 10],
    )
