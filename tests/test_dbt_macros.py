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


@pytest.mark.parametrize(
    ("written", "award_code"),
    [
        ("Chiến sỹ thi đua cơ sở", "chien_si_thi_dua_co_so"),  # sỹ, as often spelt
        ("CSTĐ cơ sở", "chien_si_thi_dua_co_so"),
        ("LĐTT", "lao_dong_tien_tien"),
        ("  Lao động  tiên tiến ", "lao_dong_tien_tien"),
        ("TTLĐXS", "tap_the_lao_dong_xuat_sac"),
        ("Giấy khen của Chủ tịch UBND phường", "giay_khen"),
        ("Bằng khen của Chủ tịch Ủy ban nhân dân thành phố", "bang_khen_chu_tich_tinh"),
    ],
)
def test_award_names_as_senders_write_them_find_their_award(written, award_code):
    seed = MACROS.parent / "seeds" / "award_names.csv"
    con = duckdb.connect()
    con.execute(f"create table award_names as select * from read_csv('{seed}', header = true)")
    sql = macro("fold_text")("?")
    found = con.execute(
        f"select award_code from award_names where name_key = {sql}", [written]
    ).fetchall()
    assert found == [(award_code,)]
