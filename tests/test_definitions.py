"""The Dagster code location loads, as `dagster dev` would load it."""

import dagster as dg

from pipelines.definitions import defs


def test_the_code_location_has_ingest_and_dbt_assets_and_the_refresh_job():
    definitions = defs()
    keys = {key.to_user_string() for key in definitions.resolve_all_asset_keys()}
    assert {"raw/files", "raw/unit_indicator_results", "quality/parse_issues"} <= keys
    assert {"marts/mart_indicator_results", "marts/mart_ward_scorecard"} <= keys
    job = definitions.resolve_job_def("refresh")
    assert isinstance(job, dg.JobDefinition)
