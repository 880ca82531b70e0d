"""Quality issues found while reading: one per problem, with a stable rule code.

Rule codes start with their dimension: DUNG (correct), DU (complete),
SACH (clean), SONG (current). Messages are for the sender, in Vietnamese.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path

ERROR, WARNING, INFO = "error", "warning", "info"

# The one rule catalog (dbt_project/seeds/rule_catalog.csv, also a dbt seed): every rule's
# dimension, severity, Vietnamese title and what the sender should do. The parser, the GX
# suites (their meta names the rule only), dbt's quality models and every label read it.
SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"


def _read(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CATALOG = {row["rule_code"]: row for row in _read("rule_catalog.csv")}
# rule_code → (dimension, severity, title)
RULES: dict[str, tuple[str, str, str]] = {
    code: (row["dimension"], row["severity"], row["title"]) for code, row in CATALOG.items()
}
_LABELS = _read("quality_labels.csv")
DIMENSION_LABELS = {row["code"]: row["label"] for row in _LABELS if row["kind"] == "dimension"}
SEVERITY_LABELS = {row["code"]: row["label"] for row in _LABELS if row["kind"] == "severity"}
# the same words as a sender reads them in the feedback workbook
SENDER_SEVERITY_LABELS = {
    row["code"]: row["sender_label"] for row in _LABELS if row["kind"] == "severity"
}


@dataclass
class Issue:
    rule_code: str
    message: str
    sheet: str | None = None
    row_number: int | None = None  # as Excel shows it
    column_name: str | None = None  # the header as the sender wrote it, with its letter
    value: str | None = None
    blocks_file: bool = False  # the whole file is unusable (unreadable, unknown kind, no sender)

    @property
    def dimension(self) -> str:
        return RULES[self.rule_code][0]

    @property
    def severity(self) -> str:
        return RULES[self.rule_code][1]

    def as_row(self) -> dict:
        row = asdict(self)
        del row["blocks_file"]
        return row | {"dimension": self.dimension, "severity": self.severity}
