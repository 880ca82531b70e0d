"""The thidua command: templates and read-only queries."""

from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from pipelines.cli import main
from pipelines.reading.workbook import detect_kind
from pipelines.store.query import QueryRefused, run_query


def test_templates_are_the_three_kinds_with_drop_down_lists(tmp_path):
    assert main(["templates", "--out", str(tmp_path)]) == 0
    kinds = {}
    for path in tmp_path.glob("*.xlsx"):
        wb = load_workbook(path)
        kinds[detect_kind(wb.sheetnames)] = wb
    assert set(kinds) == {"registry", "unit_report", "block_report"}
    proposals = kinds["unit_report"]["DeNghiKhenThuong"]
    lists = [v.formula1 for v in proposals.data_validations.dataValidation if v.type == "list"]
    assert any("DANHMUC" in formula for formula in lists), "ratings, yes/no, awards are lists"
    scores = kinds["block_report"]["ChamDiem"]
    assert any(v.type == "decimal" for v in scores.data_validations.dataValidation)


@pytest.fixture
def small_warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create table marts.t as select 1 as x")
    return path


@pytest.mark.parametrize(
    "sql",
    [
        "delete from marts.t",
        "create table marts.u (x int)",
        "attach 'other.duckdb' as other",
        "install httpfs",
        "select * from read_csv('/etc/passwd')",
        "select 1; delete from marts.t",
    ],
)
def test_statements_that_write_attach_install_or_read_files_are_refused(small_warehouse, sql):
    with pytest.raises(QueryRefused):
        run_query(small_warehouse, sql)


