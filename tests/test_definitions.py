"""The Dagster code location loads, as `dagster dev` would load it."""

import os

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

    from pipelines.reading.specs import KINDS

    macro = (Path(__file__).parents[1] / "dbt_project/macros/sheet_tables.sql").read_text()
    listed = set(re.findall(r"'(\w+)'", macro))
    assert listed == {spec.table for specs in KINDS.values() for spec in specs}


def test_validation_writes_nothing_into_the_great_expectations_project(city, tmp_path):
    import hashlib
    from pathlib import Path

    import duckdb

    from pipelines.quality.gx_validate import GX_PROJECT, validate_new_rows
    from pipelines.store.ingest import ingest_folder

    def snapshot() -> dict[str, str]:
        return {
            str(path.relative_to(GX_PROJECT)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(Path(GX_PROJECT).rglob("*"))
            if path.is_file() and "uncommitted" not in path.parts
        }

    before = snapshot()
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ingest_folder(city, con, "t")
        outcomes = validate_new_rows(con, "t")
    assert sum(outcome.rows_checked for outcome in outcomes) > 0
    assert snapshot() == before, "suites and great_expectations.yml are read, never written"


def test_the_manifest_is_stale_after_a_change_in_any_folder_of_the_dbt_project():
    """A new seed or singular test is a new asset or check: the definitions must see it."""
    from pipelines.defs.transform import project

    manifest = project.ensure_manifest()
    assert not project._manifest_is_stale()
    for folder in project.PROJECT_FOLDERS:
        changed = next(path for path in (project.DBT_DIR / folder).glob("**/*") if path.is_file())
        before = changed.stat()
        later = manifest.stat().st_mtime + 60
        try:
            os.utime(changed, (later, later))
            assert project._manifest_is_stale(), folder
        finally:
            os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not project._manifest_is_stale()


def test_every_refresh_is_a_run_of_the_warehouses_own_dagster_instance(refreshed):
    """`make dev` (DAGSTER_HOME=warehouse/.dagster) shows the runs `thidua refresh` made."""
    from pipelines.cli.refresh import instance_home, warehouse_instance

    assert instance_home(refreshed) == refreshed.parent / ".dagster"
    with warehouse_instance(refreshed) as instance:
        # newest first: the refresh, then its reports (partitioned by period) in one run
        reports, refresh = instance.get_runs()[:2]
        assert (refresh.job_name, reports.job_name) == ("refresh", "reports")
        assert refresh.status == reports.status == dg.DagsterRunStatus.SUCCESS
        scorecard = dg.AssetKey(["marts", "mart_ward_scorecard"])
        assert instance.get_latest_materialization_event(scorecard) is not None
        written = instance.get_materialized_partitions(dg.AssetKey("period_reports"))
        assert written == set(instance.get_dynamic_partitions("period")) >= {"2026-H1", "2025-FY"}
        checks = instance.get_records_for_run(
            refresh.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
        ).records
        assert len(checks) > 50, "GX suites and dbt tests, each an asset check"


def test_the_code_location_is_named_thidua_without_warnings(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [str(Path(sys.executable).with_name("dagster")), "definitions", "validate"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "DAGSTER_HOME": str(tmp_path)},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    output = done.stdout + done.stderr
    assert "code location thidua" in output
    assert "does not match the name" not in output


def _ui_run(raw, warehouse, instance=None, job="refresh", tags=None):
    """A job as the Dagster UI launches it: the resource's own build copy."""
    from pipelines.definitions import defs

    config = {"raw_dir": str(raw), "path": str(warehouse)}
    return (
        defs()
        .resolve_job_def(job)
        .execute_in_process(
            run_config={"resources": {"warehouse": {"config": config}}},
            instance=instance or dg.DagsterInstance.ephemeral(),
            raise_on_error=False,
            tags=tags,
        )
    )


def test_a_run_from_the_ui_builds_a_copy_under_the_lock_and_publishes_it_whole(
    city, tmp_path, monkeypatch
):
    import duckdb

    from pipelines.defs.automation.sensors import reports_after_refresh
    from pipelines.defs.reports.assets import SOURCE_TAG
    from pipelines.store.warehouse import refresh_lock

    warehouse = tmp_path / "w" / "thidua.duckdb"
    with refresh_lock(warehouse):  # a refresh of the CLI is running: the UI's run waits
        busy = _ui_run(city, warehouse)
    assert not busy.success and not warehouse.exists()
    assert any("RefreshInProgress" in str(event.event_specific_data) for event in busy.all_events)

    def disk_trouble(*args):
        raise OSError("the periods could not be read")

    with monkeypatch.context() as patch:  # the last step fails, after the marts are built
        patch.setattr("pipelines.defs.reports.assets._periods", disk_trouble)
        assert _ui_run(city, warehouse).success is False
    assert not warehouse.exists(), "a failed run publishes nothing"
    assert not list(warehouse.parent.glob("*.building")), "and leaves no copy behind"

    instance = dg.DagsterInstance.ephemeral()
    refreshed = _ui_run(city, warehouse, instance)
    assert refreshed.success
    assert warehouse.is_symlink(), "published by one rename of the current link"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.mart_ward_scorecard").fetchone()[0] > 0
    assert not list(warehouse.parent.glob("*.building"))

    # the refresh made one partition per period; the sensor asks for them all in one run
    with dg.build_sensor_context(instance=instance) as context:
        tick = reports_after_refresh.evaluate_tick(context)
    [request] = tick.run_requests
    periods = ("2025-FY", "2025-H1", "2026-FY", "2026-H1")
    assert sorted(instance.get_dynamic_partitions("period")) == list(periods)
    assert request.job_name in (None, "reports") and request.run_key == refreshed.run_id
    reports = _ui_run(city, warehouse, instance, "reports", request.tags)
    assert reports.success
    written = reports.asset_materializations_for_node("period_reports")
    assert sorted(m.partition for m in written) == list(periods)
    for period in periods:
        assert (warehouse.parent / "reports" / period / f"bao_cao_tong_hop_{period}.xlsx").exists()

    first = warehouse.resolve()
    again = _ui_run(city, warehouse, instance, tags={SOURCE_TAG: "cli"})
    assert again.success, "a second run builds on the published link"
    with dg.build_sensor_context(instance=instance, cursor=tick.cursor) as context:
        tick = reports_after_refresh.evaluate_tick(context)
    assert not tick.run_requests and "dòng lệnh" in tick.skip_message, "the CLI wrote its own"
    assert warehouse.resolve() != first and not first.exists(), "the old build is gone"
    assert not list(warehouse.parent.rglob(".builds/*/*/.builds")), "never a build in a build"


def test_the_raw_folder_sensor_asks_for_a_refresh_once_the_folder_has_settled(
    city, refreshed, tmp_path
):
    import shutil

    from pipelines.defs.automation.sensors import raw_folder
    from pipelines.defs.resources import Warehouse

    def tick(raw, cursor):
        with dg.build_sensor_context(
            cursor=cursor,
            resources={"warehouse": Warehouse(raw_dir=str(raw), path=str(refreshed))},
        ) as context:
            return raw_folder(context), context.cursor

    result, cursor = tick(city, None)
    assert isinstance(result, dg.SkipReason) and cursor, "a first look only remembers the folder"
    result, cursor = tick(city, cursor)
    assert isinstance(result, dg.SkipReason) and "đã khớp" in result.skip_message

    raw = tmp_path / "raw"
    shutil.copytree(city, raw)
    shutil.copy(raw / "2026-H1/phuong/BC thi dua P.Thanh Dong.xlsx", raw / "BC gui lai.xlsx")
    result, moved = tick(raw, cursor)
    assert isinstance(result, dg.SkipReason) and moved != cursor, "still copying, maybe"
    result, _ = tick(raw, moved)
    assert isinstance(result, dg.RunRequest) and result.run_key

    assert not list(refreshed.parent.glob("*.building")), "a tick builds nothing"


def test_every_suite_validation_is_kept_without_a_row_value(refreshed):
    import re

    import duckdb

    with duckdb.connect(str(refreshed), read_only=True) as con:
        kept = con.execute(
            """select suite, rows_checked, success, expectations_passed, expectations::varchar
               from quality.gx_validation_results"""
        ).fetchall()
    suites = {row[0] for row in kept}
    assert {"raw.unit_indicator_results", "raw.unit_award_proposals"} <= suites
    proposals = next(row for row in kept if row[0] == "raw.unit_award_proposals")
    assert proposals[1] > 0 and not proposals[2], "the sample's D19 fails a personal-number check"
    assert '"DUNG_PERSONAL_ID_MISMATCH"' in proposals[4]
    assert not any(re.search(r"\d{9,}", row[4]) for row in kept), "no personal number kept"
