"""One rule catalog (dbt_project/seeds/rule_catalog.csv) for the parser, GX, dbt and labels."""

import json
import re
from pathlib import Path

from pipelines.quality.rules import CATALOG, DIMENSION_LABELS, RULES, SEVERITY_LABELS

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"['\"]((?:DUNG|DU|SACH|SONG)_[A-Z_]+)['\"]")


def _codes(paths) -> set[str]:
    return {code for path in paths for code in CODE.findall(path.read_text(encoding="utf-8"))}


def test_every_rule_the_code_raises_is_in_the_catalog_once_with_its_words():
    python = _codes(
        path for path in (ROOT / "pipelines").rglob("*.py") if "sample" not in path.parts
    )
    sql = _codes((ROOT / "dbt_project" / "models").rglob("*.sql"))
    suites = {
        expectation["meta"]["rule_code"]
        for path in (ROOT / "expectations" / "gx" / "expectations").rglob("*.json")
        for expectation in json.loads(path.read_text())["expectations"]
    }
    used = python | sql | suites
    assert used - set(CATALOG) == set(), "codes the catalog does not know"
    assert set(CATALOG) - used == set(), "codes nothing raises"
    for code, row in CATALOG.items():
        assert code.startswith(
            {"dung": "DUNG_", "du": "DU_", "sach": "SACH_", "song": "SONG_"}[row["dimension"]]
        ), code
        assert row["severity"] in SEVERITY_LABELS and row["title"] and row["sender_action"]
    assert set(DIMENSION_LABELS) == {"dung", "du", "sach", "song"}


def test_no_suite_or_model_defines_a_severity_of_its_own():
    for path in (ROOT / "expectations" / "gx" / "expectations").rglob("*.json"):
        for expectation in json.loads(path.read_text())["expectations"]:
            assert set(expectation["meta"]) <= {"rule_code", "message", "reports_column"}, path
    for name in ("int_quality__row_rules", "int_quality__file_rules"):
        text = next((ROOT / "dbt_project" / "models").rglob(f"{name}.sql")).read_text()
        assert not re.search(r"'(error|warning|info)' as severity", text), name


def test_the_labels_agree_everywhere():
    from pipelines.portal import labels
    from pipelines.reports import feedback, official_report, quality_page

    assert labels.SEVERITY == quality_page.SEVERITIES == SEVERITY_LABELS
    assert SEVERITY_LABELS["info"] == "Ghi nhận"
    assert dict(official_report.DIMENSIONS) == labels.DIMENSION == DIMENSION_LABELS
    assert set(feedback.SEVERITY_LABELS) == set(RULES[code][1] for code in RULES)


def test_no_suite_repeats_what_the_parser_already_refuses():
    """GX sees only rows the parser accepted (gx_validate.py): an expectation that a
    required cell is filled, or that a converted value is one the converter allows, can
    never fail. GX keeps the checks only it makes."""
    from pipelines.reading.specs import READ_KINDS

    columns = {
        (spec.table, column.name): column
        for specs in READ_KINDS.values()
        for spec in specs
        for column in spec.columns
    }
    # kinds whose converter gives only allowed values (reading/cells.py)
    closed = {"comparator", "rating", "nominee_type", "year", "personal_id", "gender", "period"}
    repeats = []
    for path in (ROOT / "expectations" / "gx" / "expectations" / "raw").glob("*.json"):
        for expectation in json.loads(path.read_text())["expectations"]:
            column = columns.get((path.stem, expectation["kwargs"].get("column")))
            if column is None:
                continue  # a pair of columns, or one derived for GX
            if expectation["type"] == "expect_column_values_to_not_be_null" and column.required:
                repeats.append((path.stem, column.name, "required"))
            elif expectation["type"] != "expect_column_values_to_not_be_null" and (
                column.kind in closed
                or (column.kind == "deduction" and expectation["kwargs"].get("min_value") == 0)
            ):
                repeats.append((path.stem, column.name, column.kind))
    assert not repeats, repeats


def test_the_suites_catch_what_only_they_check(tmp_path):
    """A period ending before it starts and a maximum under its minimum: rows the parser
    accepts, each cell fine on its own, that only the suites' column pairs see."""
    import datetime as dt
    import shutil

    import duckdb
    from openpyxl import load_workbook

    from pipelines.quality.gx_validate import validate_new_rows
    from pipelines.store.ingest import ingest_folder

    raw = tmp_path / "raw"
    raw.mkdir()
    registry = raw / "Danh muc 2025.xlsx"
    shutil.copy(ROOT / "raw" / "danh_muc" / "Danh muc thi dua 2025.xlsx", registry)
    book = load_workbook(registry)
    periods = book["KyBaoCao"]
    assert periods["A7"].value == "2025-H1" and periods["D7"].value == dt.datetime(2025, 6, 30)
    periods["C7"] = dt.datetime(2025, 7, 1)  # starts after it ends
    measures = book["DanhMucChiTieu"]
    assert measures["A8"].value == "CT02"
    measures["F8"], measures["G8"] = 100, 50  # at least 100, at most 50
    book.save(registry)

    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ingest_folder(raw, con, "t")
        validate_new_rows(con, "t")
        found = con.execute(
            """select sheet, row_number, rule_code, message from quality.gx_issues
               order by sheet, row_number"""
        ).fetchall()
    assert [(sheet, row, rule) for sheet, row, rule, _ in found] == [
        ("DanhMucChiTieu", 8, "DUNG_OUT_OF_RANGE"),
        ("KyBaoCao", 7, "DUNG_OUT_OF_RANGE"),
    ]
    assert "ngày kết thúc trước ngày bắt đầu" in found[1][3]
