"""Ingestion of a folder: parallel parsing, incremental loading, history of sightings."""

import shutil
from pathlib import Path

import duckdb

from pipelines.reading.workbook import file_hash, find_workbooks
from pipelines.store import ingest


def test_parsing_on_every_core_gives_what_one_process_gives(city, monkeypatch):
    jobs = [(path, file_hash(path)) for path in find_workbooks(city)]
    monkeypatch.setattr(ingest, "PARALLEL_MIN_FILES", 2)
    parallel = ingest.parse_many(jobs, city, workers=2)
    sequential = ingest.parse_many(jobs, city, workers=1)
    assert parallel.files.data["file_hash"] == [digest for _, digest in jobs]
    assert parallel.files_new == len(jobs) and parallel.rows_read > 0
    assert parallel == sequential


def test_a_renamed_copy_is_seen_but_not_read_again_and_a_new_file_is(city, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(city, raw)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        first = ingest.ingest_folder(raw, con, "run1")
        some_report = next((raw / "2026-FY" / "phuong").glob("*.xlsx"))
        shutil.copy(some_report, raw / "2026-FY" / "BC gui lai qua Zalo.xlsx")
        again = ingest.ingest_folder(raw, con, "run2")
        assert first.files_new == first.files_found - 1, "the byte-identical copy (D13) once"
        assert again.files_new == 0, "a renamed copy has the same content"
        paths = con.execute(
            "select count(distinct path) from raw.file_sightings where file_hash = ?",
            [file_hash(some_report)],
        ).fetchone()[0]
        assert paths == 2, "both places it arrived are kept in history"


def test_columns_keep_rows_of_different_shapes_aligned():
    from pipelines.reading.batch import Columns

    first = Columns()
    first.append({"a": 1, "b": 2})
    first.append({"a": 3, "c": 4})  # no b, a new c
    second = Columns()
    second.append({"d": 5})
    first.extend(second)
    assert first.length == 3
    assert first.data == {
        "a": [1, 3, None],
        "b": [2, None, None],
        "c": [None, 4, None],
        "d": [None, None, 5],
    }


def test_a_new_reader_reads_every_stored_submission_again(city, refreshed, tmp_path):
    """A warehouse read by older code (here: it refused the school's proposals-only
    workbook) is read again from the stored bytes when the reading code changes, files
    gone from the folder included; each file keeps when it was first seen."""
    from pipelines.cli import main
    from pipelines.store.reread import reading_digest

    raw = tmp_path / "raw"
    shutil.copytree(city, raw)
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(refreshed, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        seen = dict(con.execute("select path, first_seen_at from raw.files").fetchall())
        rows = con.execute("select sum(rows_read) from quality.dq_reconciliation").fetchone()
        school = con.execute(
            "select file_hash from raw.files where kind = 'award_proposals'"
        ).fetchone()[0]
        # what an older reader left: the file refused, its rows never read
        con.execute(
            """update raw.files set kind = null, sender_code = null, period_code = null,
               is_rejected = true where file_hash = ?""",
            [school],
        )
        con.execute("delete from raw.unit_award_proposals where file_hash = ?", [school])
        con.execute("delete from raw.sheet_columns where file_hash = ?", [school])
        con.execute(
            """insert into quality.parse_issues values (?, 'old', now(), 'dung',
               'DUNG_FILE_UNKNOWN_KIND', 'error', null, null, null, null, 'Tệp không theo…')""",
            [school],
        )
        con.execute("update raw.reader_state set reader_digest = 'older'")
        con.execute("update raw.build_state set code_digest = 'older'")  # a new version
    (raw / "2026-H1/phuong/BC thi dua P.Hoa Binh.xlsx").unlink()  # D03's first version

    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select reader_digest from raw.reader_state").fetchall() == [
            (reading_digest(),)
        ]
        assert dict(con.execute("select path, first_seen_at from raw.files").fetchall()) == seen
        assert (
            con.execute("select sum(rows_read) from quality.dq_reconciliation").fetchone() == rows
        ), "every row read again, the version gone from the folder too"
        assert (
            con.execute(
                "select count(*) from marts.mart_award_proposals where file_hash = ?", [school]
            ).fetchone()[0]
            == 3
        )
        assert not con.execute(
            "select * from quality.dq_issues where rule_code = 'DUNG_FILE_UNKNOWN_KIND'"
            " and source_file like '%truong%'"
        ).fetchall()
        superseded = con.execute(
            "select count(*) from quality.dq_issues where rule_code = 'SONG_SUPERSEDED'"
            " and source_file = '2026-H1/phuong/BC thi dua P.Hoa Binh.xlsx'"
        ).fetchone()[0]
        assert superseded == 1


def test_a_column_added_to_the_specs_is_added_to_an_older_warehouse(tmp_path):
    from pipelines.store.warehouse import ensure_schema

    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_schema(con)
        con.execute("alter table raw.unit_award_proposals drop column rating")
        ensure_schema(con)
        columns = [row[0] for row in con.execute("describe raw.unit_award_proposals").fetchall()]
    assert "rating" in columns


def test_the_reading_digest_covers_every_module_a_parsing_process_imports():
    """A module the parser imports but the digest leaves out would change how files are
    read without their being read again (reread.py)."""
    import subprocess
    import sys

    from pipelines.store.reread import READING_CODE

    script = (
        "import sys, pipelines.reading.batch; "
        "print(*sorted(m.__file__ for n, m in sys.modules.items() "
        "if n.startswith('pipelines.') and getattr(m, '__file__', None)))"
    )
    imported = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    files = {Path(name).resolve() for name in imported if not name.endswith("__init__.py")}
    assert len(files) > 10, "the parsing process imports the reading room"
    assert files <= {path.resolve() for path in READING_CODE}


def test_parsed_parts_are_handed_over_as_they_come_and_not_kept(city, monkeypatch):
    """The refresh holds a few chunks' rows at a time, however many files (issue 16)."""
    jobs = [(path, file_hash(path), path.name) for path in find_workbooks(city)]
    from pipelines.store import isolation

    monkeypatch.setattr(isolation, "CHUNK_BYTES", 1)  # one workbook a chunk
    parts = []
    kept = ingest.parse_many(jobs, city, workers=2, on_part=parts.append)
    assert len(parts) == len(jobs) and all(part.files_new == 1 for part in parts)
    assert kept.files.length == 0 and not kept.tables, "nothing but the counts is kept"
    assert kept.files_new == len(jobs)
    assert kept.rows_read == sum(part.rows_read for part in parts) > 0
