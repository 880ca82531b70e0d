"""The sample city generator."""

import hashlib

from pipelines.reading.workbook import find_workbooks, parse_workbook
from pipelines.sample.city import DEFECTS
from pipelines.sample.generator import generate


def _digests(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_same_seed_gives_byte_identical_files(tmp_path):
    generate(tmp_path / "a", 5, 11)
    generate(tmp_path / "b", 5, 11)
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")


def test_a_city_has_one_registry_reports_per_ward_and_period_and_block_reports(city):
    kinds = [parse_workbook(p, city).kind for p in find_workbooks(city)]
    assert kinds.count("registry") == 2, "one for 2025, one for 2026"
    # 2026: 12 wards x 2 periods, minus the missing ward (D02), plus a resubmission (D03) and a
    # copy (D13); 2025: the 13 wards before the reorganisation, then the 12 after
    assert kinds.count("unit_report") == 12 * 2 - 1 + 1 + 1 + 13 + 12
    assert kinds.count("block_report") == (3 + 1) * 2 * 2, "3 city blocks and a school block"
    assert kinds.count(None) == 1, "the CSV renamed .xlsx (D14)"


def test_every_defect_is_documented_for_stewards(city):
    text = (city / "DEFECTS.md").read_text(encoding="utf-8")
    for defect_id, *_, rule in DEFECTS:
        assert defect_id in text and rule in text
