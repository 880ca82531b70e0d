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


# dbt's parsed project (a Manifest) by (project dir, target path), kept by a long-lived
# process (`thidua watch`, which restarts itself when the project's files change).
_parsed: dict[tuple[str, str], Any] | None = None


def keep_parsed_projects(project: DbtProject, target_path: Path) -> None:
    """Parse the dbt project now, and build from that manifest from now on in this process.
    Saves dbt's start at each build (reading its partial-parse state, checking every file):
    about 1 s. The profile reads the warehouse path from THIDUA_WAREHOUSE, set by the caller."""
    global _parsed
    if _parsed is None:
        _parsed = {}
    with _environment(_dbt_environment()):
        _parsed_project(project, target_path)


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


def _dbt_environment() -> dict[str, str]:
    return {
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        # dbt's debug log file costs an eighth of a build; the refresh log keeps its info
        # lines and errors. DBT_LOG_LEVEL_FILE=debug brings the file back for a diagnosis.
        "DBT_LOG_LEVEL_FILE": os.environ.get("DBT_LOG_LEVEL_FILE", "none"),
    }


def _common_args(project_dir: Path, profiles_dir: Path, target_path: Path) -> list[str]:
    return [
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(profiles_dir),
        "--no-use-colors",
        "--target-path",
        str(target_path),
        # dbt's own log file, when asked for, beside its artifacts
        "--log-path",
        str(target_path),
    ]


def _parsed_project(project: DbtProject, target_path: Path) -> Any:
    """The kept manifest for this project and target path, parsed now if there is none
    yet; None when manifests are not kept (dbt then parses, partially, in the build)."""
    from dbt.cli.main import dbtRunner

    if _parsed is None:
        return None
    key = (str(project.project_dir), str(target_path))
    if key not in _parsed:
        common = _common_args(project.project_dir, project.profiles_dir, target_path)
        parsed = dbtRunner().invoke(["parse", "--quiet", *common])
        if not parsed.success:
            return None  # the build parses again and reports the error
        _parsed[key] = parsed.result
    return _parsed[key]


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

    common = _common_args(run_project.project_dir, project.profiles_dir, target_path)
    environment = _dbt_environment()
    if params.indirect_selection:
        environment["DBT_INDIRECT_SELECTION"] = params.indirect_selection
    with _environment(environment):
        try:
            # a temporary copy of the project (large subsets) is parsed by its build
            parsed = _parsed_project(project, target_path) if run_project is project else None
            outcome = dbtRunner(manifest=parsed, callbacks=[collect]).invoke(
                [*cleaned, *params.selection_args, *common]
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
