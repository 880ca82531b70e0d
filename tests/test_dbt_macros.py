"""dbt macros whose SQL is worth checking on its own, rendered with Jinja and run in DuckDB."""

from pathlib import Path

import duckdb
import pytest
from jinja2 import Environment

MACROS = Path(__file__).resolve().parents[1] / "dbt_project" / "macros"


def macro(name: str):
    return getattr(
        Environment().from_string((MACROS / f"{name}.sql").read_text(encoding="utf-8")).module, name
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (13.0, "13"),
        (74.5, "74,5"),
        (0.05, "0,05"),
        (1234567.5, "1.234.567,5"),
        (-3.0, "-3"),
        (0.0, "0"),
        (12.345678, "12,3457"),
    ],
)
def test_numbers_in_messages_to_senders_are_written_the_vietnamese_way(value, shown):
    sql = macro("vn_number")("?")
    assert duckdb.execute(f"select {sql}", [value]).fetchone()[0] == shown
