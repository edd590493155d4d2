"""The typed-parser SQL macros (`ingestion/sql/parsers.sql`), installed into a DuckDB connection.

Ingestion uses them to reject rows whose cells do not parse; dbt staging uses the same macros to type
columns, so a value is accepted by exactly one definition.
"""

from __future__ import annotations

import functools
from pathlib import Path

import duckdb

PARSERS_SQL = Path(__file__).parent / "sql" / "parsers.sql"

# Template parser name → the SQL macro that types it (None: kept as text, nothing to check).
PARSER_MACROS: dict[str, str | None] = {
    "text": None,
    "id": None,
    "money": "omni_money",
    "number": "omni_number",
    "int": "omni_int",
    "percent": "omni_percent",
    "timestamp": "omni_ts",
    "date": "omni_date",
    "date_range": "omni_range_start",
    "epoch": "omni_epoch",
}

# What a user is told a cell should look like when it does not parse.
EXPECTED_FORMAT: dict[str, str] = {
    "money": "an amount like 1,234.56, ¥1,234.56, 1234.56元 or (123.45)",
    "number": "a number like 1,234.5 or 12%",
    "int": "a whole number like 1,234",
    "percent": "a percentage like 4.91% or a fraction like 0.0491",
    "timestamp": "a time like 2026-05-01 12:30:00, 2026/5/1 12:30 or 20260501123000",
    "date": "a date like 2026-05-01, 2026/5/1, 20260501 or 2026年5月1日",
    "date_range": "a date range like 20260501~20260531",
    "epoch": "epoch seconds like 1714537800",
}


@functools.cache
def parsers_sql() -> str:
    return PARSERS_SQL.read_text(encoding="utf-8")


def install_parsers(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) every `omni_*` macro in the connection's default schema."""
    con.execute(parsers_sql())


def parse_expression(parser: str, column_sql: str) -> str | None:
    """SQL that types `column_sql` with the template parser, or None for text/id columns."""
    macro = PARSER_MACROS[parser]
    if macro is None:
        return None
    if parser == "date_range":
        # A range is valid when both sides parse.
        return f"(omni_range_start({column_sql}) IS NOT NULL AND omni_range_end({column_sql}) IS NOT NULL)"
    return f"{macro}({column_sql})"
