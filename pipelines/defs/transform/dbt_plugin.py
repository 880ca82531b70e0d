"""A dbt-duckdb plugin (dbt_project/profiles.yml) giving dbt's connections `person_key()`:
HMAC of a personal number, or of a name with a birth date, under the installation's secret
(pipelines/lib/person_keys.py). The secret stays in this process."""

from __future__ import annotations

from pathlib import Path

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

from pipelines.lib import person_keys


class Plugin(BasePlugin):
    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        # the file this connection builds: the build copy, beside the published warehouse
        rows = conn.execute(
            "select path from duckdb_databases() where database_name = current_database()"
        ).fetchall()
        warehouse = Path(rows[0][0])
        secret = person_keys.load_or_create(person_keys.key_path(warehouse))
        conn.create_function(
            "person_key",
            lambda text: person_keys.keyed(secret, text),
            ["VARCHAR"],
            "VARCHAR",
            side_effects=False,
        )
