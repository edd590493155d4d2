"""The omnichannel-elt code location: assembles assets, checks, jobs, schedules and sensors."""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.dbt.assets import warehouse_dbt_models
from orchestration.dbt.project import dbt_project
from orchestration.raw.assets import ingest_landing_files
from orchestration.resources import WarehouseResource
from orchestration.schedules.jobs import daily_pipeline, daily_schedule, landing_pipeline
from orchestration.schedules.sensors import landing_folder_sensor

defs = dg.Definitions(
    assets=[ingest_landing_files, warehouse_dbt_models],
    jobs=[daily_pipeline, landing_pipeline],
    schedules=[daily_schedule],
    sensors=[landing_folder_sensor],
    resources={
        "warehouse": WarehouseResource(),
        "dbt": DbtCliResource(project_dir=dbt_project, profiles_dir=str(dbt_project.profiles_dir)),
    },
)
