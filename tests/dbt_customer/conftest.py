"""Fixtures for the customer-mart tests, on the session's tiny simulation and its one dbt build
(`tiny_dbt_build` in tests/conftest.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from tests.dbt_runner import DbtBuild


@pytest.fixture(scope="session")
def run_results(tiny_dbt_build: DbtBuild) -> dict:
    return json.loads((tiny_dbt_build.target / "run_results.json").read_text())


@pytest.fixture(scope="session")
def phone_salt() -> str:
    """The salt of macro hash_phone: var phone_salt = env OMNI_PHONE_SALT, else the dev default."""
    return os.environ.get("OMNI_PHONE_SALT", "omnichannel-dev-salt")


@pytest.fixture()
def con(tiny_dbt_build: DbtBuild, answer_key_dir: Path, phone_salt: str):
    """DuckDB session on the built warehouse (attached read-only under its own name, which its
    views reference, and made the default catalog) with the answer key as temp views: `lines`
    (order lines plus `wh_buyer_id`, the buyer id as the warehouse keys it, youzan's phone
    salted-hashed, and `person_key`: person_id for members, platform:buyer_id otherwise),
    `paid_orders` (one row per paid order) and `members`."""
    db = duckdb.connect()
    catalog = tiny_dbt_build.warehouse.stem
    db.execute(f"attach '{tiny_dbt_build.warehouse}' as \"{catalog}\" (read_only)")
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
    try:
        yield db
    finally:
        db.close()
