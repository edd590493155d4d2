"""The one way a finished run becomes an alert, whichever path ran it: the daemon's run-status
sensors (sensors.py) and `omnichannel run` (orchestration/cli.py) both call `alert_run`."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import dagster as dg

from omnichannel_config import load_settings
from orchestration.alerts.messages import build_alert
from orchestration.alerts.run_outcome import outcome_from_events, outcome_from_instance
from orchestration.alerts.webhook import Alert, WebhookConfig, send_alert

log = logging.getLogger(__name__)


def alert_run(
    run: dg.DagsterRun,
    events: Iterable[dg.DagsterEvent] | None = None,
    instance: dg.DagsterInstance | None = None,
) -> Alert | None:
    """Send the alert for a finished run, if it has one; returns the alert sent (None: nothing to
    say, or alerts are off). Give the run's events, or the instance that recorded them."""
    if events is None and instance is None:
        raise ValueError("alert_run needs the run's events or the instance that recorded them")
    try:
        config = WebhookConfig.from_env()
        if config is None:
            return None
        outcome = (
            outcome_from_events(run, events) if events is not None else outcome_from_instance(instance, run)
        )
        alert = build_alert(outcome, load_settings().alerts.dagster_url)
    except Exception as exc:  # the alert is about a run that already ended: never fail it (or a tick)
        log.warning("no alert for run %s: %s: %s", run.run_id, type(exc).__name__, exc)
        return None
    if alert is None:
        return None
    if not send_alert(alert, config):
        log.warning("alert for run %s not delivered", run.run_id)
    return alert
