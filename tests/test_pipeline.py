"""The whole graph materialised over a generated city (through `thidua refresh`)."""

import shutil

import duckdb

from pipelines.cli import main
from pipelines.sample.city import BLOCK_DEFECTS, DEFECTS
from pipelines.sample.generator import generate


def test_one_row_per_reporting_ward_and_measure_for_the_half_year(con):
    wards, rows, measures = con.execute(
        """select count(distinct ward_code), count(*), count(distinct measure_code)
           from marts.mart_indicator_results where period_code = '2026-H1'"""
    ).fetchone()
    assert measures == 20, "the ward plan's 20 measures"
    assert wards == 11, "12 wards, one never sent its six-month report (D02)"
    assert rows == wards * measures


def test_the_scorecard_counts_the_thirteen_indicators_and_ranks_wards(con):
    totals = con.execute(
        "select distinct indicators_total from marts.mart_ward_scorecard"
    ).fetchall()
    assert totals == [(13,)]
    ranks = con.execute(
        """select min(rank_in_city), count(*) from marts.mart_ward_scorecard
           where period_code = '2026-FY'"""
    ).fetchone()
    assert ranks == (1, 12)


def test_achievement_is_judged_against_the_city_target_not_the_ward_one(con):
    row = con.execute(
        """select reported_target, target_value from marts.mart_indicator_results
           where period_code = '2026-H1' and ward_code = '00136' and measure_code = 'CT01'"""
    ).fetchone()
    assert row[0] == 10 and row[1] != 10, "D04: the ward typed 10, the city assigned another"


def test_every_row_of_every_file_is_loaded_or_quarantined(con):
    broken = con.execute(
        """select count(*) from quality.dq_reconciliation
           where rows_read <> rows_loaded + rows_quarantined"""
    ).fetchone()[0]
    assert broken == 0
    quarantined = con.execute(
        "select sum(rows_quarantined) from quality.dq_reconciliation"
    ).fetchone()[0]
    assert quarantined >= 3, "an unreadable value, a value over 100%, a duplicate row"


NOT_YET_DETECTED: set[str] = set()


def test_each_planted_defect_gives_its_issue_with_its_dimension_and_sender(con):
    found = set(
        con.execute(
            "select rule_code, dimension, sender_code, period_code from quality.dq_issues"
        ).fetchall()
    )
    dimensions = {"DUNG": "dung", "DU": "du", "SACH": "sach", "SONG": "song"}
    for defect_id, ward_index, period, what, rule in DEFECTS:
        if defect_id in NOT_YET_DETECTED:
            continue
        dimension = dimensions[rule.split("_")[0]]
        if defect_id == "D14":  # a file that is no workbook has no sender
            assert any(r == rule and s is None for r, _, s, _ in found), defect_id
            continue
        if defect_id in BLOCK_DEFECTS:  # the test city's city blocks are K01, K02, K03
            sender = f"K{BLOCK_DEFECTS[defect_id][0] + 1:02d}"
        else:
            sender = f"{127 + 3 * (ward_index % 12):05d}"
        assert (rule, dimension, sender, period) in found, f"{defect_id} ({what}) not found"
    messages = con.execute("select message from quality.dq_issues").fetchall()
    assert all(m[0] for m in messages), "every issue has a message for the sender"


def test_every_quarantined_row_is_listed_with_its_reasons(con):
    listed = con.execute("select count(*) from quality.quarantine_rows").fetchone()[0]
    quarantined_rows = con.execute(
        """select sum(rows_quarantined) from quality.dq_reconciliation
           where not is_rejected"""
    ).fetchone()[0]
    assert listed == quarantined_rows
    reasons = con.execute(
        "select reasons from quality.quarantine_rows where rule_codes like '%OUT_OF_RANGE%'"
    ).fetchall()
    assert any("CT07a = 102" in r[0] for r in reasons), "D17"
    assert any("TC02 là 25" in r[0] for r in reasons), "D21"


