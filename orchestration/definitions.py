"""The omnichannel-elt code location: assembles assets, checks, jobs, schedules and sensors."""

import dagster as dg

from orchestration.alerts.sensors import alert_on_failed_gates, alert_on_run_failure
from orchestration.dbt.assets import warehouse_dbt_models
from orchestration.dbt.project import dbt_resource
from orchestration.freshness.kpi import kpi_freshness_checks, kpi_freshness_sensor
from orchestration.freshness.sources import build_source_freshness_checks
from orchestration.publish.assets import build_publish_asset, published_upstream
from orchestration.quality.checks import build_gate_checks
from orchestration.raw.assets import ingest_landing_files
from orchestration.resources import WarehouseResource
from orchestration.schedules.jobs import daily_pipeline, daily_schedule, landing_pipeline
from orchestration.schedules.sensors import landing_folder_sensor

dbt_keys = list(warehouse_dbt_models.keys)

defs = dg.Definitions(
    assets=[ingest_landing_files, warehouse_dbt_models, build_publish_asset(published_upstream(dbt_keys))],
    asset_checks=[
        *build_gate_checks(set(dbt_keys)),
        build_source_freshness_checks(),
        *kpi_freshness_checks(),
    ],
    jobs=[daily_pipeline, landing_pipeline],
    schedules=[daily_schedule],
    sensors=[landing_folder_sensor, kpi_freshness_sensor(), alert_on_run_failure, alert_on_failed_gates],
    resources={
        "warehouse": WarehouseResource(),
        "dbt": dbt_resource(),
    },
)
