"""The KPI tables' deadline (data through yesterday by 07:00 Shanghai) as checks the UI shows, and
the freshness checks in the code location."""

import dagster as dg

from orchestration.definitions import defs
from orchestration.freshness.kpi import KPI_ASSETS, SENSOR_NAME, kpi_freshness_checks

PARAMS = "dagster/freshness_params"


def kpi_check_specs() -> dict[dg.AssetKey, dg.AssetCheckSpec]:
    graph = defs.get_repository_def().asset_graph
    keys = [k for k in graph.asset_check_keys if k.name == "freshness_check"]
    return {k.asset_key: graph.get_check_spec(k) for k in keys}


def test_each_kpi_table_has_a_07_00_shanghai_deadline_check_described_in_both_languages():
    specs = kpi_check_specs()
    assert (
        set(specs)
        == set(KPI_ASSETS)
        == {
            dg.AssetKey(["kpi", "kpi_daily"]),
            dg.AssetKey(["kpi", "kpi_monthly"]),
            dg.AssetKey(["kpi", "kpi_scorecard"]),
        }
    )
    for spec in specs.values():
        assert spec.metadata[PARAMS].data == {
            "deadline_cron": "0 7 * * *",
            "timezone": "Asia/Shanghai",
            "lower_bound_delta_seconds": 86400.0,
        }
        assert spec.blocking is False
        assert "07:00（上海时间）" in spec.description and "by 07:00 Asia/Shanghai" in spec.description


def test_the_freshness_sensor_ships_stopped_like_the_other_run_launching_sensors():
    sensor = defs.resolve_sensor_def(SENSOR_NAME)
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    assert defs.resolve_sensor_def("landing_folder_sensor").default_status == dg.DefaultSensorStatus.STOPPED


def test_pipeline_jobs_run_source_freshness_but_leave_kpi_deadlines_to_the_sensor():
    graph = defs.get_repository_def().asset_graph
    for name in ("daily_pipeline", "landing_pipeline"):
        job = defs.resolve_job_def(name)
        assert "dbt_source_freshness" in job.graph.node_dict
        assert not any(n.startswith("freshness_check") for n in job.graph.node_dict), name
    raw_checks = graph.get_check_keys_for_assets({dg.AssetKey(["raw", "tmall__orders"])})
    assert dg.AssetCheckKey(dg.AssetKey(["raw", "tmall__orders"]), "source_freshness") in raw_checks


def test_the_kpi_check_fails_without_a_recent_build_and_passes_after_one():
    keys = [spec.key for check in kpi_freshness_checks() for spec in check.check_specs]
    checks_only = dg.Definitions(
        asset_checks=list(kpi_freshness_checks()),
        jobs=[dg.define_asset_job("kpi_freshness", selection=dg.AssetSelection.checks(*keys))],
    )
    job = checks_only.resolve_job_def("kpi_freshness")
    with dg.instance_for_test() as instance:
        never_built = job.execute_in_process(instance=instance)
        assert never_built.success  # a freshness check warns; it never fails the run
        evaluations = never_built.get_asset_check_evaluations()
        assert len(evaluations) == 3
        assert all(not e.passed and e.severity == dg.AssetCheckSeverity.WARN for e in evaluations)

        for key in KPI_ASSETS:
            instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=key))
        built_now = job.execute_in_process(instance=instance)
        assert all(e.passed for e in built_now.get_asset_check_evaluations())