def test_an_unreadable_file_is_one_issue_and_the_run_goes_on(con):
    rows = con.execute(
        """select severity, message from quality.dq_issues
           where rule_code = 'DUNG_FILE_UNREADABLE' and source_file like '%ghi chu.xlsx'"""
    ).fetchall()
    assert len(rows) == 1 and rows[0][0] == "error" and "CSV" in rows[0][1]


def test_the_newest_resubmission_is_the_one_in_the_marts(con):
    status = con.execute(
        """select versions, current_file from marts.mart_submission_status
           where period_code = '2026-H1' and sender_code = '00133'"""
    ).fetchone()
    assert status[0] == 2 and "sua lan 2" in status[1]
    source = con.execute(
        """select source_file from marts.mart_indicator_results
           where period_code = '2026-H1' and ward_code = '00133' and measure_code = 'CT01'"""
    ).fetchone()[0]
    assert "sua lan 2" in source


def test_recomputed_block_totals_win_over_reported_ones(con):
    row = con.execute(
        """select total_score, reported_total, rank_in_block, reported_rank
           from marts.mart_covenant_scores
           where period_code = '2026-H1' and block_code = 'K01' and has_total_mismatch"""
    ).fetchone()
    assert row[1] == row[0] + 5, "D15: reported five points too many"
    assert row[3] == 1 and row[2] != 1


def test_ranks_moved_by_a_quarantined_member_say_why(con):
    def messages(block, period):
        return [
            row[0]
            for row in con.execute(
                """select message from quality.dq_issues where rule_code = 'DUNG_RANK_MISMATCH'
                   and sender_code = ? and period_code = ?""",
                [block, period],
            ).fetchall()
        ]

    why = "không gồm thành viên có dòng bị cách ly"
    moved = messages("K03", "2026-FY")  # D21: its first member is quarantined
    assert moved and all(why in message for message in moved)
    assert not any(why in message for message in messages("K01", "2026-H1")), "D15 is the rank"


def test_a_second_refresh_reads_no_file_again_and_gives_the_same_marts(city, refreshed, tmp_path):
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(refreshed.read_bytes())
    query = "select * from marts.mart_indicator_results order by all"
    with duckdb.connect(str(copy), read_only=True) as con:
        before = con.execute(query).fetchall()
    assert main(["refresh", "--raw", str(city), "--warehouse", str(copy)]) == 0
    with duckdb.connect(str(copy), read_only=True) as con:
        assert con.execute(query).fetchall() == before
        files, runs = con.execute(
            "select count(*), count(distinct run_id) from raw.files"
        ).fetchone()
    assert runs == 1, f"all {files} files were loaded by the first run only"


def test_a_refresh_prints_vietnamese_and_its_steps_and_keeps_dbt_in_a_log(
    city, refreshed, tmp_path, capfd
):
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(refreshed.read_bytes())
    raw = tmp_path / "raw"  # one ward re-sends its report: ingest and GX have work to do
    shutil.copytree(city, raw)
    generate(tmp_path / "other", ward_count=12, seed=8)
    shutil.copy(
        tmp_path / "other/2026-H1/phuong/BC thi dua P.Thanh Dong.xlsx", raw / "gui lai.xlsx"
    )
    capfd.readouterr()
    assert main(["refresh", "--raw", str(raw), "--warehouse", str(copy)]) == 0
    out, err = capfd.readouterr()  # file descriptors: the GX worker process writes there too
    assert "Hoàn tất sau" in out and "Thời gian từng bước (giây): nạp đồ thị" in out
    assert "dựng bảng (dbt)" in out and "ghi báo cáo" in out and "thidua_dbt_models" not in out
    assert "Cảnh báo" in out and "warning" not in out, "dimensions and severities in Vietnamese"
    assert "START sql" not in out, "dbt's own lines go to the log, not the screen"
    assert "Calculating Metrics" not in out + err, "no GX progress bars on the screen"
    logs = list((tmp_path / "logs").glob("refresh_*.log"))
    assert len(logs) == 1 and "START sql table model" in logs[0].read_text(encoding="utf-8")
    assert str(logs[0]) in out


