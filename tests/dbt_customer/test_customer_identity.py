"""The unified customer identity against the simulator's answer key (tiny simulation): every
member is one customer across platforms, no two true persons share a customer, no PII in marts."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("tiny_dbt")]

CUSTOMER_NODES = (
    "stg_crm__",
    "int_customer_",
    "int_order_customers",
    "dim_customers",
    "customer_rfm",
    "customer_lifecycle",
    "customer_value_tiers",
    "customer_cohorts",
    "repurchase_monthly",
)
CUSTOMER_RELATIONS = (
    "staging.stg_crm__members",
    "staging.stg_crm__member_accounts",
    "intermediate.int_customer_identity",
    "intermediate.int_order_customers",
    "marts.dim_customers",
    "marts.customer_rfm",
    "marts.customer_lifecycle",
    "marts.customer_value_tiers",
    "marts.customer_cohorts",
    "marts.repurchase_monthly",
)


def test_customer_nodes_build_and_pass(run_results):
    """Every customer model, seed, data test and unit test ran and passed in the session build."""
    mine = [r for r in run_results["results"] if any(n in r["unique_id"] for n in CUSTOMER_NODES)]
    assert len(mine) > 50, "customer models, data tests and unit tests should all have run"
    bad = [
        (r["unique_id"], r["status"], r["message"]) for r in mine if r["status"] not in ("success", "pass")
    ]
    assert bad == []


def test_every_answer_key_buyer_has_one_identity(con):
    missing = con.execute(
        """
        select distinct lines.platform, lines.buyer_id
        from lines
        left join intermediate.int_customer_identity as identity
            on lines.platform = identity.platform and lines.wh_buyer_id = identity.buyer_id
        where identity.customer_id is null
        """
    ).fetchall()
    assert missing == []


def test_each_person_maps_to_exactly_one_customer(con):
    split = con.execute(
        """
        select lines.person_id, count(distinct identity.customer_id) as customers
        from lines
        join intermediate.int_customer_identity as identity
            on lines.platform = identity.platform and lines.wh_buyer_id = identity.buyer_id
        group by lines.person_id
        having count(distinct identity.customer_id) != 1
        """
    ).fetchall()
    assert split == []
    members_across_platforms = con.execute(
        "select count(*) from (select person_id from lines where member_id is not null"
        " group by person_id having count(distinct platform) > 1)"
    ).fetchone()[0]
    assert members_across_platforms > 0, "the tiny simulation should hold multi-platform members"


def test_no_two_persons_share_a_customer(con):
    shared = con.execute(
        """
        select identity.customer_id, count(distinct lines.person_id) as persons
        from lines
        join intermediate.int_customer_identity as identity
            on lines.platform = identity.platform and lines.wh_buyer_id = identity.buyer_id
        group by identity.customer_id
        having count(distinct lines.person_id) > 1
        """
    ).fetchall()
    assert shared == []


def test_customer_id_is_the_member_key_or_a_hash(con):
    wrong = con.execute(
        """
        select distinct lines.platform, lines.member_id, identity.customer_id
        from lines
        join intermediate.int_customer_identity as identity
            on lines.platform = identity.platform and lines.wh_buyer_id = identity.buyer_id
        where identity.customer_id != case
            when lines.member_id is not null then 'M:' || lines.member_id
            else 'P:' || lines.platform || ':' || md5(lines.wh_buyer_id)
        end
        """
    ).fetchall()
    assert wrong == []


def test_no_phone_or_name_in_customer_relations(con):
    con.execute(
        "create temp table pii as select phone as value from members"
        " union select name from members"
        " union select buyer_id from lines where platform = 'youzan'"
    )
    leaks = []
    for relation in CUSTOMER_RELATIONS:
        schema, table = relation.split(".")
        columns = con.execute(
            "select column_name, data_type from duckdb_columns() where database_name = current_database()"
            " and schema_name = ? and table_name = ?",
            [schema, table],
        ).fetchall()
        assert columns, f"{relation} should exist"
        for column, data_type in columns:
            # *_name_cn: Chinese labels of codes (platform_name_cn, 天猫), their values checked below
            assert not any(word in column for word in ("phone", "name", "address")) or column.endswith(
                ("_hash", "_name_cn")
            ), f"{relation}.{column} looks like PII"
            if data_type != "VARCHAR":
                continue
            hits = con.execute(
                f'select count(*) from {relation} where "{column}" in (select value from pii)'
            ).fetchone()[0]
            if hits:
                leaks.append((relation, column, hits))
    assert leaks == []
