"""The daemon's path: one alert per finished run that failed or whose checks warned.

Runs started by `omnichannel run` have no code-location origin, so these sensors never see them;
that command sends its own alert through the same `alert_run` (notify.py), so no run alerts twice.
"""

import dagster as dg

from orchestration.alerts.notify import alert_run


@dg.run_failure_sensor(name="alert_on_run_failure", default_status=dg.DefaultSensorStatus.RUNNING)
def alert_on_run_failure(context: dg.RunFailureSensorContext):
    """失败: a step or a blocking check failed, so nothing was published."""
    alert_run(context.dagster_run, instance=context.instance)


@dg.run_status_sensor(
    name="alert_on_failed_gates",
    run_status=dg.DagsterRunStatus.SUCCESS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def alert_on_failed_gates(context: dg.RunStatusSensorContext):
    """预警: the run published, but a warn-only check (the anomaly rule) failed."""
    alert_run(context.dagster_run, instance=context.instance)
