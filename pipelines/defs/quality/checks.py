"""Great Expectations suites as Dagster asset checks on the raw tables.

One multi-asset check imports GX once per run (about 4.5 s), validates the rows
of files not validated before, and stores each failing row in quality.gx_issues,
which dbt folds into quality.dq_issues and the quarantine. The checks are
blocking: when a whole table is unusable (every row fails, or the registry has
no usable row) they fail with severity ERROR and the marts are not rebuilt on it.
"""

import dagster as dg
import duckdb

from pipelines.defs.resources import Warehouse
from pipelines.quality import gx_worker
from pipelines.quality.gx_validate import suite_tables

# Without these the marts cannot be computed at all.
REGISTRY_TABLES = {"registry_measures", "registry_targets", "registry_units"}


def gx_check_specs() -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(
            name=f"gx_{table}",
            asset=dg.AssetKey(["raw", table]),
            blocking=True,
            description=f"Bộ kiểm tra Great Expectations raw.{table} (expectations/gx/expectations/raw/{table}.json).",
        )
        for table in suite_tables()
    ]


@dg.multi_asset_check(specs=gx_check_specs(), name="great_expectations_suites")
def great_expectations_suites(context: dg.AssetCheckExecutionContext, warehouse: Warehouse):
    """Row rules of the four dimensions (types, ranges, allowed values, required cells, personal numbers)."""
    outcomes = gx_worker.validate(warehouse.db_path(), context.run.run_id[:12])
    with duckdb.connect(str(warehouse.db_path()), read_only=True) as con:
        # no registry sent at all: the build goes on, so every file's outcome is kept, and
        # dbt says the registry is missing (DU_REGISTRY_MISSING); a registry sent but
        # unusable keeps the marts of the last good build instead
        registries = con.execute(
            "select count(*) from raw.files where kind = 'registry'"
        ).fetchone()[0]
        usable = {
            outcome.table: con.execute(
                f"select count(*) from raw.{outcome.table} where not has_error"
            ).fetchone()[0]
            for outcome in outcomes
        }
    for outcome in outcomes:
        all_failed = outcome.rows_checked > 0 and outcome.rows_failed == outcome.rows_checked
        unusable = (
            outcome.table in REGISTRY_TABLES and usable[outcome.table] == 0 and registries > 0
        ) or (all_failed and outcome.rows_checked == usable[outcome.table])
        yield dg.AssetCheckResult(
            asset_key=dg.AssetKey(["raw", outcome.table]),
            check_name=f"gx_{outcome.table}",
            passed=outcome.rows_failed == 0 and not unusable,
            severity=dg.AssetCheckSeverity.ERROR if unusable else dg.AssetCheckSeverity.WARN,
            metadata={
                "rows_checked": outcome.rows_checked,
                "rows_failed": outcome.rows_failed,
                "expectations_failed": ", ".join(outcome.expectations_failed) or "—",
            },
        )
