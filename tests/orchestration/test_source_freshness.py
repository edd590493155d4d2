"""dbt source freshness as asset checks on the raw tables: mapped to raw assets, severities from
dbt's warn_after / error_after, and proven to fail on a hand-built warehouse with old exports."""

import datetime as dt

import dagster as dg
import duckdb
import pytest

from omnichannel_config import paths_under
from orchestration.dbt.project import dbt_resource
from orchestration.freshness.sources import (
    CHECK_NAME,
    FreshSource,
    build_source_freshness_checks,
    check_results,
)
from orchestration.resources import WarehouseResource

RAW = dg.AssetKey(["raw", "tmall__orders"])


def _source(table: str = "tmall__orders") -> FreshSource:
    return FreshSource(
        f"source.omnichannel_elt.x.{table}",
        f"source:x.{table}",
        dg.AssetKey(["raw", table]),
        "2 day",
        "7 day",
    )


def test_dbt_statuses_become_pass_warn_and_error():
    sources = [_source("a"), _source("b"), _source("c"), _source("d")]
    results = check_results(
        {
            "results": [
                {"unique_id": sources[0].unique_id, "status": "pass", "max_loaded_at_time_ago_in_s": 3600},
                {
                    "unique_id": sources[1].unique_id,
                    "status": "warn",
                    "max_loaded_at_time_ago_in_s": 3 * 86400,
                },
                {
                    "unique_id": sources[2].unique_id,
                    "status": "error",
                    "max_loaded_at_time_ago_in_s": 9 * 86400,
                },
            ]
        },
        sources,
    )
    assert [(r.passed, r.severity) for r in results] == [
        (True, dg.AssetCheckSeverity.ERROR),  # severity is irrelevant when passed
        (False, dg.AssetCheckSeverity.WARN),
        (False, dg.AssetCheckSeverity.ERROR),
        (False, dg.AssetCheckSeverity.ERROR),  # missing from sources.json: dbt could not check it
    ]
    assert "3.0 天前" in results[1].description and "2 day" in results[1].description


def test_one_non_blocking_check_per_raw_table_with_freshness():
    check = build_source_freshness_checks()
    specs = {spec.asset_key: spec for spec in check.check_specs}
    assert RAW in specs and dg.AssetKey(["raw", "erp__products"]) in specs
    # Raw-only exports downloaded now and then declare no freshness, nor does the manifest.
    assert dg.AssetKey(["raw", "tmall__alipay_bill"]) not in specs
    assert dg.AssetKey(["raw", "_ingested_files"]) not in specs
    for spec in specs.values():
        assert spec.name == CHECK_NAME and spec.blocking is False
        assert "不阻断发布" in spec.description and "Never blocks publication" in spec.description


@pytest.fixture
def stale_warehouse(tmp_path):
    """raw.tmall__orders loaded an hour ago, raw.jd__orders 3 days ago (warn after 2), pdd 10 days
    ago (error after 7), the monthly ERP item master 20 days ago (fresh: warn after 35), and no
    raw.kuaishou__orders at all."""
    paths = paths_under(tmp_path / "data")
    for folder in (paths.landing_dir, paths.warehouse.parent):
        folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    ages = {"tmall__orders": 1 / 24, "jd__orders": 3, "pdd__orders": 10, "erp__products": 20}
    with duckdb.connect(str(paths.warehouse)) as con:
        con.execute("create schema raw")
        for table, days in ages.items():
            con.execute(f"create table raw.{table} (_loaded_at timestamptz)")
            con.execute(f"insert into raw.{table} values (?)", [now - dt.timedelta(days=days)])
    return paths


def test_the_check_runs_dbt_source_freshness_and_fails_for_old_exports(stale_warehouse):
    check = build_source_freshness_checks()
    tables = ["tmall__orders", "jd__orders", "pdd__orders", "erp__products", "kuaishou__orders"]
    keys = [dg.AssetCheckKey(dg.AssetKey(["raw", t]), CHECK_NAME) for t in tables]
    defs = dg.Definitions(
        asset_checks=[check],
        jobs=[dg.define_asset_job("freshness", selection=dg.AssetSelection.checks(*keys))],
        resources={
            "dbt": dbt_resource(),
            "warehouse": WarehouseResource(data_dir=str(stale_warehouse.data_dir)),
        },
    )
    result = defs.resolve_job_def("freshness").execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert result.success  # non-blocking: a stale export never fails the run
    evaluations = {
        e.asset_key.path[-1]: e for e in result.get_asset_check_evaluations() if e.check_name == CHECK_NAME
    }
    outcome = {t: (e.passed, e.severity) for t, e in evaluations.items()}
    assert outcome["tmall__orders"][0] is True
    assert outcome["erp__products"][0] is True  # a monthly export 20 days old is on time
    assert outcome["jd__orders"] == (False, dg.AssetCheckSeverity.WARN)
    assert outcome["pdd__orders"] == (False, dg.AssetCheckSeverity.ERROR)
    assert evaluations["pdd__orders"].blocking is False
    assert "10.0 天前" in evaluations["pdd__orders"].description
    # A raw table that was never created (no export of its kind yet): dbt cannot check it.
    assert outcome["kuaishou__orders"] == (False, dg.AssetCheckSeverity.ERROR)
    assert "无法判断" in evaluations["kuaishou__orders"].description
