"""The dbt project, parsed once: its manifest drives the dbt assets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

DBT_DIR = Path(__file__).resolve().parents[3] / "dbt_project"
DBT_PROJECT = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)
# The dbt beside this Python, so the venv works without being activated.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")


PROJECT_FOLDERS = ("models", "macros", "seeds", "tests")


def _manifest_is_stale() -> bool:
    manifest = DBT_PROJECT.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    # every folder whose files add or change nodes: a new seed or singular test is a new
    # asset or check, which the definitions must know before dbt reports on it
    sources = [
        DBT_DIR / "dbt_project.yml",
        *(path for folder in PROJECT_FOLDERS for path in (DBT_DIR / folder).glob("**/*")),
    ]
    return any(path.stat().st_mtime > built for path in sources if path.is_file())


def ensure_manifest() -> Path:
    """Run `dbt parse` when the manifest is missing or older than a model (about 5 s)."""
    if _manifest_is_stale():
        subprocess.run(
            [
                DBT_EXECUTABLE,
                "parse",
                "--quiet",
                "--project-dir",
                str(DBT_DIR),
                "--profiles-dir",
                str(DBT_DIR),
            ],
            check=True,
            env={**os.environ, "DO_NOT_TRACK": "1"},
        )
    return DBT_PROJECT.manifest_path
