"""The code location loads, validates, and wires lineage from landing files to the published file."""

import dagster as dg

from orchestration.definitions import defs


def test_definitions_load_and_validate():
    dg.Definitions.validate_loadable(defs)


def test_lineage_runs_from_raw_tables_through_marts_to_the_published_warehouse():
    graph = defs.get_repository_def().asset_graph
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"raw/tmall__orders", "staging/stg_tmall__orders", "marts/channel_daily", "kpi/kpi_daily"} <= keys
    upstream_of_publish = {
        k.to_user_string() for k in graph.get(dg.AssetKey(["published", "warehouse"])).parent_keys
    }
    assert {"kpi/kpi_daily", "marts/channel_daily", "marts/customer_rfm"} <= upstream_of_publish
    assert not any(k.startswith(("raw/", "staging/")) for k in upstream_of_publish)
    staging = graph.get(dg.AssetKey(["staging", "stg_tmall__orders"]))
    assert dg.AssetKey(["raw", "tmall__orders"]) in staging.parent_keys


def test_every_warehouse_writer_shares_the_single_writer_pool():
    from orchestration.resources import WAREHOUSE_POOL

    repo = defs.get_repository_def()
    pools = {
        node.name: node.definition.pool
        for job in [repo.get_job("daily_pipeline")]
        for node in job.graph.node_dict.values()
    }
    assert pools and set(pools.values()) == {WAREHOUSE_POOL}, pools


def test_gates_are_blocking_checks_and_each_gate_checks_its_own_things():
    graph = defs.get_repository_def().asset_graph
    gates = {
        (k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys if k.name.startswith("gx_")
    }
    # great-expectations keeps freshness, volume and the anomaly rule; the invariants are dbt's
    # (docs/contracts.md, "Quality gates: which gate checks what").
    assert gates == {
        ("marts/channel_daily", "gx_channel_daily_freshness"),
        ("marts/channel_daily", "gx_channel_daily_anomalies"),
        ("marts/customer_rfm", "gx_customer_rfm"),
        ("marts/inventory_health", "gx_inventory_health"),
    }
    # The KPI tables are gated by dbt tests alone: keys, shares summing to 1, GMV reconciled with the mart.
    kpi_checks = graph.get_check_keys_for_assets({dg.AssetKey(["kpi", "kpi_daily"])})
    names = {k.name for k in kpi_checks}
    assert {"kpi_daily_date_day_unique", "kpi_daily_channel_shares_sum_to_one"} <= names
    assert "kpi_daily_paid_gmv_matches_channel_daily" in names
    freshness = dg.AssetCheckKey(dg.AssetKey(["marts", "channel_daily"]), "gx_channel_daily_freshness")
    # Every gate blocks; the one exception is the KPI deadline check ("data through yesterday by 07:00"),
    # which is evaluated by its sensor outside the run that builds the KPIs and only warns.
    gates = [k for k in kpi_checks if k.name != "freshness_check"]
    assert len(gates) == len(kpi_checks) - 1
    assert all(graph.get_check_spec(k).blocking for k in [*gates, freshness])
    assert not graph.get_check_spec(
        dg.AssetCheckKey(dg.AssetKey(["kpi", "kpi_daily"]), "freshness_check")
    ).blocking
