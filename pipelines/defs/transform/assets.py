"""dbt models as Dagster assets; dbt tests appear as asset checks."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, dbt_assets

from pipelines.core import person_keys
from pipelines.defs.resources import Warehouse
from pipelines.defs.transform.in_process import dbt_build_in_process
from pipelines.defs.transform.project import DBT_PROJECT, ensure_manifest


class ThiduaTranslator(DagsterDbtTranslator):
    """Models group by their folder; sources keep their keys (raw/<table>), made by ingest."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        folder = dbt_resource_props.get("fqn", ["", "other"])[1]
        return {"staging": "staging", "intermediate": "intermediate"}.get(folder, folder)


@dbt_assets(
    manifest=ensure_manifest(),
    project=DBT_PROJECT,
    dagster_dbt_translator=ThiduaTranslator(),
)
def thidua_dbt_models(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """Staging, quality and mart tables built by dbt-duckdb in the warehouse."""
    # dbt's profile reads the warehouse path from here (dbt_project/profiles.yml), and
    # dq_issues the run id. Environment, not --vars: changed vars force dbt to re-parse
    # the whole project, a changed env var only the files that read it.
    os.environ["THIDUA_WAREHOUSE"] = str(warehouse.db_path())
    os.environ["THIDUA_RUN_ID"] = context.run_id[:12]
    # the secret keying persons, beside the warehouse as configured (not its build folder)
    os.environ[person_keys.BUILD_KEY_ENV] = str(person_keys.key_path(Path(warehouse.path)))
    # Unit tests, and the grain tests of our staging and intermediate models (severity
    # warn), check the SQL, not the data: `make test` runs them (tests/test_dbt_unit.py);
    # at 3,321 wards unit tests cost a third of `dbt build`, and the grain tests a fifth of
    # the sample city's. dbt's JSON artifacts (manifest, run_results) are read by nothing
    # here, and the refresh log has every node's result: not writing them saves 0.26 s of a
    # 3.4 s warm build.
    yield from dbt_build_in_process(
        context,
        DBT_PROJECT,
        [
            "build",
            "--exclude-resource-type",
            "unit_test",
            "--exclude",
            "config.severity:warn",
            "--no-write-json",
        ],
        warehouse.dbt_target_path(),
    )
