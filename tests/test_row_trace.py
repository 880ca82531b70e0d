"""Nothing is lost (issue 21): every row read is followed through the layers to the marts
(quality.dq_row_trace), and a row dropped between two layers fails the build's test."""

import shutil

import duckdb
from dbt_runner import project_copy, run_dbt


def _build_trace(project, warehouse):
    """dbt rebuilds the trace (and runs its tests) over the warehouse as it is."""
    return run_dbt(project, warehouse, "build", "--select", "dq_row_trace")


def test_every_row_read_is_in_the_marts_quarantined_or_set_aside_with_a_reason(con):
    totals = con.execute(
        """select sum(rows_read), sum(rows_in_marts), sum(rows_quarantined), sum(rows_set_aside),
                  sum(rows_lost)
           from quality.dq_row_trace"""
    ).fetchone()
    read, in_marts, quarantined, set_aside, lost = totals
    assert lost == 0 and read == in_marts + quarantined + set_aside and in_marts > 1000
    reasons = {
        row[0]
        for row in con.execute(
            "select distinct set_aside_reasons from quality.dq_row_trace where rows_set_aside > 0"
        ).fetchall()
    }
    assert "bản gửi cũ, đã có bản mới hơn: lưu trong lịch sử" in reasons  # D03's first version
    # the reconciliation per file agrees with the trace
    per_file = con.execute(
        """select count(*) from quality.dq_reconciliation as recon
           inner join (select file_hash, sum(rows_read) as read, sum(rows_quarantined) as out
                       from quality.dq_row_trace group by all) as trace using (file_hash)
           where recon.rows_read <> trace.read or recon.rows_quarantined <> trace.out"""
    ).fetchone()
    assert per_file == (0,)


def test_a_row_dropped_between_layers_fails_the_trace(refreshed, tmp_path):
    project = project_copy(tmp_path)
    warehouse = tmp_path / "thidua.duckdb"
    shutil.copy2(refreshed, warehouse)
    kept = _build_trace(project, warehouse)
    assert kept.returncode == 0, kept.stdout[-3000:]
    with duckdb.connect(str(warehouse)) as con:  # one figure goes missing on its way
        con.execute(
            """delete from marts.mart_indicator_results
               where (period_code, ward_code, measure_code) = (
                   select (period_code, ward_code, measure_code)
                   from marts.mart_indicator_results where source_row is not null limit 1)"""
        )
    dropped = _build_trace(project, warehouse)
    assert dropped.returncode != 0
    assert "expression_is_true_dq_row_trace_rows_lost_0" in dropped.stdout
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select sum(rows_lost) from quality.dq_row_trace").fetchone() == (1,)
