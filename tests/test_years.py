"""A warehouse that lives for years (issue 18): every year's registry kept, each period judged
by its own year's, renames and mergers across the years, award history accumulated, and the
board's announcement of a period's figures (thidua publish).

The sample city holds 2025 and 2026 (pipelines/sample/prior_year.py): on 1 July 2025 one ward
took a new code and two wards merged into a new one; the 2025 annual report of one ward came
in March 2026; the first two city blocks traded members between the years.
"""

import datetime as dt
import random
import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from portal_server import fetch, serving

from pipelines.cli import main
from pipelines.sample.city import PRIOR_PERIODS, build_city
from pipelines.sample.generator import award_case_units
from pipelines.sample.prior_year import LATE_REPORT_DATE, reorganisation

SEED = 7  # the session city's (conftest.py)


@pytest.fixture(scope="module")
def change():
    city = build_city(random.Random(SEED), 12)
    return reorganisation(city, award_case_units(12, seed=SEED).renamed_code)


def values(con, sql, params=()):
    return con.execute(sql, list(params)).fetchall()


def results(con, period, ward):
    """measure → (actual, previous actual) of one ward in one period."""
    return {
        row[0]: row[1:]
        for row in values(
            con,
            """select measure_code, actual_value, previous_actual_value
               from marts.mart_indicator_results where period_code = ? and ward_code = ?""",
            [period, ward],
        )
    }


def test_each_year_is_judged_by_its_own_registry(con):
    assert values(
        con, "select registry_year from intermediate.int_registry__current order by 1"
    ) == [(2025,), (2026,)]
    periods = values(
        con, "select period_code, registry_year from intermediate.int_registry__periods order by 1"
    )
    assert periods == [("2025-FY", 2025), ("2025-H1", 2025), ("2026-FY", 2026), ("2026-H1", 2026)]
    # every judged figure used the target of its own year's registry
    wrong = values(
        con,
        """select count(*) from marts.mart_indicator_results as results
           inner join intermediate.int_registry__targets as targets
             on results.ward_code = targets.unit_code
             and results.measure_code = targets.measure_code
             and targets.year = cast(left(results.period_code, 4) as integer)
             and targets.registry_year = targets.year
           where results.target_value is distinct from targets.target_value""",
    )
    assert wrong == [(0,)]
    judged = values(
        con,
        "select count(*) from marts.mart_indicator_results where period_code like '2025%'",
    )[0][0]
    assert judged > 0


def test_last_years_figures_follow_a_renamed_ward(con, change):
    now = results(con, "2026-H1", change.renamed.code)
    before = results(con, "2025-H1", change.old.code)
    assert before and not results(con, "2025-H1", change.renamed.code)
    followed = [code for code, (_, previous) in now.items() if previous is not None]
    assert len(followed) == len([v for v, _ in before.values() if v is not None])
    for code in followed:
        assert now[code][1] == before[code][0], code


def test_a_merged_ward_has_no_figures_from_before_the_merger_never_a_sum(con, change):
    half = results(con, "2026-H1", change.merged.code)
    assert half and all(previous is None for _, previous in half.values())
    # from the merger on the ward reported itself: the annual figures follow
    year = results(con, "2026-FY", change.merged.code)
    own = results(con, "2025-FY", change.merged.code)
    assert own
    for code, (_, previous) in year.items():
        assert previous == own[code][0], code


def test_each_period_expects_the_senders_of_its_year(con, change):
    def expected(period):
        return {
            row[0]
            for row in values(
                con,
                """select sender_code from marts.mart_submission_status
                   where period_code = ? and workbook_kind = 'unit_report'""",
                [period],
            )
        }

    old = {change.old.code, *(part.code for part in change.parts)}
    new = {change.renamed.code, change.merged.code}
    # a ward created on 1 July 2025 owes no report for the first half of 2025, and the
    # wards it replaced owe none from then on
    assert old <= expected("2025-H1") and not new & expected("2025-H1")
    assert new <= expected("2025-FY") and not old & expected("2025-FY")
    assert not old & expected("2026-H1")
    late = values(
        con,
        "select count(*) from marts.mart_submission_status where not submitted and period_code "
        "like '2025%'",
    )
    assert late == [(0,)]


