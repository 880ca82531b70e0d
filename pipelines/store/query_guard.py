"""What `thidua query` may run: proved from DuckDB's own parse of the statement.

DuckDB serialises a SELECT as its syntax tree (`json_serialize_sql`); anything else fails
to serialise and is refused. In the tree, every table read must be a table of an allowed
schema (or a CTE of the query), and every function, table functions included, must be
on the allow-list below: pure functions of their arguments. `pragma_storage_info` (it
showed raw's minimum and maximum personal numbers), `read_csv`, `getenv`, `query_table`
and every function added by a later DuckDB are refused until someone adds them here.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

READABLE_SCHEMAS = {"marts", "quality"}

_FUNCTION_GROUPS = (
    # operators, as DuckDB names them in the tree (LIKE is ~~, ILIKE ~~*, GLOB ~~~)
    "+ - * / // % ** ^ || & | << >> ~ ! ~~ !~~ ~~* !~~* ~~~ !~~~ @ like_escape ilike_escape "
    "not_like_escape not_ilike_escape regexp_full_match ",
    # aggregates and window functions
    "count count_star sum avg mean min max median mode quantile quantile_cont quantile_disc "
    "stddev stddev_pop stddev_samp variance var_pop var_samp string_agg group_concat listagg "
    "list array_agg first last any_value arg_max arg_min argmax argmin max_by min_by bool_and "
    "bool_or product approx_count_distinct corr covar_pop covar_samp histogram sumkahan fsum "
    "kahan_sum count_if countif row_number rank dense_rank percent_rank cume_dist ntile lag "
    "lead first_value last_value nth_value ",
    # text
    "lower upper lcase ucase length len strlen concat concat_ws substring substr left right "
    "trim ltrim rtrim replace reverse position strpos instr contains starts_with ends_with "
    "prefix suffix regexp_matches regexp_replace regexp_extract regexp_extract_all "
    "split_part string_split str_split string_to_array lpad rpad repeat strip_accents "
    "nfc_normalize format printf ascii chr unicode levenshtein damerau_levenshtein hamming "
    "jaccard jaro_similarity jaro_winkler_similarity array_to_string list_to_string md5 sha256 ",
    # numbers
    "abs round round_even even ceil ceiling floor trunc sqrt cbrt power pow exp ln log log10 "
    "log2 greatest least sign isnan isinf isfinite ",
    # dates
    "date_part datepart date_trunc datetrunc date_diff datediff date_sub datesub year month "
    "day quarter week weekday dayofweek dayofmonth dayofyear isodow yearweek strftime strptime "
    "try_strptime make_date make_timestamp current_date today now get_current_timestamp "
    "current_timestamp epoch to_days to_months to_years age last_day monthname dayname century "
    "decade ",
    # conditions, lists and structs
    "coalesce ifnull nullif if typeof list_value list_apply list_transform list_filter "
    "list_contains list_has array_contains list_sort list_reverse_sort list_distinct "
    "list_unique list_aggregate array_length list_extract list_element array_extract "
    "list_slice array_slice flatten list_concat list_cat array_concat struct_pack "
    "struct_extract struct_extract_at row list_position list_count ",
    # table functions: numbers to join with, lists to unnest
    "range generate_series unnest",
)
ALLOWED_FUNCTIONS = frozenset(name for group in _FUNCTION_GROUPS for name in group.split())
# Table references of the tree that read data, and those that only shape the query.
_READING_REFS = {"BASE_TABLE", "TABLE_FUNCTION", "SHOW_REF"}
_SHAPING_REFS = {"JOIN", "SUBQUERY", "EMPTY", "EXPRESSION_LIST"}


class Refused(Exception):
    """The Vietnamese reason a statement is not run."""


def check(sql: str, database: str) -> None:
    """Raise Refused unless `sql` is one SELECT reading only allowed tables and functions.
    `database`: the warehouse's catalog name, which a table may be qualified with."""
    with duckdb.connect() as parser:  # never the warehouse: parsing reads nothing
        try:
            statements = parser.extract_statements(sql)
        except duckdb.Error as error:
            raise Refused(f"câu lệnh không hợp lệ: {_first_line(error)}") from error
        if len(statements) != 1:
            raise Refused("chỉ chạy một câu lệnh SELECT mỗi lần.")
        if statements[0].type != duckdb.StatementType.SELECT:
            raise Refused(
                f"chỉ cho phép câu lệnh đọc (SELECT); câu lệnh {statements[0].type.name} bị từ chối."
            )
        tree = json.loads(parser.execute("select json_serialize_sql(?)", [sql]).fetchone()[0])
    if tree.get("error"):
        raise Refused(
            "chỉ cho phép câu lệnh SELECT thường (không PIVOT, EXPLAIN, SHOW...): "
            + str(tree.get("error_message", ""))
        )
    ctes = set(_cte_names(tree))
    problems: list[str] = []
    _walk(tree, ctes, database, problems)
    if problems:
        raise Refused("; ".join(dict.fromkeys(problems)))


def _cte_names(node: Any):
    if isinstance(node, dict):
        for entry in node.get("cte_map", {}).get("map", []) if "cte_map" in node else []:
            yield str(entry.get("key", "")).lower()
        for value in node.values():
            yield from _cte_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from _cte_names(value)


def _walk(node: Any, ctes: set[str], database: str, problems: list[str]) -> None:
    if isinstance(node, list):
        for value in node:
            _walk(value, ctes, database, problems)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if node.get("class") in ("FUNCTION", "WINDOW") or ("function_name" in node and "class" in node):
        name = str(node.get("function_name", "")).lower()
        if node.get("schema") or name not in ALLOWED_FUNCTIONS:
            problems.append(
                f"hàm “{name}” không nằm trong danh sách hàm được phép "
                "(chỉ các hàm tính toán trên giá trị; xem docs/queries.md)"
            )
    elif "class" not in node and kind in _READING_REFS | _SHAPING_REFS:
        if kind == "BASE_TABLE":
            _check_table(node, ctes, database, problems)
        elif kind == "SHOW_REF" and not _has_table(node.get("query")):
            problems.append(
                "không được liệt kê danh mục của kho; hãy truy vấn marts.* hoặc quality.*"
            )
    elif "class" not in node and kind is not None and str(kind).endswith(("_REF", "TABLE")):
        problems.append(f"không được đọc dạng bảng {kind}")
    for value in node.values():
        _walk(value, ctes, database, problems)


def _check_table(node: dict, ctes: set[str], database: str, problems: list[str]) -> None:
    schema = str(node.get("schema_name", "")).lower()
    catalog = str(node.get("catalog_name", "")).lower()
    name = str(node.get("table_name", ""))
    if not schema and not catalog and name.lower() in ctes:
        return
    if schema in READABLE_SCHEMAS and catalog in ("", database.lower()):
        return
    shown = ".".join(part for part in (catalog, schema, name) if part)
    problems.append(
        "chỉ được truy vấn các bảng marts.* và quality.* (ghi rõ lược đồ, ví dụ "
        f"marts.mart_ward_scorecard); không được đọc: {shown}"
    )


def _has_table(node: Any) -> bool:
    if isinstance(node, dict):
        if node.get("type") == "BASE_TABLE" and "class" not in node:
            return True
        return any(_has_table(value) for value in node.values())
    if isinstance(node, list):
        return any(_has_table(value) for value in node)
    return False


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0]
