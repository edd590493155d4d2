"""The fast clean-up and check expressions give exactly what the macros they stand in for give.

Ingestion cleans and checks cells with cheap byte tests first and calls the macros only on cells
that need them (`ingestion/cleanup.py`, `ingestion/validate.py`); the macros stay the definition.
"""

from __future__ import annotations

import duckdb
import pytest

from ingestion.cleanup import finish_expr, install_cleanup, trim_expr, unwrap_expr
from ingestion.parsers import install_parsers, parse_expression
from ingestion.validate import bad_value_expr, is_damaged_id_expr, is_null_token_expr, total_expr

PADDED = ["a", "中文", "12.50", "2026-05-01 12:30:00", "", "-", "x\ty", "=", "'", "@1", "a\u3000"]
PADDINGS = ["", " ", "\t", "\t\t", " \t", "\t ", "\r\n", "\n", "\r", "\t\r\n "]
SPECIAL = [
    '="260501000000"', '=""', '="', '= "1"', '=" 12 "\t', "'13925130160", "`123", "' 12", "''",
    "HSC25010_x002B_A", "@435233529604913", "@", "@_x002B_", "  @1", "\x01a\t", "\fa", "a\f",
    "!", "\u00a0-\u00a0", "\u3000无\u3000", "N/A", "NULL", "Null", "n/a", "—", "--", "无退款申请",
    "暂无", "无", "NULL值", "1.18E+11", "123.0", "2.77414e+11", "LM-SER-30ML", "12e", "1.5",
    "总计", "合计:", "小计 123", " 汇总 ", "累计", "会计", "总计总计总计总计总计总计总计",
]  # fmt: skip
CELLS = [*sorted({p + v + q for v in PADDED for p in PADDINGS for q in PADDINGS} | set(SPECIAL)), None]

TYPED = [
    "0", "12", "-1", "+1", "1,234", "1,234.56", "12.0", "12.5", "¥1,234.56", "￥12", "-¥12", "¥-12",
    "1234.56元", "(123.45)", "（123.45）", "4.91%", "12%", "0.0333", ".5", "5.", "1e5", "1.2.3",
    "12345678901234567", "1234567890123456", "999999999999999.999", "123456789012345678901",
    "2026-05-01 12:30:00", "2026-02-30 12:30:00", "2026-05-01", "2026/5/1 12:30", "20260501",
    "20260501123000", "2026年05月01日 12:30:00", "2026-05-01T12:30:00", "2026-05-01  12:30:00",
    "2026-05-01 12:30", "20260501~20260531", "2026-05-01 至 2026-05-31", "1714537800",
    "17145378001", "HSC25016", "abc", "-", "无", "N/A", "\u3000-", "1\u3000", "\u00a012",
]  # fmt: skip
PARSERS = ["money", "number", "int", "percent", "timestamp", "date", "date_range", "epoch"]


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    install_parsers(c)
    install_cleanup(c)
    c.execute("CREATE TABLE cells (x VARCHAR)")
    c.executemany("INSERT INTO cells VALUES (?)", [[v] for v in CELLS])
    c.execute("CREATE TABLE typed (x VARCHAR)")
    c.executemany("INSERT INTO typed VALUES (?)", [[v] for v in TYPED + CELLS])
    return c


def _differences(con, table: str, new: str, old: str) -> list:
    return con.execute(
        f"SELECT x, new, old FROM (SELECT x, {new} AS new, {old} AS old FROM {table}) "
        "WHERE new IS DISTINCT FROM old"
    ).fetchall()


@pytest.mark.parametrize("parser", ["text", "id"])
def test_layered_cleanup_equals_the_macro(con, parser):
    macro = "omni_clean_id" if parser == "id" else "omni_clean_cell"
    layered = (
        f"(SELECT {finish_expr('u', parser)} FROM (SELECT {unwrap_expr('t')} AS u "
        f"FROM (SELECT {trim_expr('x')} AS t)))"
    )
    assert _differences(con, "cells", layered, f"{macro}(x)") == []


def test_trim_equals_trim(con):
    assert _differences(con, "cells", trim_expr("x"), "trim(x, E' \\t\\r\\n')") == []


def test_null_token_check_equals_the_macro(con):
    assert _differences(con, "typed", is_null_token_expr("x"), "omni_is_null_token(x)") == []


@pytest.mark.parametrize("parser", PARSERS)
def test_bad_value_check_equals_the_macro(con, parser):
    parsed = parse_expression(parser, "x")
    exact = f"NOT {parsed}" if parser == "date_range" else f"{parsed} IS NULL"
    old = f"(NOT omni_is_null_token(x) AND {exact})"
    assert _differences(con, "typed", bad_value_expr(parser, "x"), old) == []


def test_total_check_equals_the_macro(con):
    assert _differences(con, "cells", total_expr(["x"]), "omni__is_total_label(x)") == []


def test_damaged_id_check_equals_the_macro(con):
    assert _differences(con, "typed", is_damaged_id_expr("x"), "omni_is_damaged_id(x)") == []


def test_first_pass_decides_only_what_is_certain(con):
    """Without the macros a check is NULL (undecided) or the macro's answer."""
    token = "omni_is_null_token(x)"
    assert (
        _differences(con, "typed", f"coalesce({is_null_token_expr('x', exact=False)}, {token})", token) == []
    )
    for parser in PARSERS:
        parsed = parse_expression(parser, "x")
        exact = f"NOT {parsed}" if parser == "date_range" else f"{parsed} IS NULL"
        old = f"(NOT omni_is_null_token(x) AND {exact})"
        fast = bad_value_expr(parser, "x", exact=False)
        assert _differences(con, "typed", f"coalesce({fast}, {old})", old) == [], parser
    # and the common cells are decided
    decided = con.execute(
        f"SELECT count(*) FROM (VALUES ('12.50'), ('4.91%'), ('-'), ('0元')) v(x) "
        f"WHERE {bad_value_expr('number', 'x', exact=False)} IS NULL"
    ).fetchone()[0]
    assert decided == 1  # 0元 is money, not a number: left to the macro
