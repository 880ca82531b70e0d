"""Great Expectations (GX Core 1.x) suites from expectations/gx run over new raw rows.

The suites are JSON files named after the table they guard (raw.unit_award_proposals
→ expectations/gx/expectations/raw/unit_award_proposals.json); each expectation's
`meta` carries the rule code (its severity and dimension are the catalog's) and the
Vietnamese message, so a steward can change a rule without code. Importing GX costs about 4.5 s: this module
is imported once per refresh, by the quality check, never per file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.core.personal_id import agrees_with, mask
from pipelines.core.values import shown_value
from pipelines.quality.rules import RULES

GX_PROJECT = Path(__file__).resolve().parents[2] / "expectations"
PROVENANCE = ["file_hash", "sheet", "row_number"]
PRIVATE_COLUMNS = {"personal_id", "birth_date"}


@dataclass
class SuiteOutcome:
    table: str
    rows_checked: int
    rows_failed: int  # rows with an error-severity failure
    expectations_failed: list[str]


def suite_tables() -> list[str]:
    """Raw tables that have a suite (raw.<table>.json under expectations/gx/expectations/raw)."""
    folder = GX_PROJECT / "gx" / "expectations" / "raw"
    return sorted(path.stem for path in folder.glob("*.json"))


def _load_suite(gx, table: str):
    path = GX_PROJECT / "gx" / "expectations" / "raw" / f"{table}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    keys = ("name", "id", "expectations", "meta", "notes")
    return gx.ExpectationSuite(**{key: data[key] for key in keys if key in data})


def _derive(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Columns some expectations need that no sheet carries directly."""
    if table == "unit_award_proposals" and not frame.empty:
        frame["personal_id_agrees"] = [
            agrees_with(
                None if pd.isna(pid) else str(pid),
                None if pd.isna(birth) else pd.Timestamp(birth).date(),
                None if pd.isna(gender) else str(gender),
            )
            for pid, birth, gender in zip(
                frame["personal_id"], frame["birth_date"], frame["gender"], strict=True
            )
        ]
        frame["personal_id_agrees"] = frame["personal_id_agrees"].astype(object)
        individual = frame["nominee_type"] == "individual"
        frame["individual_has_birth_date"] = (~individual) | frame["birth_date"].notna()
    return frame


def _kept_result(table: str, rows: int, result) -> tuple:
    """A suite's validation result as kept in quality.gx_validation_results: each
    expectation's outcome and counts, never a row's values (they may be personal data)."""
    outcomes = [
        {
            "expectation": item.expectation_config.type,
            "column": item.expectation_config.kwargs.get("column"),
            "rule_code": (item.expectation_config.meta or {}).get("rule_code"),
            "success": item.success,
            "unexpected_count": (item.result or {}).get("unexpected_count", 0),
        }
        for item in result.results
    ]
    failed = sum(not outcome["success"] for outcome in outcomes)
    return (f"raw.{table}", rows, result.success, len(outcomes) - failed, json.dumps(outcomes))


def validate_new_rows(con: duckdb.DuckDBPyConnection, run_id: str) -> list[SuiteOutcome]:
    """Validate rows of files not validated before; write failures to quality.gx_issues."""
    pending = con.execute(
        """select file_hash from raw.files
           where file_hash not in (select file_hash from quality.gx_validated_files)"""
    ).df()
    if pending.empty:  # nothing new: spare the 4.5 s import of GX
        return [SuiteOutcome(table, 0, 0, []) for table in suite_tables()]
    con.register("pending_files", pending)
    context, source = _gx_context()
    outcomes, issues, kept = [], [], []
    for table in suite_tables():
        frame = con.execute(
            f"""select * from raw.{table}
                where file_hash in (select file_hash from pending_files)
                  and not has_error and not is_duplicate"""
        ).df()
        frame = _derive(table, frame)
        if frame.empty:
            outcomes.append(SuiteOutcome(table, 0, 0, []))
            continue
        batch = (
            source.add_dataframe_asset(table)
            .add_batch_definition_whole_dataframe("new_rows")
            .get_batch(batch_parameters={"dataframe": frame})
        )
        result = batch.validate(
            context.suites.get(f"raw.{table}"),
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": PROVENANCE,
            },
        )
        kept.append(_kept_result(table, len(frame), result))
        found = [_issues(item) for item in result.results if not item.success]
        issues += [issue for _, rows in found for issue in rows]
        failed_rows = {
            (issue["file_hash"], issue["sheet"], issue["row_number"])
            for _, rows in found
            for issue in rows
            if issue["severity"] == "error"
        }
        outcomes.append(SuiteOutcome(table, len(frame), len(failed_rows), [f for f, _ in found]))
    _store(con, run_id, issues, kept)
    return outcomes


def _gx_context():
    """An ephemeral GX context holding the project's suites, and its pandas source."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # An ephemeral context reading the suites from the project: a file context would
    # write its data sources back into great_expectations.yml at every run.
    context = gx.get_context(mode="ephemeral")
    # as great_expectations.yml says for the file context: no progress bars on the screen
    # of the person refreshing (an ephemeral context does not read that file)
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    for table in suite_tables():
        context.suites.add(_load_suite(gx, table))
    return context, context.data_sources.add_pandas("warehouse")


def _issues(item) -> tuple[str, list[dict]]:
    """(the failed expectation as "type(column)", one issue per row it failed)."""
    config = item.expectation_config
    meta = config.meta or {}
    column = config.kwargs.get("column")
    rule = meta.get("rule_code", "DUNG_GX")
    # the rule's dimension and severity come from the one catalog (rules.RULES)
    dimension, severity, _ = RULES[rule]
    # a column derived here (personal_id_agrees) is told as the one it checks
    shown_as = meta.get("reports_column", column)
    rows = []
    for unexpected in item.result.get("unexpected_index_list") or []:
        value = unexpected.get(column)
        if column in PRIVATE_COLUMNS:
            value = mask(value) if column == "personal_id" else None
        file_hash, sheet, row_number = (unexpected[c] for c in PROVENANCE)
        message = meta.get("message", config.type).format(value=shown_value(value))
        rows.append(
            {
                "file_hash": file_hash,
                "sheet": sheet,
                "row_number": int(row_number),
                "column_name": shown_as,
                "value": shown_value(value) if shown_as == column else None,
                "rule_code": rule,
                "severity": severity,
                "dimension": dimension,
                "message": message,
                "expectation": config.type,
            }
        )
    return f"{config.type}({column})", rows


def _store(con: duckdb.DuckDBPyConnection, run_id: str, issues: list, kept: list) -> None:
    """The failures, the suites' results and the files validated, in one transaction."""
    con.execute("begin transaction")
    if issues:
        con.register("gx_new_issues", pd.DataFrame(issues))
        con.execute(
            """insert into quality.gx_issues by name
               select *, ? as run_id, now() as detected_at from gx_new_issues""",
            [run_id],
        )
    if kept:  # none when every new row was refused by the parser already
        con.executemany(
            "insert into quality.gx_validation_results values (?, now(), ?, ?, ?, ?, ?)",
            [(run_id, *row) for row in kept],
        )
    con.execute("insert into quality.gx_validated_files select file_hash, now() from pending_files")
    con.execute("commit")
