"""One rule catalog (dbt_project/seeds/rule_catalog.csv) for the parser, GX, dbt and labels."""

import json
import re
from pathlib import Path

from pipelines.lib.issues import CATALOG, DIMENSION_LABELS, RULES, SEVERITY_LABELS

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"['\"]((?:DUNG|DU|SACH|SONG)_[A-Z_]+)['\"]")


def _codes(paths) -> set[str]:
    return {code for path in paths for code in CODE.findall(path.read_text(encoding="utf-8"))}


def test_every_rule_the_code_raises_is_in_the_catalog_once_with_its_words():
    python = _codes(
        path for path in (ROOT / "pipelines").rglob("*.py") if "sample" not in path.parts
    )
    sql = _codes((ROOT / "dbt_project" / "models").rglob("*.sql"))
    suites = {
        expectation["meta"]["rule_code"]
        for path in (ROOT / "expectations" / "gx" / "expectations").rglob("*.json")
        for expectation in json.loads(path.read_text())["expectations"]
    }
    used = python | sql | suites
    assert used - set(CATALOG) == set(), "codes the catalog does not know"
    assert set(CATALOG) - used == set(), "codes nothing raises"
    for code, row in CATALOG.items():
        assert code.startswith(
            {"dung": "DUNG_", "du": "DU_", "sach": "SACH_", "song": "SONG_"}[row["dimension"]]
        ), code
        assert row["severity"] in SEVERITY_LABELS and row["title"] and row["sender_action"]
    assert set(DIMENSION_LABELS) == {"dung", "du", "sach", "song"}


def test_no_suite_or_model_defines_a_severity_of_its_own():
    for path in (ROOT / "expectations" / "gx" / "expectations").rglob("*.json"):
        for expectation in json.loads(path.read_text())["expectations"]:
            assert set(expectation["meta"]) <= {"rule_code", "message", "reports_column"}, path
    for name in ("int_quality__row_rules", "int_quality__file_rules"):
        text = next((ROOT / "dbt_project" / "models").rglob(f"{name}.sql")).read_text()
        assert not re.search(r"'(error|warning|info)' as severity", text), name


def test_the_labels_agree_everywhere():
    from pipelines.lib import feedback, official_report, quality_page
    from pipelines.portal import labels

    assert labels.SEVERITY == quality_page.SEVERITIES == SEVERITY_LABELS
    assert SEVERITY_LABELS["info"] == "Ghi nhận"
    assert dict(official_report.DIMENSIONS) == labels.DIMENSION == DIMENSION_LABELS
    assert set(feedback.SEVERITY_LABELS) == set(RULES[code][1] for code in RULES)