def test_a_select_answers_in_every_format(small_warehouse, tmp_path, capsys):
    assert run_query(small_warehouse, "select x from marts.t")["x"].tolist() == [1]
    for fmt in ("table", "csv", "json"):
        assert (
            main(
                [
                    "query",
                    "select x from marts.t",
                    "--warehouse",
                    str(small_warehouse),
                    "--format",
                    fmt,
                ]
            )
            == 0
        )
        assert "1" in capsys.readouterr().out
    out = tmp_path / "q.xlsx"
    assert (
        main(
            [
                "query",
                "select x from marts.t",
                "--warehouse",
                str(small_warehouse),
                "--format",
                "xlsx",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert load_workbook(out).active["A2"].value == 1


def test_a_refused_query_exits_non_zero_with_a_message(small_warehouse, capsys):
    assert main(["query", "drop table marts.t", "--warehouse", str(small_warehouse)]) == 2
    assert "Từ chối" in capsys.readouterr().err


@pytest.mark.parametrize(
    "sql",
    [
        "select * from raw.unit_award_proposals",
        "with p as (select * from raw.file_contents) select count(*) from p",
        "select * from marts.t, raw.secret",
        "select * from t",
    ],
)
def test_only_marts_and_quality_can_be_read(tmp_path, sql):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            """create schema marts; create table marts.t as select 1 as x;
               create schema raw; create table raw.unit_award_proposals as select '001085012345' as id;
               create table raw.file_contents as select 'x' as content;
               create table raw.secret as select 1 as x"""
        )
    with pytest.raises(QueryRefused, match="marts"):
        run_query(path, sql)


def test_text_excel_would_run_as_a_formula_is_neutralised_in_exports(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            """create schema marts; create table marts.t as
               select '=HYPERLINK(\"http://x\",\"bấm\")' as a, '+1' as b, '@SUM(A1)' as c, 'an' as d"""
        )
    out = tmp_path / "q.xlsx"
    assert (
        main(
            [
                "query",
                "select * from marts.t",
                "--warehouse",
                str(path),
                "--format",
                "xlsx",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    row = [cell.value for cell in load_workbook(out).active[2]]
    assert row == ['\'=HYPERLINK("http://x","bấm")', "'+1", "'@SUM(A1)", "an"]


def _fill(ws, rows: list[tuple], first_row: int | None = None) -> None:
    """Type rows under a template's header and its row of column numbers, as a ward would."""
    if first_row is None:
        first_row = next(
            row[0].row + 1 for row in ws.iter_rows() if str(row[0].value or "").startswith("(1)")
        )
    for offset, values in enumerate(rows):
        for col, value in enumerate(values, start=1):
            ws.cell(first_row + offset, col, value)


def _info(ws, values: dict[str, object]) -> None:
    for row in ws.iter_rows():
        if row[0].value in values:
            ws.cell(row[0].row, 2, values[row[0].value])


def test_workbooks_filled_in_from_the_blank_templates_reach_the_marts(tmp_path):
    """Our own templates, filled in by hand, read back into every mart without an issue."""
    import datetime as dt

    templates, raw = tmp_path / "templates", tmp_path / "raw"
    raw.mkdir()
    assert main(["templates", "--out", str(templates)]) == 0
    registry = load_workbook(templates / "Mau_DanhMuc_ThanhPho.xlsx")
    _fill(
        registry["DonVi"],
        [
            ("00001", "Phường An Bình", "Phường", None),
            ("00002", "Xã Hòa Lạc", "Xã", None),
            ("00001.TH", "Trường Tiểu học An Bình", "Trường học", "00001"),
        ],
    )
    _fill(
        registry["KhoiThiDua"],
        [("K01", "Khối thi đua số 1", "Thành phố", None, "00001", "00002", 2026)],
    )
    _fill(registry["ThanhVienKhoi"], [("K01", "00001", 2026), ("K01", "00002", 2026)])
    _fill(
        registry["DanhMucChiTieu"],
        [
            ("CT01", "CT01", "Tốc độ tăng trưởng GRDP", "%", ">=", None, None),
            ("CT02a", "CT02", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", ">=", 0, 100),
        ],
    )
    _fill(
        registry["ChiTieuGiao"],
        [
            (2026, unit, measure, target)
            for unit in ("00001", "00002")
            for measure, target in (("CT01", 8), ("CT02a", 95))
        ],
    )
    _fill(
        registry["KyBaoCao"],
        [
            (
                "2026-H1",
                "6 tháng đầu năm 2026",
                dt.date(2026, 1, 1),
                dt.date(2026, 6, 30),
                dt.date(2026, 7, 10),
            )
        ],
    )
    registry.save(raw / "danh muc 2026.xlsx")

    for code, name, results in (
        ("00001", "Phường An Bình", (8.5, 96)),
        ("00002", "Xã Hòa Lạc", (7, 97.5)),
    ):
        report = load_workbook(templates / "Mau_BaoCao_DonVi.xlsx")
        _info(
            report["ThongTin"],
            {
                "Mã đơn vị": code,
                "Tên đơn vị": name,
                "Kỳ báo cáo": "6 tháng đầu năm 2026",
                "Ngày báo cáo": dt.date(2026, 7, 5),
                "Người lập": "Lê Thị Hoa",
            },
        )
        _fill(
            report["KetQuaChiTieu"],
            [
                (1, "CT01", "Tốc độ tăng trưởng GRDP", "%", 8, results[0], None),
                (2, "CT02a", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", 95, results[1], None),
            ],
        )
        if code == "00001":
            _fill(
                report["DeNghiKhenThuong"],
                [
                    (
                        1,
                        "Nguyễn Văn An",
                        "Cá nhân",
                        dt.date(1985, 6, 15),
                        "Nam",
                        None,
                        "Công chức",
                        "UBND phường An Bình",
                        "Lao động tiên tiến",
                        2026,
                        "Hoàn thành tốt nhiệm vụ",
                        "Không",
                        None,
                        None,
                        "Hoàn thành tốt nhiệm vụ được giao",
                        None,
                    ),
                ],
            )
        report.save(raw / f"BC {name}.xlsx")

    # a school, as the template's guide says: KetQuaChiTieu deleted, its proposals only
    school = load_workbook(templates / "Mau_BaoCao_DonVi.xlsx")
    assert "DeNghiKhenThuong" in school["Hướng dẫn"]["A3"].value
    del school["KetQuaChiTieu"]
    _info(
        school["ThongTin"],
        {
            "Mã đơn vị": "00001.TH",
            "Kỳ báo cáo": "6 tháng đầu năm 2026",
            "Ngày báo cáo": dt.date(2026, 7, 3),
        },
    )
    teacher = (1, "Lê Thị Mai", "Cá nhân", dt.date(1988, 2, 1), "Nữ", None, "Giáo viên", None,
               "Lao động tiên tiến", 2026, "Hoàn thành tốt nhiệm vụ", "Không", None, None, None, None)  # fmt: skip
    _fill(school["DeNghiKhenThuong"], [teacher])
    school.save(raw / "TTr Truong TH An Binh.xlsx")

    block = load_workbook(templates / "Mau_BaoCao_KhoiThiDua.xlsx")
    _info(
        block["ThongTin"],
        {
            "Mã khối": "K01",
            "Tên khối": "Khối thi đua số 1",
            "Kỳ báo cáo": "6 tháng đầu năm 2026",
            "Ngày báo cáo": dt.date(2026, 7, 6),
            "Đơn vị khối trưởng": "00001",
            "Người lập": "Trần Văn Bình",
        },
    )
    _fill(
        block["TieuChi"],
        [
            (1, "TC01", "Phát triển kinh tế", "Nhiệm vụ chính trị", 50),
            (2, "TC02", "Cải cách hành chính", "Cải cách hành chính", 30),
            (3, "TC03", "Thi đua, khen thưởng", "Thi đua khen thưởng", 20),
        ],
    )
    _fill(
        block["ChamDiem"],
        [
            (1, "00001", "Phường An Bình", 45, 25, 18, 1, 0, 89, 1),
            (2, "00002", "Xã Hòa Lạc", 40, 28, 15, 0, 0, 83, 2),
        ],
    )
    _fill(
        block["GiaoUoc"],
        [
            (1, "00001", dt.date(2026, 3, 2), "Phạm Văn Minh"),
            (2, "00002", dt.date(2026, 3, 2), "Đỗ Thị Lan"),
        ],
    )
    block.save(raw / "Cham diem K01.xlsx")

    warehouse = tmp_path / "w.duckdb"
    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:

        def rows(sql):
            return con.execute(sql).fetchall()

        assert rows(
            "select ward_code, measure_code, is_achieved from marts.mart_indicator_results order by 1, 2"
        ) == [
            ("00001", "CT01", True),
            ("00001", "CT02a", True),
            ("00002", "CT01", False),
            ("00002", "CT02a", True),
        ]
        assert rows(
            "select ward_code, indicators_total, indicators_achieved, rank_in_city from marts.mart_ward_scorecard order by 1"
        ) == [
            ("00001", 2, 2, 1),
            ("00002", 2, 1, 2),
        ]
        assert rows(
            "select unit_code, total_score, max_score, rank_in_block, reported_rank from marts.mart_covenant_scores order by 1"
        ) == [
            ("00001", 89, 100, 1, 1),
            ("00002", 83, 100, 2, 2),
        ]
        assert rows(
            "select sender_code, nominee_name, award_code, eligibility_status from marts.mart_award_proposals order by 1"
        ) == [
            ("00001", "Nguyễn Văn An", "lao_dong_tien_tien", "eligible"),
            ("00001.TH", "Lê Thị Mai", "lao_dong_tien_tien", "eligible"),
        ]
        assert rows(
            "select count(*) filter (where submitted), count(*) from marts.mart_submission_status"
        ) == [(3, 3)]
        assert (
            rows("select rule_code, message from quality.dq_issues where severity <> 'info'") == []
        )


def test_every_command_and_option_has_vietnamese_help(capsys):
    """Issue 20: "positional arguments", "show this help message and exit", options bare."""
    from pipelines.cli import build_parser

    parser = build_parser()
    commands = next(
        a for a in parser._actions if isinstance(a, __import__("argparse")._SubParsersAction)
    )
    for name, sub in [("", parser), *commands.choices.items()]:
        with pytest.raises(SystemExit):
            main([name, "--help"] if name else ["--help"])
        text = capsys.readouterr().out
        for english in ("usage:", "positional arguments", "options:", "show this help"):
            assert english not in text, f"{name}: {english}"
        for action in sub._actions:
            assert action.help, f"thidua {name} {action.option_strings or action.dest}: no help"
    with pytest.raises(SystemExit):
        main(["sample", "--wards", "abc"])
    assert "giá trị không hợp lệ (cần số nguyên)" in capsys.readouterr().err


def _validations(path) -> dict[str, list[dict]]:
    """Each sheet's data validations read from the workbook's XML, as Excel reads them."""
    import re
    import zipfile
    from xml.etree import ElementTree

    main_ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        found = {}
        for sheet in book.iter(f"{main_ns}sheet"):
            target = targets[sheet.get(f"{rel_ns}id")].lstrip("/")
            xml = ElementTree.fromstring(archive.read(re.sub(r"^(xl/)?", "xl/", target)))
            found[sheet.get("name")] = [
                {
                    "sqref": item.get("sqref"),
                    "type": item.get("type"),
                    "errorStyle": item.get("errorStyle", "stop"),
                    "formula1": item.findtext(f"{main_ns}formula1"),
                }
                for item in xml.iter(f"{main_ns}dataValidation")
            ]
    return found


def test_each_template_validation_covers_only_its_own_cells_and_lists_the_whole_catalog(tmp_path):
    import csv
    import re

    assert main(["templates", "--out", str(tmp_path)]) == 0
    path = tmp_path / "Mau_BaoCao_DonVi.xlsx"
    found = _validations(path)
    info = load_workbook(path)["ThongTin"]
    period_row = next(row for row in range(1, 20) if info.cell(row, 1).value == "Kỳ báo cáo")
    (period,) = found["ThongTin"]
    assert period["sqref"] == f"B{period_row}", "report date, preparer, phone, email stay free"
    assert period["errorStyle"] == "warning", "a period the examples lack can still be typed"
    proposals = load_workbook(path)["DeNghiKhenThuong"]
    headers = {
        cell.value: cell.column_letter
        for row in proposals.iter_rows(max_row=12)
        for cell in row
        if cell.value
    }
    for item in found["DeNghiKhenThuong"]:
        letters = set(re.findall(r"[A-Z]+", item["sqref"]))
        assert len(letters) == 1, f"one column: {item['sqref']}"
    award_letter = headers["Danh hiệu/Hình thức đề nghị"]
    (award,) = [i for i in found["DeNghiKhenThuong"] if i["sqref"].startswith(award_letter)]
    column, first, last = re.fullmatch(
        r"DANHMUC!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)", award["formula1"]
    ).groups()
    lists = load_workbook(path)["DANHMUC"]
    listed = [lists[f"{column}{row}"].value for row in range(int(first), int(last) + 1)]
    catalog = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "award_catalog.csv"
    with catalog.open(encoding="utf-8") as handle:
        decided = [
            row["award_name"] for row in csv.DictReader(handle) if row["decided_here"] == "true"
        ]
    assert listed == decided and len(listed) == 13