def test_a_refresh_with_nothing_new_changes_nothing_and_says_so(city, refreshed, tmp_path, capsys):
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(refreshed.read_bytes())
    assert (
        main(["refresh", "--raw", str(city), "--warehouse", str(copy)]) == 0
    )  # writes its reports
    published = copy.stat()
    capsys.readouterr()
    assert main(["refresh", "--raw", str(city), "--warehouse", str(copy)]) == 0
    assert "Không có tệp mới hay thay đổi nào" in capsys.readouterr().out
    assert (copy.stat().st_ino, copy.stat().st_mtime_ns) == (
        published.st_ino,
        published.st_mtime_ns,
    )
    # a missing report is something to do
    report = next((tmp_path / "reports").glob("*/bao_cao_tong_hop_*.xlsx"))
    report.unlink()
    assert main(["refresh", "--raw", str(city), "--warehouse", str(copy)]) == 0
    assert "Hoàn tất sau" in capsys.readouterr().out and report.exists()


def test_a_failed_refresh_leaves_the_published_warehouse_untouched(tmp_path, capsys):
    warehouse = tmp_path / "w.duckdb"
    warehouse.write_bytes(b"not a duckdb file")
    raw = tmp_path / "raw"
    raw.mkdir()
    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 1
    assert warehouse.read_bytes() == b"not a duckdb file"
    assert not (tmp_path / "w.duckdb.building").exists()
    assert "kho cũ được giữ nguyên" in capsys.readouterr().err


def test_great_expectations_flags_a_personal_number_that_disagrees_with_the_birth_year(con):
    rows = con.execute(
        """select sender_code, severity, dimension from quality.dq_issues
           where rule_code = 'DUNG_PERSONAL_ID_MISMATCH'"""
    ).fetchall()
    assert rows == [("00139", "warning", "dung")], "D19 planted in ward 00139"


def test_a_clean_city_gives_no_error_and_no_warning(tmp_path):
    from pipelines.sample.generator import generate

    raw = tmp_path / "clean"
    generate(raw, ward_count=6, seed=3, defects=False)
    warehouse = tmp_path / "clean.duckdb"
    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        problems = con.execute(
            """select rule_code, sender_code, message from quality.dq_issues
               where severity in ('error', 'warning')"""
        ).fetchall()
        quarantined = con.execute(
            "select sum(rows_quarantined) from quality.dq_reconciliation"
        ).fetchone()[0]
    assert problems == []
    assert quarantined == 0


def test_no_personal_number_or_birth_date_reaches_the_tables_people_query(con):
    numbers = [
        row[0]
        for row in con.execute(
            "select personal_id from raw.unit_award_proposals where personal_id is not null"
        ).fetchall()
    ]
    births = [
        row[0].strftime("%d/%m/%Y")
        for row in con.execute(
            "select birth_date from raw.unit_award_proposals where birth_date is not null"
        ).fetchall()
    ]
    assert numbers and births
    tables = con.execute(
        """select schema_name, table_name from duckdb_tables()
           where schema_name in ('marts', 'quality')"""
    ).fetchall()
    for schema, table in tables:
        text = " ".join(
            str(value)
            for row in con.execute(f'select * from "{schema}"."{table}"').fetchall()
            for value in row
        )
        leaked = [n for n in numbers if n in text or n.lstrip("0") in text]
        assert not leaked, f"{schema}.{table} holds personal numbers"
        assert not [b for b in births if b in text], f"{schema}.{table} holds birth dates"


def test_an_award_proposal_below_the_required_rating_is_ineligible_citing_the_article(con):
    rows = con.execute(
        """select eligibility_status, reasons, not_checked from marts.mart_award_proposals
           where sender_code = '00130' and award_code = 'lao_dong_tien_tien'
             and rating = 'Hoàn thành nhiệm vụ'"""
    ).fetchall()
    assert len(rows) == 1, "D18"
    status, reasons, not_checked = rows[0]
    assert status == "ineligible" and "Điều 24" in reasons
    assert "Thông tư 15/2025/TT-BNV" in not_checked, "the 2026 rule version is the one in force"


