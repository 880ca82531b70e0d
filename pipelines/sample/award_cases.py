"""Award proposals the sample city adds so that every award meets each status it can take.

Each case is one proposal row with the award history it needs, and the status DOMAIN.md
section 5 gives it; tests/test_awards.py checks the warehouse agrees, case by case. The
people are made from their own seeds, so the rest of the sample does not move.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from pipelines.sample.catalog import POSITIONS

YEAR = 2026
HTXS, HTT, HT = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ"


@dataclass(frozen=True)
class Case:
    key: str  # names the case in tests
    award: str  # as the ward writes it (a wording or a province code)
    award_code: str  # what it must be recognised as ("unknown" when nothing matches)
    subject: str  # Cá nhân | Tập thể | Hộ gia đình
    status: str  # eligible | ineligible | needs_review
    rating: str | None = None
    initiative: str | None = None  # Có | Không
    level: str | None = None  # Cơ sở | Thành phố | Toàn quốc
    history: tuple[tuple[str, int], ...] = ()  # (award as the registry writes it, year)
    with_id: bool = True  # an individual's personal number is given
    name: str | None = None  # a collective's name; "{flag}"/"{last}" name the block's units
    same_person_as: str | None = None  # another case's person (two titles, one payment)
    history_code: str | None = None  # a collective's history recorded under this code


CSTDCS, LDTT = "Chiến sĩ thi đua cơ sở", "Lao động tiên tiến"
CSTDT, BKT = "Chiến sĩ thi đua cấp tỉnh", "Bằng khen của Chủ tịch UBND thành phố"

CASES = (
    Case("ldtt_blank", LDTT, "lao_dong_tien_tien", "Cá nhân", "needs_review"),
    Case("cstdcs_no_way", CSTDCS, "chien_si_thi_dua_co_so", "Cá nhân", "ineligible", HTT, "Không"),
    Case(
        "cstdcs_blank", CSTDCS, "chien_si_thi_dua_co_so", "Cá nhân", "needs_review", None, "Không"
    ),
    Case(
        "cstdcs_by_code",
        "1647933380",
        "chien_si_thi_dua_co_so",
        "Cá nhân",
        "eligible",
        HTXS,
        "Không",
    ),
    Case(
        "ldtt_too",
        LDTT,
        "lao_dong_tien_tien",
        "Cá nhân",
        "eligible",
        HTXS,
        "Không",
        same_person_as="cstdcs_by_code",
    ),
    Case(
        "cstdt_known_short",
        CSTDT,
        "chien_si_thi_dua_cap_tinh",
        "Cá nhân",
        "ineligible",
        HTXS,
        "Có",
        "Thành phố",
        history=((LDTT, 2024), (CSTDCS, 2025)),
    ),
    Case(
        "cstdt_no_id",
        CSTDT,
        "chien_si_thi_dua_cap_tinh",
        "Cá nhân",
        "needs_review",
        HTXS,
        "Có",
        "Thành phố",
        with_id=False,
    ),
    Case(
        "cstdtq_ok",
        "Chiến sĩ thi đua toàn quốc",
        "chien_si_thi_dua_toan_quoc",
        "Cá nhân",
        "eligible",
        HTXS,
        "Có",
        "Toàn quốc",
        history=((CSTDT, 2022), (CSTDT, 2025)),
    ),
    Case(
        "cstdtq_once",
        "CSTĐ toàn quốc",
        "chien_si_thi_dua_toan_quoc",
        "Cá nhân",
        "ineligible",
        HTXS,
        "Có",
        "Toàn quốc",
        history=((CSTDT, 2025),),
    ),
    Case(
        "cstdtq_unknown",
        "Chiến sĩ thi đua toàn quốc",
        "chien_si_thi_dua_toan_quoc",
        "Cá nhân",
        "needs_review",
        HTXS,
        "Có",
        "Toàn quốc",
    ),
    Case(
        "bk_ok",
        BKT,
        "bang_khen_chu_tich_tinh",
        "Cá nhân",
        "eligible",
        HTXS,
        "Có",
        "Cơ sở",
        history=((CSTDCS, 2024), (CSTDCS, 2025)),
    ),
    Case(
        "bk_one_year",
        "Bằng khen cấp bộ, ban, ngành, tỉnh, đoàn thể trung ương",
        "bang_khen_chu_tich_tinh",
        "Cá nhân",
        "needs_review",
        HTXS,
        "Có",
        "Cơ sở",
        history=((CSTDCS, 2025),),
    ),
    Case(
        "bk_rating",
        BKT,
        "bang_khen_chu_tich_tinh",
        "Cá nhân",
        "ineligible",
        HT,
        "Không",
        history=((CSTDCS, 2024), (CSTDCS, 2025)),
    ),
    Case(
        "bk_collective_renamed",
        BKT,
        "bang_khen_chu_tich_tinh",
        "Tập thể",
        "eligible",
        HTXS,
        name="{renamed}",
        history=(("Tập thể lao động xuất sắc", 2025),),
        history_code="old",
    ),
    Case(
        "bktt_ok",
        "Bằng khen của Thủ tướng Chính phủ",
        "bang_khen_thu_tuong",
        "Cá nhân",
        "eligible",
        HTXS,
        "Có",
        "Cơ sở",
        history=(
            (BKT, 2021),
            (LDTT, 2021),
            (CSTDCS, 2022),
            (CSTDCS, 2023),
            (LDTT, 2024),
            (CSTDCS, 2025),
        ),
    ),
    Case(
        "bktt_no_bk",
        "Bằng khen của Thủ tướng",
        "bang_khen_thu_tuong",
        "Cá nhân",
        "ineligible",
        HTXS,
        "Có",
        "Cơ sở",
        history=((CSTDCS, 2023), (CSTDCS, 2024), (CSTDCS, 2025)),
    ),
    Case(
        "bktt_unknown",
        "Bằng khen của Thủ tướng Chính phủ",
        "bang_khen_thu_tuong",
        "Cá nhân",
        "needs_review",
        HTXS,
        "Có",
        "Cơ sở",
    ),
    Case(
        "ttldtt_rating",
        "Tập thể lao động tiên tiến",
        "tap_the_lao_dong_tien_tien",
        "Tập thể",
        "ineligible",
        HT,
        name="Tổ dân phố số 7",
    ),
    Case(
        "ttldtt_blank",
        "Tập thể lao động tiên tiến",
        "tap_the_lao_dong_tien_tien",
        "Tập thể",
        "needs_review",
        name="Tổ dân phố số 8",
    ),
    Case(
        "ttldxs_ok",
        "Tập thể lao động xuất sắc",
        "tap_the_lao_dong_xuat_sac",
        "Tập thể",
        "eligible",
        HTXS,
        name="Trạm y tế phường",
    ),
    Case(
        "ttldxs_rating",
        "TTLĐXS",
        "tap_the_lao_dong_xuat_sac",
        "Tập thể",
        "ineligible",
        HTT,
        name="Tổ dân phố số 9",
    ),
    Case(
        "ttldxs_blank",
        "Tập thể lao động xuất sắc",
        "tap_the_lao_dong_xuat_sac",
        "Tập thể",
        "needs_review",
        name="Tổ dân phố số 10",
    ),
    Case(
        "flag_ok",
        "Cờ thi đua của UBND thành phố",
        "co_thi_dua_cap_tinh",
        "Tập thể",
        "eligible",
        HTXS,
        name="{flag}",
    ),
    Case(
        "flag_rank",
        "Cờ thi đua của UBND thành phố",
        "co_thi_dua_cap_tinh",
        "Tập thể",
        "ineligible",
        HTXS,
        name="{last}",
    ),
    Case(
        "flag_not_a_unit",
        "Cờ thi đua cấp tỉnh",
        "co_thi_dua_cap_tinh",
        "Tập thể",
        "needs_review",
        HTXS,
        name="Tổ dân phố số 5",
    ),
    Case(
        "gov_flag_ok",
        "Cờ thi đua của Chính phủ",
        "co_thi_dua_chinh_phu",
        "Tập thể",
        "eligible",
        HTXS,
        name="{flag}",
    ),
    Case(
        "gov_flag_rank",
        "Cờ thi đua của Chính phủ",
        "co_thi_dua_chinh_phu",
        "Tập thể",
        "ineligible",
        HTXS,
        name="{last}",
    ),
    Case(
        "gov_flag_not_a_unit",
        "Cờ thi đua của Chính phủ",
        "co_thi_dua_chinh_phu",
        "Tập thể",
        "needs_review",
        HTXS,
        name="Hợp tác xã Thành Công",
    ),
    Case("gk_rating", "Giấy khen", "giay_khen", "Cá nhân", "ineligible", HT, "Không"),
    Case(
        "gk_blank",
        "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã",
        "giay_khen",
        "Cá nhân",
        "needs_review",
    ),
    Case("gdvh_ok", "Gia đình văn hóa", "gia_dinh_van_hoa", "Hộ gia đình", "eligible"),
    Case("gdvh_person", "Gia đình văn hóa", "gia_dinh_van_hoa", "Cá nhân", "ineligible", HTT),
    Case(
        "tdpvh_ok",
        "Tổ dân phố văn hóa",
        "to_dan_pho_van_hoa",
        "Tập thể",
        "eligible",
        name="Tổ dân phố số 2",
    ),
    Case("tdpvh_household", "Thôn văn hóa", "to_dan_pho_van_hoa", "Hộ gia đình", "ineligible"),
    Case(
        "huan_chuong",
        "Huân chương Lao động hạng ba",
        "huan_chuong",
        "Cá nhân",
        "needs_review",
        HTXS,
        "Có",
        "Thành phố",
    ),
    Case(
        "unknown_award", "Danh hiệu Công dân tiêu biểu", "unknown", "Cá nhân", "needs_review", HTXS
    ),
)

# The statuses each award of the city's catalog can take (tests check the sample has them).
STATUSES = {
    "lao_dong_tien_tien": {"eligible", "ineligible", "needs_review"},
    "chien_si_thi_dua_co_so": {"eligible", "ineligible", "needs_review"},
    "chien_si_thi_dua_cap_tinh": {"eligible", "ineligible", "needs_review"},
    "chien_si_thi_dua_toan_quoc": {"eligible", "ineligible", "needs_review"},
    "tap_the_lao_dong_tien_tien": {"eligible", "ineligible", "needs_review"},
    "tap_the_lao_dong_xuat_sac": {"eligible", "ineligible", "needs_review"},
    "co_thi_dua_cap_tinh": {"eligible", "ineligible", "needs_review"},
    "co_thi_dua_chinh_phu": {"eligible", "ineligible", "needs_review"},
    "giay_khen": {"eligible", "ineligible", "needs_review"},
    "bang_khen_chu_tich_tinh": {"eligible", "ineligible", "needs_review"},
    "bang_khen_thu_tuong": {"eligible", "ineligible", "needs_review"},
    # no rule reads a cell: only the subject can fail
    "gia_dinh_van_hoa": {"eligible", "ineligible"},
    "to_dan_pho_van_hoa": {"eligible", "ineligible"},
}


@dataclass
class Units:
    """The registered units the collective cases name."""

    flag: str  # the leader of a city block for the year, every indicator achieved
    last: str  # the last of that block
    renamed: str  # a ward whose old code the award history still uses
    renamed_code: str
    old_code: str  # its code before the rename (SapNhapDonVi)


@dataclass
class Added:
    rows: list[list] = field(default_factory=list)  # DeNghiKhenThuong rows
    history: list[tuple] = field(default_factory=list)  # LichSuKhenThuong rows


def person(key: str) -> tuple[str, dt.date, str, str]:
    """A person of their own seed: name, birth date, gender, a personal number that agrees."""
    rng = random.Random(f"award-case-{key}")
    female = rng.random() < 0.5
    surname = rng.choice(["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi"])
    middle = rng.choice(["Thị", "Ngọc", "Thu"] if female else ["Văn", "Đức", "Minh"])
    given = rng.choice(
        ["Hạnh", "Loan", "Nhung", "Vân"] if female else ["Khải", "Lâm", "Tâm", "Vinh"]
    )
    born = dt.date(rng.randint(1970, 1995), rng.randint(1, 12), rng.randint(1, 28))
    number = f"001{int(female)}{born.year % 100:02d}{rng.randint(0, 999999):06d}"
    return f"{surname} {middle} {given}", born, "Nữ" if female else "Nam", number


def nominee_name(case: Case, units: Units) -> str:
    """The name the case's row carries."""
    if case.subject == "Cá nhân":
        return person(case.same_person_as or case.key)[0]
    names = {"{flag}": units.flag, "{last}": units.last, "{renamed}": units.renamed}
    if case.name in names:
        return f"UBND {names[case.name]}"
    if case.name:
        return case.name
    name, _, gender, _ = person(case.key)
    return f"Hộ {'bà' if gender == 'Nữ' else 'ông'} {name}"


def add_cases(units: Units, workplace: str) -> Added:
    """The case rows for one sender's 2026 list, with the history and rename they need."""
    added = Added()
    for case in CASES:
        born = gender = personal_id = position = None
        nominee_id = units.old_code if case.history_code == "old" else units.renamed_code
        if case.subject == "Cá nhân":
            _, born, gender, nominee_id = person(case.same_person_as or case.key)
            position = random.Random(case.key).choice(POSITIONS)
            if case.with_id:
                personal_id = nominee_id
            else:
                born = None
        name = nominee_name(case, units)
        added.rows.append(
            [
                name,
                case.subject,
                born,
                gender,
                personal_id,
                position,
                workplace,
                case.award,
                YEAR,
                case.rating,
                case.initiative,
                "15/QĐ-UBND" if case.initiative == "Có" else None,
                case.level,
                "Có thành tích tiêu biểu trong năm",
                None,
            ]
        )
        for award, year in case.history:
            added.history.append((nominee_id, name, award, year, f"{200 + year % 100}/QĐ-UBND"))
    return added
