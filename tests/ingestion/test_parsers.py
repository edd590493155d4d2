"""The typed-parser macros on real values: every accepted format and the rejects that matter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb
import pytest

from ingestion.parsers import install_parsers


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    install_parsers(c)
    return c


def call(con: duckdb.DuckDBPyConnection, macro: str, value: str | None):
    return con.execute(f"SELECT {macro}(?::VARCHAR)", [value]).fetchone()[0]


NULL_TOKENS = ["", " ", "-", "—", "--", "N/A", "n/a", "null", "无", "无退款申请", "暂无", "\t-\t"]


@pytest.mark.parametrize("token", [*NULL_TOKENS, None])
def test_null_tokens(con, token):
    assert call(con, "omni_is_null_token", token) is True
    for macro in ("omni_money", "omni_number", "omni_int", "omni_percent", "omni_ts", "omni_date"):
        assert call(con, macro, token) is None


@pytest.mark.parametrize("value", ["0", "12", "商品", "-1", "NULL值"])
def test_not_null_tokens(con, value):
    assert call(con, "omni_is_null_token", value) is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.56", "1234.56"),
        ("¥1,234.56", "1234.56"),
        ("￥1,234.56", "1234.56"),
        ("1234.56元", "1234.56"),
        ("201.12元", "201.12"),
        ("(123.45)", "-123.45"),
        ("（123.45）", "-123.45"),
        ("-12.5", "-12.50"),
        ("-¥12", "-12.00"),
        ("0", "0.00"),
        ("\t88.00", "88.00"),
        ("88.00\t", "88.00"),
        ("1,234,567.8", "1234567.80"),
        ("12", "12.00"),
    ],
)
def test_money_accepts(con, text, expected):
    assert call(con, "omni_money", text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "HSC25016",  # a SKU code in 成本价: never 25016
        "25016HSC",
        "1.18E+11",
        "12%",  # a rate is not money
        "1,23",  # bad thousands grouping
        "12,34.5",
        "1.2.3",
        "--5",
        "(-5)",
        "abc",
        "¥",
        "12 34",
    ],
)
def test_money_rejects(con, text):
    assert call(con, "omni_money", text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,234.5", 1234.5), ("12%", 0.12), ("4.91%", 0.0491), ("-3.5", -3.5), ("¥10", 10.0)],
)
def test_number(con, text, expected):
    assert call(con, "omni_number", text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["HSC25016", "1.18E+11", "5.80x", "%"])
def test_number_rejects(con, text):
    assert call(con, "omni_number", text) is None


@pytest.mark.parametrize(
    ("text", "expected"), [("1,234", 1234), ("12.0", 12), ("0", 0), ("-3", -3), ("7", 7)]
)
def test_int(con, text, expected):
    assert call(con, "omni_int", text) == expected


@pytest.mark.parametrize("text", ["12.5", "1.18E+11", "HSC25016", "1,23", "三"])
def test_int_rejects(con, text):
    assert call(con, "omni_int", text) is None


@pytest.mark.parametrize(
    ("text", "expected"), [("4.91%", 0.0491), ("0.0333", 0.0333), ("100%", 1.0), ("0%", 0.0)]
)
def test_percent(con, text, expected):
    assert call(con, "omni_percent", text) == expected


def test_percent_is_exact(con):
    # Scaled in DECIMAL: 4.91% is exactly the double 0.0491.
    assert call(con, "omni_percent", "4.91%") == 0.0491


T = dt.datetime(2026, 5, 1, 12, 30, 0)
D = dt.datetime(2026, 5, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-01 12:30:00", T),
        ("2026-05-01 12:30", T),
        ("2026/5/1 12:30:00", T),
        ("2026/5/1 12:30", T),
        ("2026/5/1", D),
        ("2026-05-01", D),
        ("20260501", D),
        ("20260501123000", T),
        ("2026年05月01日 12:30:00", T),
        ("2026年5月1日", D),
        ("2026-05-01T12:30:00", T),
        ("\t2026-05-01 12:30:00", T),
        ("2026-05-01 12:30:00.000", T),
    ],
)
def test_timestamps(con, text, expected):
    assert call(con, "omni_ts", text) == expected
    assert call(con, "omni_date", text) == expected.date()


@pytest.mark.parametrize(
    "text", ["2026-13-01", "2026-02-30", "1.18E+11", "12:30", "2026-05-01 25:00:00", "May 1 2026"]
)
def test_timestamp_rejects(con, text):
    assert call(con, "omni_ts", text) is None
    assert call(con, "omni_date", text) is None


def test_ranges(con):
    assert call(con, "omni_range_start", "20260501~20260531") == dt.date(2026, 5, 1)
    assert call(con, "omni_range_end", "20260501~20260531") == dt.date(2026, 5, 31)
    assert call(con, "omni_range_end", "2026-05-01 ~ 2026-05-02") == dt.date(2026, 5, 2)
    assert call(con, "omni_range_start", "20260501") is None
    assert call(con, "omni_range_start", "-") is None
    assert call(con, "omni_range_end", "20260501~abc") is None


def test_epoch_is_shanghai_time(con):
    # 1714537800 = 2024-05-01 04:30:00 UTC = 12:30:00 in Beijing.
    assert call(con, "omni_epoch", "1714537800") == dt.datetime(2024, 5, 1, 12, 30)
    assert call(con, "omni_epoch", "1714537800.5") is None
    assert call(con, "omni_epoch", "abc") is None
    assert call(con, "omni_epoch", "-") is None


@pytest.mark.parametrize("text", ["1.18E+11", "2.77414E+11", "1.1812e+11", "123456.0"])
def test_damaged_ids(con, text):
    assert call(con, "omni_is_damaged_id", text) is True


@pytest.mark.parametrize("text", ["118120000000", "260531-607198974342268", "A1.0B", "E+11", None])
def test_sound_ids(con, text):
    assert call(con, "omni_is_damaged_id", text) is False


def test_install_is_repeatable(con):
    install_parsers(con)
    assert call(con, "omni_money", "¥1.00") == Decimal("1.00")