def test_a_provincial_title_is_checked_against_the_award_history(con):
    statuses = con.execute(
        """select eligibility_status, count(*) from marts.mart_award_proposals
           where award_code = 'chien_si_thi_dua_cap_tinh' group by all"""
    ).fetchall()
    statuses = dict(statuses)
    # the generated wards' own: 2 years of CSTĐCS in LichSuKhenThuong; the award cases add
    # a known person short of them and a person with no personal number
    assert statuses == {"eligible": 9, "ineligible": 1, "needs_review": 1}
    summary = con.execute(
        """select sum(eligible), bool_and(within_quota) from marts.mart_award_summary
           where award_code = 'chien_si_thi_dua_cap_tinh'"""
    ).fetchone()
    assert summary == (statuses["eligible"], True), "one per ward: within the city's quota"


def test_a_refresh_writes_the_city_report_and_quality_page_of_every_period(refreshed):
    reports = refreshed.parent / "reports"
    for period in ("2026-H1", "2026-FY"):
        assert (reports / period / f"bao_cao_tong_hop_{period}.xlsx").stat().st_size > 10_000
        page = (reports / period / f"chat_luong_{period}.html").read_text(encoding="utf-8")
        assert f"kỳ {period}" in page
    assert not list(reports.glob(".*.tmp")), "no half-written report left behind"


def _replace_cells(ws, old_to_new: dict) -> None:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value in old_to_new:
                cell.value = old_to_new[cell.value]


def _block_layout(ws) -> tuple[int, dict[str, int], list[int]]:
    """The header row, its columns by header, and the rows of members (1-based)."""
    header = next(row[0].row for row in ws.iter_rows() if "Mã đơn vị" in [c.value for c in row])
    columns = {cell.value: cell.column for cell in ws[header] if cell.value}
    code = columns["Mã đơn vị"]
    members = [
        row
        for row in range(header + 1, ws.max_row + 1)
        if str(ws.cell(row, code).value or "").isdigit()
    ]
    return header, columns, members


