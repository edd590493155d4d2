"""End to end on the tiny simulation: the channel marts against the simulator's answer key."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("tiny_dbt")]


def _query(build, sql: str) -> list[tuple]:
    con = duckdb.connect(str(build.warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _answer_key(answer_key_dir: Path, table: str, sql: str) -> list[tuple]:
    con = duckdb.connect()
    try:
        path = str(answer_key_dir / f"{table}.parquet").replace("'", "''")
        con.execute(f"create view {table} as select * from read_parquet('{path}')")
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _as_dict(rows: list[tuple]) -> dict:
    return {(r[0], str(r[1])): r[2] for r in rows if r[2]}


def _compare(actual: dict, expected: dict, what: str) -> None:
    diffs = {
        k: (actual.get(k), expected.get(k))
        for k in sorted(set(actual) | set(expected))
        if actual.get(k) != expected.get(k)
    }
    assert not diffs, f"{what}: {len(diffs)} (platform, day) differ, first: {list(diffs.items())[:10]}"


def test_dbt_build_passes(tiny_dbt_build):
    tail = "\n".join(tiny_dbt_build.output.splitlines()[-60:])
    assert tiny_dbt_build.returncode == 0, tail


def _mart(build, column: str) -> dict:
    return _as_dict(_query(build, f"select platform, date_day, {column} from marts.channel_daily"))


def test_paid_gmv_equals_answer_key(tiny_dbt_build, answer_key_dir):
    expected = _answer_key(
        answer_key_dir,
        "order_lines",
        "select platform, cast(paid_at as date), sum(paid_amount) from order_lines "
        "where paid_at is not null group by all",
    )
    _compare(_mart(tiny_dbt_build, "paid_gmv"), _as_dict(expected), "paid GMV")


def test_refunds_equal_answer_key(tiny_dbt_build, answer_key_dir):
    expected = _answer_key(
        answer_key_dir,
        "order_lines",
        "select platform, cast(refunded_at as date), sum(refund_amount) from order_lines "
        "where refunded_at is not null and refund_amount > 0 group by all",
    )
    _compare(_mart(tiny_dbt_build, "refunds"), _as_dict(expected), "refunds")


def test_orders_equal_answer_key(tiny_dbt_build, answer_key_dir):
    expected = _answer_key(
        answer_key_dir,
        "order_lines",
        "select platform, cast(created_at as date), count(distinct order_id) from order_lines group by all",
    )
    _compare(_mart(tiny_dbt_build, "orders"), _as_dict(expected), "orders")


def test_paid_orders_equal_answer_key(tiny_dbt_build, answer_key_dir):
    expected = _answer_key(
        answer_key_dir,
        "order_lines",
        "select platform, cast(paid_at as date), count(distinct order_id) from order_lines "
        "where paid_at is not null group by all",
    )
    _compare(_mart(tiny_dbt_build, "paid_orders"), _as_dict(expected), "paid orders")


def test_channel_shares_sum_to_one(tiny_dbt_build):
    rows = _query(
        tiny_dbt_build,
        "select month_start, sum(gmv_share), count(*) from marts.channel_mix_monthly group by all",
    )
    assert rows
    for month, total, groups in rows:
        assert total == pytest.approx(1.0), month
        assert groups == 3, month


@pytest.mark.parametrize("step", ["uv", "cart_users", "order_buyers", "paid_buyers"])
def test_funnel_equals_simulated_traffic(tiny_dbt_build, answer_key_dir, step):
    cols = {
        r[0] for r in _answer_key(answer_key_dir, "traffic", "select column_name from (describe traffic)")
    }
    day = "stat_date" if "stat_date" in cols else "date"
    expected = _answer_key(
        answer_key_dir,
        "traffic",
        f"select platform, cast({day} as date), sum({step}) from traffic group by all",
    )
    actual = _query(tiny_dbt_build, f"select platform, date_day, {step} from marts.channel_funnel_daily")
    _compare(_as_dict(actual), _as_dict(expected), f"funnel {step}")
