"""A dbt-duckdb plugin (dbt_project/profiles.yml) giving dbt's connections `person_key()`:
HMAC of a personal number, or of a name with a birth date, under the installation's secret
(pipelines/core/person_keys.py). The secret stays in this process."""

from __future__ import annotations

import os
from pathlib import Path

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

from pipelines.core import person_keys


class Plugin(BasePlugin):
    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        # The key beside the published warehouse, as the asset names it (the file this
        # connection opened may be a build copy, or a build folder reached through a link).
        named = os.environ.get(person_keys.BUILD_KEY_ENV)
        if named:
            path = Path(named)
        else:
            rows = conn.execute(
                "select path from duckdb_databases() where database_name = current_database()"
            ).fetchall()
            path = person_keys.key_path(Path(rows[0][0]))
        secret = person_keys.load_or_create(path)
        conn.create_function(
            "person_key",
            lambda text: person_keys.keyed(secret, text),
            ["VARCHAR"],
            "VARCHAR",
            side_effects=False,
        )
