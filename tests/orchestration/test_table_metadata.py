"""Row counts and typed, described columns for the published dbt models in the Dagster catalog."""

import dagster as dg
import duckdb

from orchestration.dbt.table_metadata import is_published, table_metadata


def test_row_count_and_columns_with_types_and_descriptions(tmp_path):
    build = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(build)) as con:
        con.execute("create schema marts; create schema staging")
        con.execute(
            "create table marts.channel_daily as select * from (values "
            "(date '2026-11-20', 'tmall', 1.5::decimal(18,2)), (date '2026-11-20', 'jd', 2::decimal(18,2))"
            ") t(date_day, platform, paid_gmv)"
        )
        con.execute("comment on column marts.channel_daily.paid_gmv is '支付金额 — paid amount'")
        con.execute("create table staging.stg as select 1 as x")
    daily, missing = dg.AssetKey(["marts", "channel_daily"]), dg.AssetKey(["kpi", "kpi_daily"])
    metadata = table_metadata(build, [daily, missing])
    assert list(metadata) == [daily]  # a model not built has no metadata, and no error
    assert metadata[daily]["dagster/row_count"].value == 2
    columns = metadata[daily]["dagster/column_schema"].schema.columns
    assert [(c.name, c.type, c.description) for c in columns] == [
        ("date_day", "DATE", None),
        ("platform", "VARCHAR", None),
        ("paid_gmv", "DECIMAL(18,2)", "支付金额 — paid amount"),
    ]


def test_only_marts_and_kpi_models_are_published():
    assert is_published(dg.AssetKey(["marts", "fct_orders"]))
    assert is_published(dg.AssetKey(["kpi", "kpi_scorecard"]))
    assert not is_published(dg.AssetKey(["intermediate", "kpi_daily_actuals"]))
    assert not is_published(dg.AssetKey(["raw", "tmall__orders"]))
    assert not is_published(None)
