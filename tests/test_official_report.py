"""The sơ kết and tổng kết reports as official documents (Decree 30/2020/NĐ-CP): read
back from the .docx, then printed by LibreOffice and looked at as text and as pictures."""

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from docx import Document

from pipelines.reports.official_report import ReportSettings, write_official_report

SOFFICE = shutil.which("soffice")
PDFTOPPM, PDFTOTEXT = shutil.which("pdftoppm"), shutil.which("pdftotext")
WRITER = Path("/usr/lib/libreoffice/program/libswlo.so")
SETTINGS = ReportSettings(city="Thanh Hà", signer="Nguyễn Văn Bình", signer_title="CHỦ TỊCH")
DAY = dt.date(2026, 2, 5)


@pytest.fixture(scope="module", params=["2026-H1", "2026-FY"])
def report(request, refreshed, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("official") / f"bao_cao_{request.param}.docx"
    with duckdb.connect(str(refreshed), read_only=True) as con:
        write_official_report(
            con,
            request.param,
            path,
            SETTINGS,
            annex=f"bao_cao_tong_hop_{request.param}.xlsx",
            today=DAY,
        )
    return path


def _text(doc) -> str:
    cells = [p.text for t in doc.tables for c in t.rows[0].cells for p in c.paragraphs]
    return "\n".join(cells + [p.text for p in doc.paragraphs])


def test_the_page_and_the_type_follow_decree_30(report):
    doc = Document(str(report))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(margin.mm) for margin in margins] == [20, 20, 30, 15]
    fonts = {run.font.name for p in doc.paragraphs for run in p.runs if run.font.name}
    assert doc.styles["Normal"].font.name == "Times New Roman" and fonts <= {"Times New Roman"}
    sizes = {run.font.size.pt for p in doc.paragraphs for run in p.runs if run.font.size}
    assert sizes <= {13, 14}


def test_the_heading_numbering_place_date_recipients_and_signature(report):
    doc = Document(str(report))
    issuer, nation = (cell.text for cell in doc.tables[0].rows[0].cells)
    assert (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ THANH HÀ" in issuer and "Số:" in issuer and "/BC-UBND" in issuer
    )
    assert nation.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert "Thanh Hà, ngày 05 tháng 02 năm 2026" in nation
    text = _text(doc)
    kind = "Sơ kết" if "H1" in report.name else "Tổng kết"
    assert f"BÁO CÁO\n{kind} công tác thi đua, khen thưởng" in text
    recipients, signature = (cell.text for cell in doc.tables[-1].rows[0].cells)
    assert recipients.startswith("Nơi nhận:") and "Lưu: VT" in recipients
    assert signature.startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH") and "Nguyễn Văn Bình" in signature


def test_every_figure_comes_from_the_marts_in_vietnamese_number_style(report, con):
    period = "2026-H1" if "H1" in report.name else "2026-FY"
    text = _text(Document(str(report)))
    sent, expected = con.execute(
        """select count(*) filter (where submitted), count(*)
           from marts.mart_submission_status where period_code = ?""",
        [period],
    ).fetchone()
    assert f"{sent}/{expected} đơn vị đã gửi báo cáo" in text
    total, eligible = con.execute(
        """select count(*), count(*) filter (where eligibility_status = 'eligible')
           from marts.mart_award_proposals where year = 2026"""
    ).fetchone()
    assert f"khen thưởng {total} trường hợp: {eligible} đủ điều kiện" in text
    money = con.execute(
        "select sum(amount_vnd) from marts.mart_award_statistics where year = 2026 and level_code = 'tinh'"
    ).fetchone()[0]
    assert f"{money:,}".replace(",", ".") + " đồng" in text
    leaders = con.execute(
        "select unit_name from marts.mart_covenant_scores where period_code = ? and is_leading_unit",
        [period],
    ).fetchall()
    assert leaders and all(name in text for (name,) in leaders)
    assert not re.search(r"\d,\d{3}\b", text), "no English thousands separator"
    assert "Phụ lục" in text and f"bao_cao_tong_hop_{period}.xlsx" in text


@pytest.mark.skipif(
    not (SOFFICE and PDFTOPPM and PDFTOTEXT and WRITER.exists()),
    reason="needs Debian's LibreOffice Writer and poppler; `make test` installs them",
)
def test_printed_it_is_an_a4_document_with_the_headings_side_by_side_inside_the_margins(
    report, tmp_path
):
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(report)],
        capture_output=True, timeout=300, check=True,
    )  # fmt: skip
    pdf = tmp_path / report.with_suffix(".pdf").name
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "(A4)" in info.stdout
    layout = subprocess.run(
        [PDFTOTEXT, "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    lines = layout.splitlines()
    # the issuing body and the national heading share their first line, neither cut
    first = next(line for line in lines if "ỦY BAN NHÂN DÂN" in line)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert any("Độc lập - Tự do - Hạnh phúc" in line for line in lines[:6])
    subprocess.run([PDFTOPPM, "-r", "50", "-gray", str(pdf), str(tmp_path / "page")], check=True)
    pages = [_grey(page) for page in sorted(tmp_path.glob("page-*.pgm"))]
    for page in pages:
        # nothing printed in the 30 mm left margin nor the 15 mm right one
        assert not _inked(page, 0.0, 25 / 210) and not _inked(page, 1 - 12 / 210, 1.0)
    width, height, pixels = pages[0]
    band = range(height // 8)
    left = any(pixels[y * width + x] < 128 for y in band for x in range(width // 2))
    right = any(pixels[y * width + x] < 128 for y in band for x in range(width // 2, width))
    assert left and right, "issuing body left, national heading right"


def _inked(page: tuple[int, int, bytes], left: float, right: float) -> bool:
    """Whether anything dark is printed between these fractions of the page's width."""
    width, height, pixels = page
    columns = range(int(left * width), int(right * width))
    return any(pixels[y * width + x] < 128 for y in range(height) for x in columns)


def _grey(path: Path) -> tuple[int, int, bytes]:
    """A binary PGM (pdftoppm -gray): width, height, one byte a pixel."""
    data = path.read_bytes()
    magic, width, height, _, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    return int(width), int(height), pixels
