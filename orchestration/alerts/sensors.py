"""One alert per run that failed or whose quality gates failed, to the configured group robot."""

import dagster as dg

from orchestration.alerts.webhook import Alert, send_alert

MAX_LINES = 15


def failed_checks(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """'check on asset: why' for every asset check that failed in the run."""
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    lines = []
    for record in records:
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        if evaluation.passed:
            continue
        where = f"{evaluation.check_name} on {evaluation.asset_key.to_user_string()}"
        lines.append(f"{where}: {evaluation.description}" if evaluation.description else where)
    return lines


def failed_steps(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.STEP_FAILURE).records
    lines = []
    for record in records:
        event = record.event_log_entry.dagster_event
        error = event.event_specific_data.error
        message = (error.message if error else event.message or "").strip().splitlines()
        lines.append(f"step {event.step_key} failed: {message[0] if message else 'no message'}")
    return lines


def alert_for_run(instance: dg.DagsterInstance, run: dg.DagsterRun, failed: bool) -> Alert | None:
    checks = failed_checks(instance, run.run_id)
    if not failed and not checks:
        return None
    steps = failed_steps(instance, run.run_id) if failed else []
    title = f"omnichannel-elt: {run.job_name} {'failed' if failed else 'quality gate failed'}"
    lines = [f"run {run.run_id}", *steps, *checks]
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES], f"… and {len(lines) - MAX_LINES} more"]
    if failed or checks:
        lines.append("The published warehouse was left unchanged.")
    return Alert(title=title, lines=tuple(lines))


@dg.run_failure_sensor(name="alert_on_run_failure", default_status=dg.DefaultSensorStatus.RUNNING)
def alert_on_run_failure(context: dg.RunFailureSensorContext):
    alert = alert_for_run(context.instance, context.dagster_run, failed=True)
    if alert is not None:
        send_alert(alert)


@dg.run_status_sensor(
    name="alert_on_failed_gates",
    run_status=dg.DagsterRunStatus.SUCCESS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def alert_on_failed_gates(context: dg.RunStatusSensorContext):
    """A run can succeed while a non-fatal check failed; people still need to hear of it."""
    alert = alert_for_run(context.instance, context.dagster_run, failed=False)
    if alert is not None:
        send_alert(alert)
