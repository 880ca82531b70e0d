"""What reading one sheet gives (`Table`), and the layout its header set (`Layout`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pipelines.quality.rules import Issue
from pipelines.reading.cells import EncodingState
from pipelines.reading.specs import SheetSpec


@dataclass
class Table:
    sheet: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    criterion_scores: list[dict[str, Any]] = field(default_factory=list)
    found: bool = False
    # column name → (Excel column letter, header as the sender wrote it): with a row's
    # row_number this locates the cell any figure came from.
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)


class BrokenCells:
    """Broken cells are looked up in the sheet XML only when a blank cell needs explaining."""

    def __init__(self, load: Callable[[], dict[tuple[int, int], str]] | None) -> None:
        self._load, self._cells = load, None

    def get(self, where: tuple[int, int]) -> str | None:
        if self._load is None:
            return None
        if self._cells is None:
            self._cells = self._load()
        return self._cells.get(where)


@dataclass
class Layout:
    """Where a sheet's table is and how its rows are read, found once from its header."""

    spec: SheetSpec
    sheet: str
    mapping: dict[str, int]  # column name → column index
    labels: dict[str, str]  # column name → "header (cột X)", as messages name a cell
    implied: dict[str, Any]  # values the sheet gives without a column (headers.implied_columns)
    criteria: dict[int, str]  # score column → criterion code (ChamDiem)
    split: tuple[int, int] | None  # a birth date under "Nam" and "Nữ": the two columns
    start: int  # the first row after the header
    missing_required: bool  # no row can be trusted: all go to quarantine
    percent_cells: set[tuple[int, int]]
    state: EncodingState
    broken: BrokenCells

    @property
    def key_col(self) -> int:
        return self.mapping[self.spec.key]

    @property
    def stt_col(self) -> int | None:
        return self.mapping.get("stt")

    @cached_property
    def mapped_cols(self) -> set[int]:
        return set(self.mapping.values()) | set(self.criteria) | set(self.split or ())

    @cached_property
    def required_cols(self) -> list[int]:
        spec = self.spec
        return [
            self.mapping[c.name]
            for c in spec.columns
            if c.required and c.name != spec.key and c.name in self.mapping
        ]


def cell(row: list[Any], index: int) -> Any:
    return row[index] if index < len(row) else None
