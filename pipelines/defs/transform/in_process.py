"""`dbt build` inside the Dagster process, through dbt's own Python entry point (dbtRunner).

dagster-dbt 0.29 runs dbt as a second process: it starts Python and imports dbt again
(1.4 s) although our process imported dbt already to load the definitions, then
sends every event through a pipe as JSON. Here dbt runs in our process and its result
events become the same Dagster events, converted by dagster-dbt's own
DbtCoreCliEventMessage: at 3,321 wards the dbt step goes from about 9 s to 6 s.
dagster-dbt computes the selection, so materialising a subset in `dagster dev` builds
only that subset, as before.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DbtProject
from dagster_dbt.asset_utils import (
    extract_runtime_selection_from_args,
    get_manifest_and_translator_from_dbt_assets,
    get_updated_cli_invocation_params_for_context,
)
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

# dbt's events that carry a node's outcome; dagster-dbt turns them into outputs and checks.
RESULT_EVENTS = {"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"}


class DbtBuildFailed(Exception):
    """dbt finished with a failed model or a failed test of severity error."""


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _close_warehouse() -> None:
    """Close dbt-duckdb's connection, which it keeps for the process's life: the next step
    opens the file read-only (DuckDB refuses a second configuration in one process), and
    the build is published by moving the file, which must be checkpointed and closed."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
    DuckDBConnectionManager.close_all_connections()


def dbt_build_in_process(
    context: dg.AssetExecutionContext, project: DbtProject, args: Sequence[str], target_path: Path
) -> Iterator[Any]:
    """Run `dbt <args>` on the assets selected in this step; yield their Dagster events.
    dbt's artifacts, partial-parse state and debug log go to target_path."""
    from dbt.cli.main import dbtRunner
    from dbt_common.events.functions import msg_to_dict

    manifest, translator, _ = get_manifest_and_translator_from_dbt_assets([context.assets_def])
    cleaned, selects, excludes = extract_runtime_selection_from_args(list(args))
    params = get_updated_cli_invocation_params_for_context(
        context=context,
        manifest=manifest,
        dagster_dbt_translator=translator,
        runtime_selects=selects,
        runtime_excludes=excludes,
    )
    # For a very large subset dagster-dbt writes a selector into a temporary copy of the
    # project, which dbt must then run from.
    run_project = params.dbt_project or project
    results: list[dict[str, Any]] = []

    def collect(event) -> None:
        if event.info.name in RESULT_EVENTS:
            results.append(msg_to_dict(event))

    environment = {"DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    if params.indirect_selection:
        environment["DBT_INDIRECT_SELECTION"] = params.indirect_selection
    with _environment(environment):
        try:
            outcome = dbtRunner(callbacks=[collect]).invoke(
                [
                    *cleaned,
                    *params.selection_args,
                    "--project-dir",
                    str(run_project.project_dir),
                    "--profiles-dir",
                    str(project.profiles_dir),
                    "--no-use-colors",
                    "--target-path",
                    str(target_path),
                    # dbt's own debug log beside its artifacts
                    "--log-path",
                    str(target_path),
                ]
            )
        finally:
            _close_warehouse()
    for raw_event in results:
        message = DbtCoreCliEventMessage(raw_event=raw_event, event_history_metadata={})
        yield from message.to_default_asset_events(
            manifest=params.manifest,
            dagster_dbt_translator=params.dagster_dbt_translator,
            context=context,
            target_path=target_path,
            project=run_project,
        )
    if outcome.exception is not None:
        raise DbtBuildFailed(f"dbt không chạy được: {outcome.exception}") from outcome.exception
    if not outcome.success:
        failed = [
            event["data"]["node_info"]["node_name"]
            for event in results
            if event["data"].get("status") in ("error", "fail")
        ]
        raise DbtBuildFailed(
            "dbt build không thành công"
            + (f" ở: {', '.join(failed)}" if failed else "")
            + "; xem nhật ký chi tiết."
        )
