"""What every page is (its tables, which are its downloads, and its template), and links."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from pipelines.portal.data import Column, Table


@dataclass
class Page:
    title: str
    template: str
    tables: list[Table]
    context: dict = field(default_factory=dict)


def link(path: str, **params) -> str:
    return f"{path}?{urlencode({k: v for k, v in params.items() if v is not None})}"


def lineage_link(kind: str, **keys) -> str:
    """The lineage page of one figure (see lineage.resolve for the keys of each kind)."""
    return link("/nguon-goc", kind=kind, **keys)


def indicator_lineage(row: dict) -> str | None:
    if row.get("actual_value") is None and not row.get("is_reported"):
        return None
    return lineage_link(
        "indicator", period=row["period_code"], ward=row["ward_code"], measure=row["measure_code"]
    )


def ward_columns(period: str) -> list[Column]:
    """A ward's code and name, the name linking to its results of the period."""
    return [
        Column("ward_code", "Mã"),
        Column(
            "ward_name",
            "Phường, xã",
            link=lambda r: link(f"/chi-tieu/{r['ward_code']}", period=period),
        ),
    ]
