"""`dbt docs generate` works offline over a real warehouse."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_dbt_docs_generate_works_offline(refreshed, tmp_path):
    project = tmp_path / "dbt_project"
    shutil.copytree(ROOT / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs"))
    env = {**os.environ, "DO_NOT_TRACK": "1", "THIDUA_WAREHOUSE": str(refreshed)}
    dbt = str(Path(sys.executable).with_name("dbt"))
    result = subprocess.run(
        [dbt, "docs", "generate", "--project-dir", str(project), "--profiles-dir", str(project)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    catalog = (project / "target" / "catalog.json").read_text(encoding="utf-8")
    assert "mart_award_proposals" in catalog and "mart_ward_scorecard" in catalog
    assert (project / "target" / "index.html").stat().st_size > 100_000
