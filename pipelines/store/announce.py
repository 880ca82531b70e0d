"""The board's announcement (công bố) of a period's figures: `thidua publish --period CODE`.

An edition freezes the period's figures as the last refresh computed them, in the
warehouse's `published` schema, which every later build carries forward (a build starts from
a copy of the warehouse: publish.building_copy):

    published.editions                 period_code, edition, published_at, published_by, note
    published.mart_indicator_results   edition + intermediate.int_indicators__judged's columns
    published.mart_covenant_scores     edition + intermediate.int_covenants__results's columns

The marts show a published period's newest edition (dbt macro `announced`), and
mart_published_changes lists what data received since would change, until the board
publishes again. Publishing twice keeps both editions.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.store.publish import building_copy
from pipelines.store.warehouse import refresh_lock

# snapshot table → the live model whose rows it freezes
SNAPSHOTS = {
    "mart_indicator_results": "intermediate.int_indicators__judged",
    "mart_covenant_scores": "intermediate.int_covenants__results",
}
EDITIONS_DDL = """
create table if not exists published.editions (
    period_code varchar not null,
    edition integer not null,
    published_at timestamp not null,
    published_by varchar,
    note varchar
)"""


class NothingToPublish(Exception):
    """The period has no figure in the warehouse (or there is no warehouse)."""


def announce(warehouse: Path, period: str, by: str | None, note: str | None) -> int:
    """Freeze the period's figures as a new edition; returns its number. The warehouse is
    written as a refresh writes it: under the refresh lock, published whole or not at all."""
    if not warehouse.exists():
        raise NothingToPublish(
            f"Chưa có kho dữ liệu {warehouse}: hãy chạy `thidua refresh` trước khi công bố."
        )
    # the connection closes before the build is published (contexts exit in reverse)
    with (
        refresh_lock(warehouse),
        building_copy(warehouse) as build,
        duckdb.connect(str(build)) as con,
    ):
        return _freeze(con, period, by, note)


def _freeze(con: duckdb.DuckDBPyConnection, period: str, by: str | None, note: str | None) -> int:
    figures = sum(
        con.execute(f"select count(*) from {live} where period_code = ?", [period]).fetchone()[0]
        for live in SNAPSHOTS.values()
    )
    if figures == 0:
        known = [
            row[0]
            for row in con.execute(
                "select distinct period_code from intermediate.int_indicators__judged order by 1"
            ).fetchall()
        ]
        raise NothingToPublish(
            f"Kỳ {period} chưa có số liệu nào trong kho để công bố"
            + (f" (các kỳ đã có số liệu: {', '.join(known)})." if known else ".")
        )
    con.execute("begin transaction")
    con.execute("create schema if not exists published")
    con.execute(EDITIONS_DDL)
    edition = con.execute(
        "select coalesce(max(edition), 0) + 1 from published.editions where period_code = ?",
        [period],
    ).fetchone()[0]
    for table, live in SNAPSHOTS.items():
        con.execute(
            f"create table if not exists published.{table} as "
            f"select 0::integer as edition, * from {live} limit 0"
        )
        _add_new_columns(con, table, live)
        con.execute(
            f"insert into published.{table} by name "
            f"select ?::integer as edition, * from {live} where period_code = ?",
            [edition, period],
        )
    con.execute(
        "insert into published.editions values (?, ?, now(), ?, ?)", [period, edition, by, note]
    )
    con.execute("commit")
    return edition


def _add_new_columns(con: duckdb.DuckDBPyConnection, table: str, live: str) -> None:
    """A column a newer version of the model has, added to the snapshot (blank in editions
    published before it)."""
    have = {row[0] for row in con.execute(f"describe published.{table}").fetchall()}
    for name, data_type, *_ in con.execute(f"describe {live}").fetchall():
        if name not in have:
            con.execute(f'alter table published.{table} add column "{name}" {data_type}')


def editions_fingerprint(warehouse: Path) -> str:
    """What the warehouse's editions are: a build made before an edition is out of date."""
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            row = con.execute(
                "select count(*), max(published_at) from published.editions"
            ).fetchone()
    except duckdb.Error:  # no warehouse, or nothing published yet
        return ""
    return f"{row[0]}|{row[1]}"
