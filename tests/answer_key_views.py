"""A DuckDB session on a built warehouse with the simulator's answer key beside it, for tests that
compare marts with the truth computed independently of the pipeline."""

from __future__ import annotations

from pathlib import Path

import duckdb


def connect_with_answer_key(
    warehouse: Path, answer_key_dir: Path, phone_salt: str
) -> duckdb.DuckDBPyConnection:
    """The warehouse attached read-only under its own name (which its views reference) and made the
    default catalog, with the answer key as temp views: `lines` (order lines plus `wh_buyer_id`, the
    buyer id as the warehouse keys it, youzan's phone salted-hashed, and `person_key`: person_id for
    members, platform:buyer_id otherwise), `paid_orders` (one row per paid order) and `members`."""
    db = duckdb.connect()
    catalog = warehouse.stem
    db.execute(f"attach '{warehouse}' as \"{catalog}\" (read_only)")
    db.execute(
        f"create temp view members as select * from read_parquet('{answer_key_dir / 'members.parquet'}')"
    )
    salt = phone_salt.replace("'", "''")
    db.execute(
        f"""
        create temp view lines as
        select
            *,
            case
                when platform = 'youzan' then sha256(
                    '{salt}' || right(regexp_replace(buyer_id, '[^0-9]', '', 'g'), 11)
                )
                else buyer_id
            end as wh_buyer_id,
            case
                when member_id is not null then person_id
                else platform || ':' || buyer_id
            end as person_key
        from read_parquet('{answer_key_dir / "order_lines.parquet"}')
        """
    )
    db.execute(
        """
        create temp view paid_orders as
        select
            platform,
            order_id,
            any_value(person_key) as person_key,
            bool_or(member_id is not null) as is_member,
            min(paid_at) as paid_at,
            sum(paid_amount) as paid_amount,
            sum(refund_amount) as refund_amount
        from lines
        where paid_at is not null
        group by platform, order_id
        """
    )
    db.execute(f'use "{catalog}"')
    return db


def paying_customers(db: duckdb.DuckDBPyConnection) -> tuple[tuple, tuple]:
    """(expected, actual) customers with a paid order, and members among them: the answer key's
    people against `marts.dim_customers`."""
    expected = db.execute(
        "select count(distinct person_key), count(distinct person_key) filter (where is_member)"
        " from paid_orders"
    ).fetchone()
    actual = db.execute(
        "select count(*), count(*) filter (where is_member)"
        " from marts.dim_customers where lifetime_orders > 0"
    ).fetchone()
    return expected, actual
