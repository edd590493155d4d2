"""Customer marts against values computed independently from the answer key (tiny simulation).
A customer is the answer key's person_id for members and (platform, buyer_id) for non-members; an
order is a paid order (any line with paid_at), dated by paid_at."""

from __future__ import annotations

import pytest

from tests.answer_key_views import paying_customers

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("tiny_dbt")]


def test_customer_counts_equal_answer_key(con):
    expected, actual = paying_customers(con)
    assert actual == expected
    everyone = con.execute("select count(distinct person_key) from lines").fetchone()[0]
    assert con.execute("select count(*) from marts.dim_customers").fetchone()[0] == everyone


def test_lifetime_orders_per_customer_equal_answer_key(con):
    mismatches = con.execute(
        """
        with expected as (
            select person_key, count(*) as orders from paid_orders group by person_key
        ),
        keys as (
            select distinct lines.person_key, identity.customer_id
            from lines
            join intermediate.int_customer_identity as identity
                on lines.platform = identity.platform and lines.wh_buyer_id = identity.buyer_id
        )
        select keys.person_key, expected.orders, dim.lifetime_orders, rfm.frequency
        from expected
        join keys using (person_key)
        join marts.dim_customers as dim using (customer_id)
        join marts.customer_rfm as rfm using (customer_id)
        where expected.orders != dim.lifetime_orders or expected.orders != rfm.frequency
        """
    ).fetchall()
    assert mismatches == []


REPURCHASE_EXPECTED = """
    with orders as (
        select *, cast(date_trunc('month', paid_at) as date) as month from paid_orders
    ),
    scoped as (
        select platform as scope, * exclude (platform) from orders
        union all
        select 'all' as scope, * exclude (platform) from orders
    ),
    buyer_months as (
        select scope, month, person_key, count(*) as orders
        from scoped group by all
    )
    select
        month,
        scope as platform,
        count(*) as buyers,
        count(*) filter (where orders >= 2) as repeat_buyers,
        sum(orders) as orders
    from buyer_months
    group by all
"""


def test_repurchase_buyers_and_rates_equal_answer_key(con):
    expected = {(m, p): (b, r, o) for m, p, b, r, o in con.execute(REPURCHASE_EXPECTED).fetchall()}
    actual = {
        (m, p): (b, r, o, rate)
        for m, p, b, r, o, rate in con.execute(
            "select month_start, platform, buyers, repeat_buyers, orders, repurchase_rate"
            " from marts.repurchase_monthly"
        ).fetchall()
    }
    assert set(actual) == set(expected)
    assert any(r > 0 for _, r, _ in expected.values()), "the tiny simulation should have repeat buyers"
    for key, (buyers, repeat, orders) in expected.items():
        assert actual[key][:3] == (buyers, repeat, orders), key
        assert actual[key][3] == pytest.approx(repeat / buyers), key


def test_new_customers_count_cross_platform_history(con):
    """A person's first paid order anywhere is new; a member new on one platform but known from
    another is a repeat customer."""
    expected = con.execute(
        """
        with ranked as (
            select
                *,
                row_number() over (partition by person_key order by paid_at, platform, order_id) as n,
                row_number() over (partition by person_key, platform order by paid_at, order_id) as pn
            from paid_orders
        )
        select count(*) filter (where n = 1), count(*) filter (where pn = 1 and n > 1) from ranked
        """
    ).fetchone()
    actual = con.execute(
        "select count(*) filter (where is_new_customer),"
        " count(*) filter (where is_new_on_platform and not is_new_customer)"
        " from intermediate.int_order_customers"
    ).fetchone()
    assert actual == expected
    assert expected[1] > 0


def test_cohort_sizes_equal_first_order_months(con):
    expected = dict(
        con.execute(
            "select cast(date_trunc('month', first_paid_at) as date), count(*) from"
            " (select person_key, min(paid_at) as first_paid_at from paid_orders group by 1)"
            " group by 1"
        ).fetchall()
    )
    actual = dict(
        con.execute(
            "select cohort_month, cohort_size from marts.customer_cohorts where months_since_first_order = 0"
        ).fetchall()
    )
    assert actual == expected
