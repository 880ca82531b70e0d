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
    assert [f.file_hash for f in parallel] == [f.file_hash for f in sequential]
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