def test_hand_typed_codes_are_the_catalog_codes_and_block_scoring_gaps_are_reported(resend):
    """CT7a and TC1 typed by hand are CT07a and TC01; a score above its criterion's maximum,
    an unknown criterion column, a blank score, a member not scored and a member that did
    not sign the covenant each give their issue, and rows still add up."""
    import openpyxl

    raw, warehouse = resend
    ward = openpyxl.load_workbook(raw / "BC gui lai.xlsx")
    _replace_cells(ward["KetQuaChiTieu"], {"CT07a": "CT7a", "CT01": "CT-01"})
    ward.save(raw / "BC gui lai.xlsx")

    blocks = {
        period: raw / period / "khoi" / "Cham diem K02.xlsx" for period in ("2026-H1", "2026-FY")
    }
    book = openpyxl.load_workbook(blocks["2026-H1"])
    criteria = book["TieuChi"]
    max_tc02 = next(row[4] for row in criteria.iter_rows(values_only=True) if row[1] == "TC02")
    scores = book["ChamDiem"]
    header, columns, members = _block_layout(scores)
    codes = [scores.cell(row, columns["Mã đơn vị"]).value for row in members]
    scores.cell(members[0], columns["TC02"], max_tc02 + 5)  # above the maximum
    scores.cell(members[1], columns["TC03"]).value = None  # not scored on one criterion
    extra = scores.max_column + 1
    scores.cell(header, extra, "TC99")  # a criterion the TieuChi sheet does not list
    scores.cell(members[3], extra, 4)
    scores.cell(header, columns["TC01"], "TC1")  # typed by hand
    scores.delete_rows(members[2])  # a member not scored at all
    other_block = openpyxl.load_workbook(raw / "2026-H1" / "khoi" / "Cham diem K01.xlsx")
    outsider = _block_layout(other_block["ChamDiem"])[2][0]
    outsider = other_block["ChamDiem"].cell(outsider, 2).value  # a member of K01 only
    row = members[-1]  # under the last member (one row was deleted above)
    scores.insert_rows(row)
    for col, value in enumerate([9, outsider, "Đơn vị khối khác", 20, 15, 15, 10, 10], 1):
        scores.cell(row, col, value)
    book.save(blocks["2026-H1"])
    book = openpyxl.load_workbook(blocks["2026-FY"])  # a criterion's column deleted
    header, columns, _ = _block_layout(book["ChamDiem"])
    dropped = max(code for code in columns if code.startswith("TC"))
    book["ChamDiem"].delete_cols(columns[dropped])
    book.save(blocks["2026-FY"])
    for path in blocks.values():  # a member that signed in neither report of the year
        book = openpyxl.load_workbook(path)
        signatures = book["GiaoUoc"]
        row = next(c.row for c in signatures["B"] if c.value == codes[3])
        signatures.delete_rows(row)
        book.save(path)

    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        results = dict(
            con.execute(
                """select measure_code, actual_value from marts.mart_indicator_results
                   where source_file = 'BC gui lai.xlsx' and measure_code in ('CT01', 'CT07a')"""
            ).fetchall()
        )
        assert set(results) == {"CT01", "CT07a"} and None not in results.values()
        ward_issues = con.execute(
            """select rule_code, value from quality.dq_issues
               where source_file = 'BC gui lai.xlsx' and rule_code <> 'SACH_SUPERSEDED'"""
        ).fetchall()
        assert ("SACH_VALUE_NORMALISED", "CT7a") in ward_issues
        assert ("SACH_VALUE_NORMALISED", "CT-01") in ward_issues
        assert not [i for i in ward_issues if i[0] == "DUNG_UNKNOWN_MEASURE"]

        issues = con.execute(
            """select rule_code, severity, column_name, value, period_code from quality.dq_issues
               where sender_code = 'K02' and rule_code in ('DUNG_OUT_OF_RANGE',
                   'DUNG_UNKNOWN_CRITERION', 'DU_CRITERION_UNSCORED', 'DU_MEMBER_UNSCORED',
                   'DU_COVENANT_UNSIGNED', 'DUNG_NOT_BLOCK_MEMBER')
               order by all"""
        ).fetchall()
        h1 = [i[:4] for i in issues if i[4] == "2026-H1"]
        assert ("DUNG_NOT_BLOCK_MEMBER", "error", "Mã đơn vị", outsider) in h1
        h1 = [i for i in h1 if i[0] != "DUNG_NOT_BLOCK_MEMBER"]
        assert [i[:2] for i in h1] == [
            ("DUNG_OUT_OF_RANGE", "error"),
            ("DUNG_UNKNOWN_CRITERION", "error"),
            ("DU_COVENANT_UNSIGNED", "warning"),
            ("DU_CRITERION_UNSCORED", "warning"),
            ("DU_MEMBER_UNSCORED", "warning"),
        ], h1
        assert h1[0][2].startswith("TC02 (cột ") and h1[1][2].startswith("TC99 (cột ")
        assert h1[2][3] == codes[3] and h1[4][3] == codes[2] and h1[3][2].startswith("TC03")
        # the deleted column is said once, not once for every member
        assert [i[:3] for i in issues if i[4] == "2026-FY"] == [
            ("DU_COVENANT_UNSIGNED", "warning", "Mã đơn vị"),
            ("DU_CRITERION_UNSCORED", "warning", dropped),
        ]

        scored = dict(
            con.execute(
                """select unit_code, total_score from marts.mart_covenant_scores
                   where block_code = 'K02' and period_code = '2026-H1'"""
            ).fetchall()
        )
        # errors keep the member's row out; a blank score counts as 0
        assert set(scored) == {codes[1]}
        reconciliation = con.execute(
            """select rows_read, rows_loaded, rows_quarantined from quality.dq_reconciliation
               where sender_code = 'K02' and period_code = '2026-H1' and is_current"""
        ).fetchone()
        assert reconciliation[0] == reconciliation[1] + reconciliation[2]
        assert reconciliation[2] == 3  # over the maximum, unknown criterion, not a member


