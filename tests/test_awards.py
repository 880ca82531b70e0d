"""Awards decided by the law, through the whole pipeline: the sample city's award cases
(pipelines/sample/award_cases.py) each end with the status DOMAIN.md section 5 gives them,
every award of the city's catalog meets each status it can take, and award names and the
province software's codes are found through the one crosswalk."""

import csv
from pathlib import Path

import duckdb
import pytest
from jinja2 import Environment

from pipelines.sample.award_cases import CASES, STATUSES, nominee_name, person
from pipelines.sample.generator import award_case_units

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "dbt_project" / "seeds"
# the province software's lists, as ../shared/spec/PROVINCE_LOOKUPS.tsv expands them
LOOKUPS = Path(__file__).parent / "data" / "province_lookups.tsv"


def test_every_award_case_ends_with_the_status_the_law_gives_it(con):
    units = award_case_units(ward_count=12, seed=7)  # the city of tests/conftest.py
    rows = con.execute(
        """select nominee_name, proposed_as, award_code, eligibility_status
           from marts.mart_award_proposals"""
    ).fetchall()
    wrong = {}
    for case in CASES:
        name = nominee_name(case, units)
        found = [(row[2], row[3]) for row in rows if row[:2] == (name, case.award)]
        if found != [(case.award_code, case.status)]:
            wrong[case.key] = (name, case.award_code, case.status, found)
    assert not wrong


def test_every_catalog_award_meets_each_status_it_can_take(con):
    seen = con.execute(
        "select distinct award_code, eligibility_status from marts.mart_award_proposals"
    ).fetchall()
    with (SEEDS / "award_catalog.csv").open(encoding="utf-8") as handle:
        decided = {
            row["award_code"] for row in csv.DictReader(handle) if row["decided_here"] == "true"
        }
    assert set(STATUSES) == decided, "every award the city decides has its statuses listed"
    missing = {(award, status) for award, statuses in STATUSES.items() for status in statuses}
    assert missing - set(seen) == set()


def test_every_reason_names_its_rule_the_data_it_read_and_the_article(con):
    reasons = con.execute(
        """select reasons from marts.mart_award_proposals
           where eligibility_status <> 'eligible' and award_code not in ('unknown', 'huan_chuong')"""
    ).fetchall()
    assert reasons
    for (text,) in reasons:
        for part in text.split(". "):
            assert part.startswith(("Không đạt (", "Cần xem xét (")), part
            assert "; dữ liệu: " in part and ("Điều" in part or "Nghị định" in part), part


def test_an_unknown_award_is_a_warning_naming_the_closest_known_one(con):
    issues = con.execute(
        """select severity, value, message from quality.dq_issues
           where rule_code = 'DUNG_AWARD_UNKNOWN'"""
    ).fetchall()
    assert (
        issues == [("warning", "Danh hiệu Công dân tiêu biểu", pytest.approx(issues[0][2]))]
        and "gần nhất là “" in issues[0][2]
    )


def test_an_award_outside_the_city_catalog_goes_to_the_board_with_its_reason(con):
    status, reasons = con.execute(
        """select eligibility_status, reasons from marts.mart_award_proposals
           where award_code = 'huan_chuong'"""
    ).fetchone()
    assert (
        status == "needs_review" and "Chủ tịch nước" in reasons and "không có trong" not in reasons
    )


def test_a_unit_history_under_its_old_code_follows_the_rename(con):
    """bk_collective_renamed: TTLĐXS 2025 recorded under the code the ward had before it
    was renamed (SapNhapDonVi) counts for the ward."""
    status, reasons = con.execute(
        """select eligibility_status, reasons from marts.mart_award_proposals
           where award_code = 'bang_khen_chu_tich_tinh' and nominee_type = 'collective'"""
    ).fetchone()
    assert (status, reasons) == ("eligible", None)


