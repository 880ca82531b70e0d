"""The thidua command: templates and read-only queries."""

import duckdb
import pytest
from openpyxl import load_workbook

from pipelines.cli import main
from pipelines.lib.query import QueryRefused, run_query
from pipelines.lib.workbook import detect_kind


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
