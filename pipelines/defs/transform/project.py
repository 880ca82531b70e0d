"""The dbt project, parsed once: its manifest drives the dbt assets."""

from __future__ import annotations

import os
from pathlib import Path

from dagster_dbt import DbtProject

DBT_DIR = Path(__file__).resolve().parents[3] / "dbt_project"
DBT_PROJECT = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)


def _manifest_is_stale() -> bool:
    manifest = DBT_PROJECT.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [DBT_DIR / "dbt_project.yml", *DBT_DIR.glob("models/**/*"), *DBT_DIR.glob("macros/*")]
    return any(path.stat().st_mtime > built for path in sources if path.is_file())


def ensure_manifest() -> Path:
    """Run `dbt parse` when the manifest is missing or older than a model (about 5 s)."""
    os.environ.setdefault("DO_NOT_TRACK", "1")
    if _manifest_is_stale():
        DBT_PROJECT.preparer.prepare(DBT_PROJECT)
    return DBT_PROJECT.manifest_path