def test_an_annual_report_arriving_next_march_counts_for_its_year(con, change):
    row = values(
        con,
        """select submitted, submitted_on, days_late from marts.mart_submission_status
           where period_code = '2025-FY' and sender_code = ?""",
        [change.late.code],
    )
    deadline = PRIOR_PERIODS["2025-FY"][3]
    assert row == [(True, LATE_REPORT_DATE, (LATE_REPORT_DATE - deadline).days)]
    assert len(results(con, "2025-FY", change.late.code)) == 20
    issue = values(
        con,
        """select severity from quality.dq_issues
           where rule_code = 'SONG_LATE' and period_code = '2025-FY' and sender_code = ?""",
        [change.late.code],
    )
    assert issue == [("warning",)]


def test_block_members_change_between_years(con):
    def members(year):
        return {
            block: set(units.split(","))
            for block, units in values(
                con,
                """select block_code, string_agg(unit_code, ',') from
                   intermediate.int_registry__block_members where year = ? group by all""",
                [year],
            )
        }

    def scored(period, block):
        return {
            row[0]
            for row in values(
                con,
                """select unit_code from marts.mart_covenant_scores
                   where period_code = ? and block_code = ?""",
                [period, block],
            )
        }

    last, this = members(2025), members(2026)
    assert last["K01"] != this["K01"] and last["K02"] != this["K02"]
    assert scored("2025-FY", "K01") == last["K01"]
    assert scored("2026-FY", "K01") == this["K01"]
    unknown = values(
        con, "select count(*) from quality.dq_issues where rule_code = 'DUNG_NOT_BLOCK_MEMBER'"
    )
    assert unknown == [(0,)]


def test_award_history_accumulates_over_the_years_registries_once(con):
    by_year = dict(
        values(
            con,
            """select history.year, count(distinct files.registry_year)
               from intermediate.int_awards__granted as history
               inner join intermediate.int_registry__current as files using (file_hash)
               group by all""",
        )
    )
    # 2022 only in the 2025 registry, 2025 only in 2026's, 2023-2024 in both
    assert by_year[2022] == 1 and by_year[2025] == 1 and by_year[2024] == 2
    twice = values(
        con,
        """select count(*) from (
               select nominee_key, award_code, year from intermediate.int_awards__granted
               where award_code is not null group by all having count(*) > 1)""",
    )[0][0]
    once = values(
        con,
        """select count(*) - count(distinct (nominee_key, award_code, year))
           from intermediate.int_awards__history""",
    )
    assert twice > 0 and once == [(0,)]


def test_the_quality_scorecard_has_every_expected_sender_sent_or_not(con):
    missing = values(
        con,
        """select count(*) from marts.mart_submission_status as status
           left join marts.mart_dq_scorecard as card using (period_code, sender_code)
           where card.sender_code is null""",
    )
    assert missing == [(0,)]
    unsent = values(
        con,
        """select card.dimension, card.submitted, card.rows_checked, card.pass_rate
           from marts.mart_dq_scorecard as card
           inner join marts.mart_submission_status as status using (period_code, sender_code)
           where not status.submitted order by 1""",
    )
    assert unsent  # D02: the last ward never sends its six-month report
    assert {(d, s, r) for d, s, r, _ in unsent} == {
        (d, False, 0) for d in ("du", "dung", "sach", "song")
    }
    assert {d: p for d, _, _, p in unsent}["du"] == 0.0


def _copy_without(city: Path, raw: Path, year: str) -> list[Path]:
    """The city without one year's files; returns those files (relative)."""
    held = []
    for path in sorted(city.rglob("*")):
        relative = path.relative_to(city)
        if path.is_dir():
            continue
        if year in relative.parts[0] or path.name == f"Danh muc thi dua {year}.xlsx":
            held.append(relative)
            continue
        (raw / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, raw / relative)
    return held


