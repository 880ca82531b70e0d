"""dbt runs inside the Dagster process (pipelines/defs/transform/in_process.py): its
results must reach Dagster as they did from dagster-dbt's subprocess, a subset must build
only itself, and a broken model must fail the step and release the warehouse file."""

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import defs

MART = dg.AssetKey(["marts", "mart_ward_scorecard"])


def _run(warehouse, raw, selection):
    job = defs().resolve_job_def("refresh")
    return job.execute_in_process(
        run_config={
            "resources": {"warehouse": {"config": {"raw_dir": str(raw), "path": str(warehouse)}}}
        },
        instance=dg.DagsterInstance.ephemeral(),
        asset_selection=selection,
        raise_on_error=False,
    )


@pytest.fixture
def copy(refreshed, tmp_path):
    path = tmp_path / "w.duckdb"
    path.write_bytes(refreshed.read_bytes())
    return path


def test_every_model_is_materialised_and_every_dbt_test_is_a_check_result(copy, city):
    dbt_keys = [
        key
        for key in defs().resolve_all_asset_keys()
        if key.path[0] in ("staging", "intermediate", "marts", "quality")
        and key.path[-1] not in ("parse_issues", "gx_issues")
    ]
    result = _run(copy, city, dbt_keys)
    assert result.success
    materialised = {event.asset_key for event in result.get_asset_materialization_events()}
    assert set(dbt_keys) <= materialised
    checks = result.get_asset_check_evaluations()
    assert len(checks) > 20 and all(check.passed for check in checks)
    assert any(check.check_name.startswith("not_null_") for check in checks)
    # the warehouse was closed by dbt: it opens read-only in this process
    with duckdb.connect(str(copy), read_only=True) as con:
        assert con.execute("select count(*) from marts.mart_ward_scorecard").fetchone()[0] > 0


@pytest.mark.parametrize("threshold", [200, 0], ids=["select", "generated-selector"])
def test_a_subset_builds_only_what_was_selected(copy, city, threshold, monkeypatch):
    # Past 200 resources dagster-dbt writes a selector into a temporary copy of the project.
    monkeypatch.setattr("dagster_dbt.asset_utils._SELECTION_ARGS_THRESHOLD", threshold)
    with duckdb.connect(str(copy)) as con:
        con.execute("drop table marts.mart_indicator_city_summary")
    result = _run(copy, city, [MART])
    assert result.success
    assert {event.asset_key for event in result.get_asset_materialization_events()} == {MART}
    with duckdb.connect(str(copy), read_only=True) as con:
        tables = {
            row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()
        }
    assert "mart_indicator_city_summary" not in tables


def test_a_model_that_fails_fails_the_step_with_its_name_and_frees_the_file(copy, city):
    with duckdb.connect(str(copy)) as con:
        con.execute("drop view if exists staging.stg_unit_reports__indicator_results")
        con.execute("drop table raw.unit_indicator_results")
    result = _run(copy, city, [dg.AssetKey(["staging", "stg_unit_reports__indicator_results"])])
    assert not result.success
    failure = next(event for event in result.all_events if event.is_step_failure)
    assert "stg_unit_reports__indicator_results" in failure.step_failure_data.error.to_string()
    with duckdb.connect(str(copy)) as con:  # read-write: nobody holds it
        con.execute("select 1")
