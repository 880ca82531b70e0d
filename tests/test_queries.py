"""Every SQL block of docs/queries.md answers, through the same path as `thidua query`."""

import re
from pathlib import Path

import pytest

from pipelines.store.query import run_query

DOC = Path(__file__).resolve().parents[1] / "docs" / "queries.md"
QUERIES = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_document_has_the_ten_questions():
    assert len(QUERIES) >= 10


@pytest.mark.parametrize("sql", QUERIES, ids=[f"q{i + 1}" for i in range(len(QUERIES))])
def test_each_documented_query_runs_read_only(refreshed, sql):
    frame = run_query(refreshed, sql)
    assert list(frame.columns), "a result with named columns"


def test_the_answers_match_the_planted_facts(refreshed):
    leaders = run_query(refreshed, QUERIES[3])
    assert set(leaders["block_code"]) >= {"K01", "K02", "K03"}, "every block has a leader"
    mismatches = run_query(refreshed, QUERIES[4])
    assert "K01" in set(mismatches["block_code"]), "D15"
    ineligible = run_query(refreshed, QUERIES[5])
    assert "00130" in set(ineligible["sender_code"]), "D18"
    late_or_missing = run_query(refreshed, QUERIES[7])
    assert {"00130", "00160"} <= set(late_or_missing["sender_code"]), "D01 and D02"
    lineage = run_query(refreshed, QUERIES[9])
    assert lineage.loc[0, "source_cell"].startswith("F"), "the result column of the ward's sheet"