def test_last_years_registry_arriving_late_changes_nothing_for_this_year(city, refreshed, tmp_path):
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    held = _copy_without(city, raw, "2025")
    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 0
    figures = """select period_code, ward_code, measure_code, target_value, actual_value, is_achieved
                 from marts.mart_indicator_results where period_code like '2026%' order by all"""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        alone = values(con, figures)
    for relative in held:  # last year's files, its registry included, arrive after
        (raw / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(city / relative, raw / relative)
    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 0
    full = figures.replace("is_achieved", "is_achieved, previous_actual_value")
    with (
        duckdb.connect(str(warehouse), read_only=True) as late,
        duckdb.connect(str(refreshed), read_only=True) as together,
    ):
        assert values(late, figures) == alone
        assert values(late, full) == values(together, full)
        assert values(late, "select count(*) from marts.mart_award_proposals")[0][0] > 0


def _amend_registry(city: Path, raw: Path, ward: str) -> None:
    """The city's 2026 registry sent again: one target changed, a school year added."""
    wb = load_workbook(city / "danh_muc" / "Danh muc thi dua 2026.xlsx")
    targets = wb["ChiTieuGiao"]
    for row in targets.iter_rows():
        if row[1].value == ward and row[2].value == "CT01":
            row[3].value = 99.0
    periods = wb["KyBaoCao"]
    periods.append(
        [
            "SY2025-2026",
            "Năm học 2025-2026",
            dt.date(2025, 9, 5),
            dt.date(2026, 5, 31),
            dt.date(2026, 6, 10),
        ]
    )
    wb.save(raw / "danh_muc" / "Danh muc thi dua 2026 (sua doi).xlsx")


def _ward_report(city: Path, **info):
    """Ward 00127's six-month report with its ThongTin values replaced (label → value)."""
    wb = load_workbook(city / "2026-H1" / "phuong" / "BC thi dua P.Thanh Dong.xlsx")
    sheet = wb["ThongTin"]
    for row in sheet.iter_rows():
        if row[0].value in info:
            sheet.cell(row[0].row, 3).value = info[row[0].value]
    return wb


def _school_year_report(city: Path, raw: Path) -> None:
    labels = {"Kỳ báo cáo": "Năm học 2025-2026", "Ngày báo cáo": dt.date(2026, 6, 5)}
    _ward_report(city, **labels).save(raw / "BC nam hoc.xlsx")


def test_a_newer_registry_amends_its_year_and_a_school_year_is_judged_by_its_end(
    city, refreshed, tmp_path
):
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    shutil.copytree(city, raw)
    shutil.copy(refreshed, warehouse)
    _amend_registry(city, raw, "00127")
    _school_year_report(city, raw)
    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        targets = values(
            con,
            """select period_code, target_value from marts.mart_indicator_results
               where ward_code = '00127' and measure_code = 'CT01' order by 1""",
        )
        assert [t for p, t in targets if p.startswith("2026") or p.startswith("SY")] == [99.0] * 3
        assert all(t != 99.0 for p, t in targets if p.startswith("2025"))
        amended = values(
            con,
            """select source_file, message from quality.dq_issues
               where rule_code = 'SONG_REGISTRY_AMENDED' order by 1""",
        )
        assert [f for f, _ in amended] == [
            "danh_muc/Danh muc thi dua 2026 (sua doi).xlsx",
            "danh_muc/Danh muc thi dua 2026.xlsx",
        ]
        assert "sửa đổi bản đã nhận trước" in amended[0][1]
        school = values(
            con,
            """select registry_year, period_year from intermediate.int_registry__periods
               where period_code = 'SY2025-2026'""",
        )
        assert school == [(2026, 2026)]
        rows = values(
            con,
            """select count(*), count(previous_actual_value) from marts.mart_indicator_results
               where period_code = 'SY2025-2026'""",
        )
        assert rows == [(20, 0)]
        expected = values(
            con,
            """select count(*) from marts.mart_submission_status
               where period_code = 'SY2025-2026' and workbook_kind = 'unit_report'""",
        )
        assert expected == [(12,)]


def _correction(city: Path, raw: Path, value: float) -> None:
    """Ward 00127 sends its six-month report again after the announcement: CT01 corrected."""
    wb = _ward_report(city, **{"Ngày báo cáo": dt.date(2026, 7, 9)})
    for row in wb["KetQuaChiTieu"].iter_rows():
        if row[1].value == "CT01":
            row[5].value = value
    wb.save(raw / "BC dinh chinh.xlsx")


def test_publishing_freezes_the_announced_figures_and_lists_later_corrections(
    city, refreshed, tmp_path
):
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    shutil.copytree(city, raw)
    shutil.copy(refreshed, warehouse)
    args = ["--raw", str(raw), "--warehouse", str(warehouse)]
    ct01 = """select actual_value from marts.mart_indicator_results
              where period_code = '2026-H1' and ward_code = '00127' and measure_code = 'CT01'"""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        announced = values(con, ct01)[0][0]
    assert main(["publish", "--period", "2026-H1", "--nguoi-cong-bo", "Lê Thị Hoa", *args]) == 0
    assert main(["publish", "--period", "2031-H1", *args]) == 2  # no figure to announce

    _correction(city, raw, announced + 7)
    assert main(["refresh", *args]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert values(con, ct01) == [(announced,)]  # the marts keep the announced figure
        changes = values(
            con,
            """select edition, figure, sender_code, item_code, value_published, value_now,
                      source_file, source_cell
               from marts.mart_published_changes""",
        )
        assert changes == [
            (1, "actual_value", "00127", "CT01", announced, announced + 7, "BC dinh chinh.xlsx",
             "F9")
        ]  # fmt: skip
        other = values(
            con,
            "select count(*) from marts.mart_indicator_results where period_code = '2026-FY'",
        )
        assert other[0][0] > 0
    with serving(warehouse) as base:
        _, _, body = fetch(base + "/?period=2026-H1", headers={"Accept": "text/html"})
    html = body.decode("utf-8")
    assert "đã được công bố (lần 1" in html and "Lê Thị Hoa" in html
    assert "Đính chính chờ công bố" in html and "BC dinh chinh.xlsx" in html
    report = load_workbook(
        warehouse.parent / "reports" / "2026-H1" / "bao_cao_tong_hop_2026-H1.xlsx"
    )
    assert "DinhChinhChoCongBo" in report.sheetnames
    assert "đã công bố lần 1" in report["TongQuan"]["A5"].value
    from docx import Document

    official = Document(warehouse.parent / "reports" / "2026-H1" / "bao_cao_so_ket_2026-H1.docx")
    assert any("số liệu đã công bố (lần 1" in p.text for p in official.paragraphs)

    assert main(["publish", "--period", "2026-H1", "--ghi-chu", "Sau đính chính", *args]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert values(con, ct01) == [(announced + 7,)]
        assert values(con, "select count(*) from marts.mart_published_changes") == [(0,)]
        editions = values(
            con,
            """select edition, published_by, note, is_in_force, pending_changes
               from marts.mart_period_editions order by edition""",
        )
        assert editions[0][:4] == (1, "Lê Thị Hoa", None, False)
        assert editions[1][2:] == ("Sau đính chính", True, 0)


def test_a_registry_says_its_year_on_its_info_sheet_else_by_its_periods(city, tmp_path):
    from pipelines.reading.workbook import parse_workbook

    source = city / "danh_muc" / "Danh muc thi dua 2026.xlsx"
    assert parse_workbook(source, city).info == {"year": 2026}
    wb = load_workbook(source)
    info = wb.create_sheet("ThongTin", 0)
    info.append(["Năm", 2027])
    info.append(["Ngày báo cáo", "15/01/2027"])
    wb.save(tmp_path / "danh muc.xlsx")
    parsed = parse_workbook(tmp_path / "danh muc.xlsx", tmp_path)
    assert parsed.kind == "registry" and not parsed.is_rejected
    assert parsed.info["year"] == 2027 and parsed.report_date == dt.date(2027, 1, 15)