def _proposals_workbook(path, code, name, report_date, people, sheet="DeNghiKhenThuong") -> None:
    """A proposals-only workbook as an office types it: no KetQuaChiTieu sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    info = book.active
    info.title = "ThongTin"
    info.append(["TỜ TRÌNH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2026"])
    info.append([])
    for label, value in [
        ("Mã đơn vị", code),
        ("Tên đơn vị", name),
        ("Kỳ báo cáo", "Năm 2026"),
        ("Ngày báo cáo", report_date),
        ("Người lập", "Lê Thị Hoa"),
    ]:
        info.append([label, None, value])
    table = book.create_sheet(sheet)
    table.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"])
    table.append(
        ["STT", "Họ và tên", "Đối tượng", "Ngày sinh", "Giới tính", "Chức vụ",
         "Danh hiệu/Hình thức đề nghị", "Năm", "Xếp loại", "Sáng kiến"]
    )  # fmt: skip
    for number, person in enumerate(people, 1):
        table.append([number, *person])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def test_a_proposals_only_workbook_is_read_and_never_replaces_a_wards_indicators(resend, tmp_path):
    """A school sends only its award proposals; a ward sends its proposals apart from its
    year report, later. Both lists are read; the ward's later list replaces the one in its
    report, with a note, and its indicator results stay those of its report."""
    import datetime as dt

    raw, warehouse = resend
    with duckdb.connect(str(warehouse), read_only=True) as con:
        school, school_name = con.execute(
            """select unit_code, unit_name from intermediate.int_registry__wards
               where unit_type = 'Trường học' order by 1 limit 1"""
        ).fetchone()
        report_file, reported_on = con.execute(
            """select current_file, submitted_on from marts.mart_submission_status
               where period_code = '2026-FY' and sender_code = '00130'"""
        ).fetchone()
        results_before = con.execute(
            """select count(*) from marts.mart_indicator_results
               where period_code = '2026-FY' and ward_code = '00130'"""
        ).fetchone()[0]
        proposals_before = con.execute(
            "select count(*) from marts.mart_award_proposals where sender_code = '00130'"
        ).fetchone()[0]
    assert results_before == 20 and proposals_before > 0
    teacher = ("Nguyễn Thị Lan", "Cá nhân", dt.date(1980, 3, 2), "Nữ", "Giáo viên",
               "Lao động tiên tiến", 2026, "Hoàn thành tốt nhiệm vụ", "Không")  # fmt: skip
    head = ("Phạm Văn Bình", "Cá nhân", dt.date(1975, 9, 9), "Nam", "Hiệu trưởng",
            "Lao động tiên tiến", 2026, "Hoàn thành xuất sắc nhiệm vụ", "Có")  # fmt: skip
    _proposals_workbook(
        raw / "truong" / "TTr de nghi.xlsx", school, school_name, dt.date(2026, 12, 1),
        [teacher, head],
    )  # fmt: skip
    officer = ("Hoàng Văn Tư", "Cá nhân", dt.date(1990, 1, 1), "Nam", "Công an phường",
               "Giấy khen", 2026, "Hoàn thành tốt nhiệm vụ", "Không")  # fmt: skip
    _proposals_workbook(
        raw / "De nghi bo sung.xlsx", 130, "Phường Tân Hưng",  # the code lost its zeros
        reported_on + dt.timedelta(days=1), [officer], sheet="Đề nghị khen thưởng",
    )  # fmt: skip

    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        kinds = dict(
            con.execute(
                """select source_file, workbook_kind from quality.dq_reconciliation
                   where source_file in ('truong/TTr de nghi.xlsx', 'De nghi bo sung.xlsx')
                     and is_current and not is_rejected and rows_read = rows_loaded"""
            ).fetchall()
        )
        assert kinds == {
            "truong/TTr de nghi.xlsx": "award_proposals",
            "De nghi bo sung.xlsx": "award_proposals",
        }
        proposals = con.execute(
            """select sender_code, nominee_name from marts.mart_award_proposals
               where sender_code in (?, '00130') order by all""",
            [school],
        ).fetchall()
        assert proposals == sorted(
            [("00130", "Hoàng Văn Tư"), (school, "Nguyễn Thị Lan"), (school, "Phạm Văn Bình")]
        ), "the school's list, and the ward's later list instead of the one in its report"
        results = con.execute(
            """select count(*), any_value(source_file) from marts.mart_indicator_results
               where period_code = '2026-FY' and ward_code = '00130'"""
        ).fetchone()
        assert results == (results_before, report_file), "the report's indicators stay"
        status = con.execute(
            """select current_file, versions from marts.mart_submission_status
               where period_code = '2026-FY' and sender_code = '00130'"""
        ).fetchone()
        assert status == (report_file, 1), "a proposals workbook is not a report version"
        replaced = con.execute(
            """select severity, sheet, message from quality.dq_issues
               where rule_code = 'SONG_PROPOSALS_REPLACED'"""
        ).fetchall()
        assert [(severity, sheet) for severity, sheet, _ in replaced] == [
            ("info", "DeNghiKhenThuong")
        ]
        assert "“De nghi bo sung.xlsx”" in replaced[0][2]
        assert not con.execute(
            """select * from quality.dq_issues where severity <> 'info'
               and source_file in ('truong/TTr de nghi.xlsx', 'De nghi bo sung.xlsx')"""
        ).fetchall()

    out = tmp_path / "reports"
    assert (
        main(["report", "--period", "2026-FY", "--warehouse", str(warehouse), "--out", str(out)])
        == 0
    )
    written = {path.name for path in (out / "2026-FY" / "phan_hoi").iterdir()}
    school_receipt = [name for name in written if name.endswith(f"_{school}_2026-FY.xlsx")]
    assert school_receipt and school_receipt[0].startswith("phan_hoi_de_nghi_khen_thuong_truong_")
    assert "phan_hoi_de_nghi_khen_thuong_phuong_tan_hung_00130_2026-FY.xlsx" in written


def test_a_folder_without_a_registry_builds_with_every_files_outcome_and_says_so(
    city, tmp_path, capsys
):
    raw = tmp_path / "raw"
    shutil.copytree(city / "2026-H1", raw / "2026-H1")
    warehouse = tmp_path / "moi" / "thidua.duckdb"
    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 0
    said = capsys.readouterr()
    assert "LỖI: Chưa có danh mục của thành phố" in said.err
    assert "blocking" not in said.err + said.out and "kho cũ" not in said.err
    with duckdb.connect(str(warehouse), read_only=True) as con:
        missing = con.execute(
            "select severity from quality.dq_issues where rule_code = 'DU_REGISTRY_MISSING'"
        ).fetchall()
        files = con.execute("select count(*) from raw.files").fetchone()[0]
        told = con.execute(
            "select count(distinct file_hash) from quality.dq_issues where file_hash is not null"
        ).fetchone()[0]
    assert missing == [("error",)]
    assert files == len(list(raw.rglob("*.xlsx"))) == told, "every file is told its outcome"


def test_a_first_refresh_that_fails_does_not_speak_of_an_old_warehouse(tmp_path, capsys):
    from pipelines.cli.refresh import BuildFailed, print_failure

    print_failure(BuildFailed("thử", tmp_path / "log"), published=tmp_path / "none.duckdb")
    assert "chưa có kho dữ liệu nào được tạo" in capsys.readouterr().err


def test_every_copy_of_a_refused_file_is_told_its_outcome(resend):
    raw, warehouse = resend
    junk = raw / "email" / "ghi chu.xlsx"  # D14: a CSV saved as .xlsx, refused
    (raw / "gui lai").mkdir()
    shutil.copy(junk, raw / "gui lai" / "ghi chu (1).xlsx")
    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        told = con.execute(
            """select issues.rule_code, issues.message from quality.dq_issues as issues
               inner join raw.files using (file_hash)
               where files.is_rejected and issues.rule_code = 'SACH_FILE_DUPLICATE'"""
        ).fetchall()
    assert len(told) == 1
    assert "“email/ghi chu.xlsx”" in told[0][1] and "“gui lai/ghi chu (1).xlsx”" in told[0][1]
    assert "không được tiếp nhận" in told[0][1]
