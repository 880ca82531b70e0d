"""The dbt unit tests (dbt_project/models/**/_*unit_tests.yml) check the SQL logic on
fixed inputs, so they run here rather than at every refresh, where they cost a third of
`dbt build` at national size."""

import shutil
from pathlib import Path

from dbt_runner import project_copy, run_dbt

ROOT = Path(__file__).resolve().parents[1]


def test_the_dbt_unit_tests_pass(refreshed, tmp_path):
    project = project_copy(tmp_path)
    warehouse = tmp_path / "thidua.duckdb"
    shutil.copy2(refreshed, warehouse)  # unit tests read the models' columns from it
    result = run_dbt(project, warehouse, "test", "--select", "test_type:unit")
    assert result.returncode == 0, result.stdout[-3000:]
    specs = (ROOT / "dbt_project" / "models").rglob("*unit_tests.yml")
    unit_tests = sum(spec.read_text(encoding="utf-8").count("\n  - name:") for spec in specs)
    assert f"PASS={unit_tests}" in result.stdout, result.stdout[-1500:]


def test_the_grain_of_every_staging_and_intermediate_model_holds(refreshed, tmp_path):
    """Their tests (severity warn) check our SQL, so they run here, not at every refresh."""
    project = project_copy(tmp_path)
    warehouse = tmp_path / "thidua.duckdb"
    shutil.copy2(refreshed, warehouse)
    result = run_dbt(project, warehouse, "test", "--select", "config.severity:warn")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "WARN=0" in result.stdout and "ERROR=0" in result.stdout, result.stdout[-1500:]
    passed = int(result.stdout.rsplit("PASS=", 1)[1].split()[0])
    assert passed >= 40, "every staging and intermediate model's grain"
