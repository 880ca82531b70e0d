"""`thidua report`: feedback workbooks per sender and the offline quality page."""

import re
import shutil
import subprocess

import pytest
from chromium import CHROMIUM, CHROMIUM_FLAGS
from openpyxl import load_workbook

from pipelines.cli import main
from pipelines.reports.feedback import FILLS


@pytest.fixture(scope="module")
def reports(refreshed, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    for period in ("2026-H1", "2026-FY"):
        assert (
            main(["report", "--period", period, "--warehouse", str(refreshed), "--out", str(out)])
            == 0
        )
    return out


def test_a_large_period_is_shared_among_processes_with_the_same_workbooks(
    reports, refreshed, tmp_path, monkeypatch
):
    from pipelines.reports import period as module

    monkeypatch.setattr(module, "PARALLEL_MIN_SENDERS", 1)  # as at national size
    written = module.write_reports(refreshed, "2026-H1", tmp_path)
    feedback = [path for path in written if path.parent.name == "phan_hoi"]
    alone = sorted((reports / "2026-H1" / "phan_hoi").glob("*.xlsx"))
    assert [path.name for path in feedback] == [path.name for path in alone]
    for path in feedback:
        shared, single = load_workbook(path), load_workbook(alone[feedback.index(path)])
        assert shared.sheetnames == single.sheetnames
        assert [list(r) for r in shared["PhanHoi"].iter_rows(values_only=True)] == [
            list(r) for r in single["PhanHoi"].iter_rows(values_only=True)
        ]


def test_a_period_typed_in_lower_case_is_found(refreshed, tmp_path):
    written = main(
        ["report", "--period", "2026-h1", "--warehouse", str(refreshed), "--out", str(tmp_path)]
    )
    assert written == 0 and (tmp_path / "2026-H1" / "bao_cao_so_ket_2026-H1.docx").exists()


def _feedback_path(reports, period, sender, kind="unit_report"):
    """phan_hoi_<name without diacritics>_<code>_<period>.xlsx; proposals-only: de_nghi_..."""
    return next(
        path
        for path in (reports / period / "phan_hoi").glob(f"phan_hoi_*_{sender}_{period}.xlsx")
        if ("de_nghi_khen_thuong" in path.name) == (kind == "award_proposals")
    )


def _feedback(reports, period, sender, kind="unit_report"):
    return load_workbook(_feedback_path(reports, period, sender, kind))


def test_every_expected_sender_gets_a_feedback_workbook(reports, con):
    expected = con.execute(
        "select count(*) from marts.mart_submission_status where period_code = '2026-H1'"
    ).fetchone()[0]
    assert len(list((reports / "2026-H1" / "phan_hoi").glob("*.xlsx"))) == expected


def test_a_failing_cell_is_filled_and_commented_in_the_senders_own_workbook(reports):
    wb = _feedback(reports, "2026-FY", "00136")
    assert wb.sheetnames[0] == "PhanHoi", "the feedback comes first"
    assert "KetQuaChiTieu" in wb.sheetnames, "a copy of the ward's own workbook"
    marked = [
        cell
        for row in wb["KetQuaChiTieu"].iter_rows()
        for cell in row
        if cell.comment and "DUNG_OUT_OF_RANGE" in cell.comment.text
    ]
    assert len(marked) == 1, "D17: CT07a reported as 102%"
    assert marked[0].column_letter == "F" and marked[0].value == 102
    assert marked[0].fill.fgColor.rgb == FILLS["error"].fgColor.rgb


def test_the_receipt_says_accepted_rejected_on_time_or_late(reports):
    def receipt(period, sender):
        sheet = _feedback(reports, period, sender)["PhanHoi"]
        return {row[0]: row[3] for row in sheet.iter_rows(min_row=3, max_row=12, values_only=True)}

    late = receipt("2026-H1", "00130")
    assert late["Thời hạn"] == "Muộn 10 ngày" and late["Kết quả tiếp nhận"] == "Đã tiếp nhận"
    quarantined = receipt("2026-FY", "00136")
    assert quarantined["Kết quả tiếp nhận"].startswith("Đã tiếp nhận; một số dòng bị loại")
    missing = receipt("2026-H1", "00160")
    assert missing["Kết quả tiếp nhận"] == "Chưa nhận được báo cáo"


def test_a_feedback_workbook_is_named_for_its_sender_and_prints_on_a4_in_vietnamese(reports):
    path = _feedback_path(reports, "2026-FY", "00127")
    assert path.name == "phan_hoi_phuong_thanh_dong_00127_2026-FY.xlsx"
    sheet = load_workbook(path)["PhanHoi"]
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth) == (9, "landscape", 1)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet["D5"].value == "Năm 2026", "the period as the registry names it"
    assert {"A3:C3", "D3:H3"} <= {str(merged) for merged in sheet.merged_cells.ranges}
    text = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert not [v for v in text if re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", v)], "no internal name"
    assert not [v for v in text if re.fullmatch(r"-?\d+\.\d+", v)], "no 27.0 nor 12.5"


def test_the_issue_list_names_sheet_row_column_and_what_to_fix(reports):
    sheet = _feedback(reports, "2026-H1", "00136")["PhanHoi"]
    rows = [row for row in sheet.iter_rows(min_row=15, values_only=True) if row[0]]
    mismatch = next(row for row in rows if row[6] == "DUNG_TARGET_MISMATCH")
    assert mismatch[1:4] == ("KetQuaChiTieu", 9, "E - Chỉ tiêu giao")
    assert "thành phố giao" in mismatch[7]


def test_an_unknown_period_is_refused_with_the_known_ones(refreshed, tmp_path, capsys):
    assert (
        main(
            ["report", "--period", "2024-FY", "--warehouse", str(refreshed), "--out", str(tmp_path)]
        )
        == 2
    )
    assert "2026-H1" in capsys.readouterr().err


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium; `make test` installs it")
def test_the_quality_page_renders_offline_in_headless_chromium(reports, tmp_path):
    page = reports / "2026-H1" / "chat_luong_2026-H1.html"
    html = page.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html, "nothing loaded from a network"
    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, *profile, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "Báo cáo chất lượng dữ liệu thi đua, khen thưởng: kỳ 2026-H1" in dom
    assert "Phường Việt Hòa" in dom and "Chưa gửi" in dom, "the missing ward (D02)"
    assert "Muộn 10 ngày" in dom, "the late ward (D01)"
    shot = tmp_path / "quality.png"
    subprocess.run(
        [
            CHROMIUM,
            *CHROMIUM_FLAGS,
            *profile,
            "--window-size=1300,1800",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 20_000, "a rendered page, not a blank one"


def test_the_ranking_chart_labels_every_ward_in_the_tables_order_and_reasons_fit_their_rows(
    reports,
):
    import zipfile

    path = reports / "2026-FY" / "bao_cao_tong_hop_2026-FY.xlsx"
    with zipfile.ZipFile(path) as archive:
        charts = [
            archive.read(name).decode() for name in archive.namelist() if "charts/chart" in name
        ]
    assert charts and all(
        'tickLblSkip val="1"' in chart and 'orientation val="maxMin"' in chart for chart in charts
    )
    sheet = load_workbook(path)["KhenThuong"]
    long_reasons = [
        row[0].row
        for row in sheet.iter_rows(min_row=8, min_col=6, max_col=6)
        if row[0].value and len(row[0].value) > 150
    ]
    assert long_reasons and all(
        (sheet.row_dimensions[row].height or 0) >= 30 for row in long_reasons
    ), "a long reason's row is tall enough for its lines"


def test_the_city_report_has_a_sheet_per_table_with_heading_filters_and_print_setup(reports):
    wb = load_workbook(reports / "2026-FY" / "bao_cao_tong_hop_2026-FY.xlsx")
    assert wb.sheetnames == [
        "TongQuan",
        "KetQuaChiTieu",
        "XepHangPhuong",
        "TongHopChiTieu",
        "XepHangKhoi",
        "KhenThuong",
        "ThongKeKhenThuong",
        "GuiBaoCao",
        "ChatLuongDuLieu",
    ]
    for sheet in wb.worksheets:
        texts = [sheet.cell(row, col).value for row in (1, 2) for col in range(1, 40)]
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts, sheet.title
        assert "Độc lập - Tự do - Hạnh phúc" in texts, sheet.title
        assert "ỦY BAN NHÂN DÂN" in texts and any(
            str(text).startswith("THÀNH PHỐ ") for text in texts
        ), "the issuing body and its city"
        assert "Kèm theo Báo cáo số" in sheet.cell(5, 1).value, "the annex names its report"
        assert sheet.freeze_panes and sheet.auto_filter.ref, sheet.title
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert wb["XepHangPhuong"]._charts, "a chart of indicators achieved by ward"
    matrix = wb["KetQuaChiTieu"]
    fills = {matrix.cell(row, 3).fill.fgColor.rgb for row in range(8, 20)}
    assert {"00C6EFCE", "00FFC7CE"} & fills, "achieved / not achieved coloured"
    money = [
        row for row in wb["ThongKeKhenThuong"].iter_rows(min_row=8, values_only=True) if row[1]
    ]
    ldtt = next(row for row in money if row[1] == "Lao động tiên tiến")
    assert ldtt[7] > 0 and ldtt[7] % 10_000 == 0, "reward money rounded up to 10,000 VND"


SOFFICE = shutil.which("soffice")
PDFTOPPM = shutil.which("pdftoppm")


@pytest.mark.skipif(
    not (SOFFICE and PDFTOPPM),
    reason="needs Debian's LibreOffice and poppler; `make test` installs them",
)
def test_the_city_report_opens_in_libreoffice_and_prints_to_pdf(reports, tmp_path):
    report = reports / "2026-FY" / "bao_cao_tong_hop_2026-FY.xlsx"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(report),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    pdf = tmp_path / "bao_cao_tong_hop_2026-FY.pdf"
    assert pdf.exists(), "LibreOffice converted the workbook without a repair prompt"
    subprocess.run(
        [PDFTOPPM, "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 9, "at least one printed page per sheet"
    assert all(page.stat().st_size > 3_000 for page in pages), "no blank page"


def test_reports_live_in_one_place_that_every_refresh_keeps_current(city, resend, capsys):
    """`thidua report` writes beside the warehouse, where refreshes write; the feedback it
    wrote is written again by the next refresh from the new figures, never left stale."""
    raw, warehouse = resend
    assert main(["refresh", "--raw", str(city), "--warehouse", str(warehouse)]) == 0
    assert main(["report", "--period", "2026-H1", "--warehouse", str(warehouse)]) == 0
    folder = warehouse.parent / "reports" / "2026-H1"
    said = capsys.readouterr().out
    assert (
        f"Báo cáo chính thức (bản dự thảo Word): {folder / 'bao_cao_so_ket_2026-H1.docx'}" in said
    )
    feedback = next((folder / "phan_hoi").glob("phan_hoi_phuong_thanh_dong_00127_2026-H1.xlsx"))
    before = feedback.read_bytes()
    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 0
    assert feedback.exists() and feedback.read_bytes() != before, "00127 sent again: new receipt"
    assert not list(folder.parent.glob(".*.tmp")), "nothing staged is left behind"
