"""The Dagster code location loads, as `dagster dev` would load it."""

import dagster as dg

from pipelines.definitions import defs


def test_the_code_location_has_ingest_dbt_assets_checks_and_the_refresh_job():
    definitions = defs()
    keys = {key.to_user_string() for key in definitions.resolve_all_asset_keys()}
    assert {"raw/files", "raw/unit_indicator_results", "quality/parse_issues"} <= keys
    assert {"marts/mart_indicator_results", "marts/mart_ward_scorecard", "period_reports"} <= keys
    job = definitions.resolve_job_def("refresh")
    checks = {key.name for key in job.asset_layer.asset_graph.asset_check_keys}
    assert {"gx_unit_indicator_results", "gx_unit_award_proposals"} <= checks
    assert any(name.startswith("not_null_") or name.startswith("unique_") for name in checks), (
        "dbt tests appear as asset checks"
    )
    assert isinstance(job, dg.JobDefinition)


def test_the_dbt_list_of_sheet_tables_matches_the_specs():
    import re
    from pathlib import Path

    from pipelines.lib.specs import KINDS

    macro = (Path(__file__).parents[1] / "dbt_project/macros/sheet_tables.sql").read_text()
    listed = set(re.findall(r"'(\w+)'", macro))
    assert listed == {spec.table for specs in KINDS.values() for spec in specs}