def test_the_money_pays_the_provincial_title_and_only_the_highest_title_of_a_person(con):
    amounts = dict(
        con.execute(
            """select award_code, amount_vnd from marts.mart_award_statistics
               where award_code in ('chien_si_thi_dua_cap_tinh', 'co_thi_dua_cap_tinh',
                                    'co_thi_dua_chinh_phu')"""
        ).fetchall()
    )
    eligible = dict(
        con.execute(
            """select award_code, count(*) from marts.mart_award_proposals
               where eligibility_status = 'eligible'
                 and award_code in ('chien_si_thi_dua_cap_tinh', 'co_thi_dua_cap_tinh')
               group by all"""
        ).fetchall()
    )
    # 3,0 x 2.340.000 (Decree 152 art. 50); the ward proposed for both flags is paid the
    # Government's (12,0) and not the city's (8,0)
    assert eligible["co_thi_dua_cap_tinh"] == 1
    assert amounts == {
        "chien_si_thi_dua_cap_tinh": eligible["chien_si_thi_dua_cap_tinh"] * 7_020_000,
        "co_thi_dua_cap_tinh": 0,
        "co_thi_dua_chinh_phu": 28_080_000,
    }
    name = person("cstdcs_by_code")[0]
    both = con.execute(
        """select award_code from marts.mart_award_proposals
           where nominee_name = ? and eligibility_status = 'eligible' order by 1""",
        [name],
    ).fetchall()
    assert both == [("chien_si_thi_dua_co_so",), ("lao_dong_tien_tien",)]
    paid = con.execute(
        """select sum(amount_vnd), sum(total) from marts.mart_award_statistics
           where award_code in ('lao_dong_tien_tien', 'chien_si_thi_dua_co_so')"""
    ).fetchone()
    people = con.execute(
        """select count(*) filter (where award_code = 'lao_dong_tien_tien'),
                  count(*) filter (where award_code = 'chien_si_thi_dua_co_so')
           from marts.mart_award_proposals where eligibility_status = 'eligible'"""
    ).fetchone()
    # the person with both is paid the CSTĐCS only: one LĐTT (710.000) fewer
    assert paid == ((people[0] - 1) * 710_000 + people[1] * 2_340_000, sum(people))


def _award_key():
    source = "".join(
        (ROOT / "dbt_project" / "macros" / name).read_text(encoding="utf-8")
        for name in ("fold_text.sql", "award_key.sql")
    )
    return Environment().from_string(source).module.award_key("?")


def test_the_crosswalk_is_written_in_the_keys_the_macro_makes():
    con = duckdb.connect()
    sql = _award_key()
    with (SEEDS / "award_crosswalk.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["key_kind"] == "name"]
    wrong = [
        row["wording"]
        for row in rows
        if con.execute(f"select {sql}", [row["wording"]]).fetchone()[0] != row["wording_key"]
    ]
    assert rows and not wrong


@pytest.mark.parametrize(
    ("written", "award_code"),
    [
        ("Chiến sỹ thi đua cơ sở", "chien_si_thi_dua_co_so"),
        ("CSTĐ cơ sở", "chien_si_thi_dua_co_so"),
        ("  Lao động  tiên tiến ", "lao_dong_tien_tien"),
        ("Danh hiệu “Lao động tiên tiến”", "lao_dong_tien_tien"),
        ("TTLĐXS", "tap_the_lao_dong_xuat_sac"),
        ("Giấy khen của Chủ tịch UBND phường", "giay_khen"),
        ("Bằng khen của Chủ tịch Ủy ban nhân dân thành phố", "bang_khen_chu_tich_tinh"),
        ("Bằng khen cấp bộ, ban, ngành, tỉnh, đoàn thể trung ương", "bang_khen_chu_tich_tinh"),
        ("Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã", "giay_khen"),
        ("1647933380.0", "chien_si_thi_dua_co_so"),  # a province code typed as a number
        ("Huân chương Lao động hạng Ba", "huan_chuong"),
        ("Kỷ niệm chương Vì sự nghiệp giáo dục", "ky_niem_chuong"),
        ("Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo", "bang_khen_bo_nganh"),
        ("Nhà giáo Ưu tú", "danh_hieu_vinh_du"),
    ],
)
def test_award_wordings_and_codes_find_their_award(written, award_code):
    con = duckdb.connect()
    con.execute(
        f"create table crosswalk as select * from read_csv('{SEEDS / 'award_crosswalk.csv'}', "
        "header = true, all_varchar = true)"
    )
    found = con.execute(
        f"""with keyed as (select {_award_key()} as k)
            select award_code from crosswalk, keyed
            where (match = 'exact' and wording_key = k)
               or (match = 'prefix' and (k = wording_key or starts_with(k, wording_key || ' ')))
            order by match = 'exact' desc, length(wording_key) desc limit 1""",
        [written],
    ).fetchall()
    assert found == [(award_code,)]


def test_every_province_code_maps_as_the_province_lists_say():
    with (SEEDS / "award_crosswalk.csv").open(encoding="utf-8") as handle:
        codes = {
            row["wording_key"]: row["award_code"]
            for row in csv.DictReader(handle)
            if row["key_kind"] == "code"
        }
    with LOOKUPS.open(encoding="utf-8") as handle:
        lists = [
            row
            for row in csv.DictReader(handle, delimiter="\t")
            if row["list"].startswith(("HTKT", "DANHMUC_DanhHieu", "DANHMUC_HinhThuc"))
        ]
    assert lists
    for row in lists:
        assert row["code"] in codes, row["label"]
        if row["award_code"] != "none":
            assert codes[row["code"]] == row["award_code"], row["label"]
