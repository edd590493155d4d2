"""The KPI tables' promise to the business: data through yesterday by 07:00 Asia/Shanghai.

A last-update freshness check per KPI table: from each 07:00 Shanghai, the table must have been
materialized within the 24 hours before it, i.e. by the 06:00 daily run (`daily_0600_shanghai`)
that builds yesterday's data. Dagster's sensor evaluates the checks after each deadline; like the
schedule and the landing sensor it launches runs, so it ships stopped (README, Dagster).

The checks are not part of the pipeline jobs (orchestration.schedules.jobs): right after a build
they could only pass, and they read Dagster's event log, not the warehouse.
"""

from __future__ import annotations

import functools
import warnings
from datetime import timedelta

import dagster as dg

KPI_ASSETS = [dg.AssetKey(["kpi", name]) for name in ("kpi_daily", "kpi_monthly", "kpi_scorecard")]
DEADLINE_CRON = "0 7 * * *"
TIMEZONE = "Asia/Shanghai"
LOWER_BOUND = timedelta(hours=24)
SENSOR_NAME = "kpi_freshness_sensor"
DESCRIPTION = (
    "KPI 新鲜度：每天 07:00（上海时间）前，KPI 表须在过去 24 小时内更新过（06:00 的日常运行带来截至"
    "昨天的数据）；逾期即预警，不阻断发布。"
    " (KPI freshness: by 07:00 Asia/Shanghai each day the table was updated within the last 24 hours, "
    "by the 06:00 daily run that brings data through yesterday; overdue warns, never blocks.)"
)


@functools.cache
def kpi_freshness_checks() -> tuple[dg.AssetChecksDefinition, ...]:
    # Superseded by FreshnessPolicy (evaluated by the daemon, no check); a check is what the
    # alert sensors and `omnichannel run` already read, and what the catalog shows per asset.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=dg.SupersessionWarning)
        checks = dg.build_last_update_freshness_checks(
            assets=KPI_ASSETS,
            deadline_cron=DEADLINE_CRON,
            lower_bound_delta=LOWER_BOUND,
            timezone=TIMEZONE,
            severity=dg.AssetCheckSeverity.WARN,
        )
    return tuple(_described(check) for check in checks)


def _described(check: dg.AssetChecksDefinition) -> dg.AssetChecksDefinition:
    """The factory's checks read "Evaluates freshness for targeted asset."; the same check, with
    the promise in Chinese and English (the factory takes no description)."""
    specs = {
        name: spec._replace(description=DESCRIPTION)
        for name, spec in check.check_specs_by_output_name.items()
    }
    return dg.AssetChecksDefinition.create(
        keys_by_input_name=check.keys_by_input_name,
        node_def=check.node_def,
        check_specs_by_output_name=specs,
        can_subset=check.can_subset,
    )


@functools.cache
def kpi_freshness_sensor() -> dg.SensorDefinition:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=dg.SupersessionWarning)
        return dg.build_sensor_for_freshness_checks(
            freshness_checks=list(kpi_freshness_checks()),
            name=SENSOR_NAME,
            default_status=dg.DefaultSensorStatus.STOPPED,
        )
