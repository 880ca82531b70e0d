"""Ingestion of a folder: parallel parsing, incremental loading, history of sightings."""

import shutil

import duckdb

from pipelines.lib import ingest
from pipelines.lib.workbook import file_hash, find_workbooks


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
    from pipelines.lib.batch import Columns

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
