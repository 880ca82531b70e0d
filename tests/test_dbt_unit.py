"""The dbt unit tests (dbt_project/models/**/_*unit_tests.yml) check the SQL logic on
fixed inputs, so they run here rather than at every refresh, where they cost a third of
`dbt build` at national size."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_dbt_unit_tests_pass(refreshed, tmp_path):
    project = tmp_path / "dbt_project"
    shutil.copytree(ROOT / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs"))
    warehouse = tmp_path / "thidua.duckdb"
    shutil.copy2(refreshed, warehouse)  # unit tests read the models' columns from it
    env = {**os.environ, "DO_NOT_TRACK": "1", "THIDUA_WAREHOUSE": str(warehouse)}
    dbt = str(Path(sys.executable).with_name("dbt"))
    result = subprocess.run(
        [
            dbt,
            "test",
            "--select",
            "test_type:unit",
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(project),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    specs = (ROOT / "dbt_project" / "models").rglob("*unit_tests.yml")
    unit_tests = sum(spec.read_text(encoding="utf-8").count("\n  - name:") for spec in specs)
    assert f"PASS={unit_tests}" in result.stdout, result.stdout[-1500:]
