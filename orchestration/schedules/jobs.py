"""Jobs, the daily schedule and the landing-folder sensor."""

from __future__ import annotations

import dagster as dg

from orchestration.freshness.kpi import kpi_freshness_checks
from orchestration.raw.assets import RAW_GROUP

# The KPI deadline checks read Dagster's event log and run from their own sensor: inside a run that
# just built the KPI tables they could only pass.
_KPI_DEADLINES = dg.AssetSelection.checks(*kpi_freshness_checks())

daily_pipeline = dg.define_asset_job(
    name="daily_pipeline",
    selection=dg.AssetSelection.all() - _KPI_DEADLINES,
    description="Ingest new exports, build every model with its tests, and publish.",
)

landing_pipeline = dg.define_asset_job(
    name="landing_pipeline",
    selection=dg.AssetSelection.groups(RAW_GROUP).downstream() - _KPI_DEADLINES,
    description="Triggered by new landing files: ingest them and rebuild everything downstream.",
)

daily_schedule = dg.ScheduleDefinition(
    name="daily_0600_shanghai",
    job=daily_pipeline,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
