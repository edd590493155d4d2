"""Cell clean-up in SQL over a whole table (macros in `ingestion/sql/cleanup.sql`)."""

from __future__ import annotations

import functools
from pathlib import Path

import duckdb

CLEANUP_SQL = Path(__file__).parent / "sql" / "cleanup.sql"


@functools.cache
def cleanup_sql() -> str:
    return CLEANUP_SQL.read_text(encoding="utf-8")


def install_cleanup(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(cleanup_sql())


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def clean_expr(source_column: str, parser: str) -> str:
    """SQL for the cleaned text of a raw cell column."""
    macro = "omni_clean_id" if parser == "id" else "omni_clean_cell"
    return f"{macro}({quote_ident(source_column)})"
