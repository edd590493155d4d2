"""What happened in a finished run, read from its Dagster events.

Both run paths give the same events: the daemon's sensors read them from the instance's event log,
`omnichannel run` has them in its in-process result (whose instance may be ephemeral and gone).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import dagster as dg

PUBLISHED_ASSET = dg.AssetKey(["published", "warehouse"])
DEFAULT_JOB = "daily_pipeline"
# Lines that wrap an error rather than say what went wrong.
_WRAPPER_LINES = re.compile(
    r"^(error occurred while executing|the above exception|during handling|stack trace|traceback)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CheckFailure:
    check: str
    asset: str
    blocking: bool  # ERROR severity on a blocking check: it stopped what depends on it
    detail: str  # what failed, in the check's own words (GX gates: platform, day, values)


@dataclass(frozen=True)
class StepFailure:
    step: str
    cause: str  # the root cause's first meaningful line, whole


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    job: str
    failed: bool
    published: bool
    checks: tuple[CheckFailure, ...]
    steps: tuple[StepFailure, ...]


def job_label(run: dg.DagsterRun) -> str:
    """The job's name; for an ad-hoc asset run (`__ASSET_JOB…`) the assets it selected."""
    if not run.job_name.startswith("__ASSET_JOB"):
        return run.job_name
    keys = sorted(k.to_user_string() for k in (run.asset_selection or ()))
    if not keys:
        return DEFAULT_JOB
    if len(keys) <= 3:
        return ", ".join(keys)
    return f"{', '.join(keys[:2])} 等 {len(keys)} 个资产 ({len(keys)} assets)"


def root_cause(error) -> str:
    """The first meaningful line of the innermost error (`Conflicting lock is held …`), not cut off.

    Dagster wraps a step's exception ("Error occurred while executing op …") with the real one as
    its cause; the innermost error is the one that says what to fix."""
    chain = []
    while error is not None:
        chain.append(error)
        error = error.cause or error.context
    for link in reversed(chain):
        for number, line in enumerate((link.message or "").splitlines()):
            line = line.strip()
            if number == 0 and link.cls_name:  # "duckdb.duckdb.IOException: IO Error: …"
                line = re.sub(rf"^[\w.]*\b{re.escape(link.cls_name)}:\s*", "", line)
            if line and not _WRAPPER_LINES.match(line):
                return line
    return ""


def outcome_from_events(run: dg.DagsterRun, events: Iterable[dg.DagsterEvent]) -> RunOutcome:
    checks, steps = [], []
    failed = published = False
    for event in events:
        kind = event.event_type
        if kind in (dg.DagsterEventType.RUN_FAILURE, dg.DagsterEventType.STEP_FAILURE):
            failed = True
        if kind == dg.DagsterEventType.ASSET_MATERIALIZATION and event.asset_key == PUBLISHED_ASSET:
            published = True
        elif kind == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if not evaluation.passed:
                checks.append(_check_failure(evaluation))
        elif kind == dg.DagsterEventType.STEP_FAILURE:
            error = event.event_specific_data.error
            # A failed blocking check fails its step too; the check's own line says more.
            if error is not None and error.cls_name == "DagsterAssetCheckFailedError":
                continue
            cause = root_cause(error) if error is not None else (event.message or "").strip()
            steps.append(StepFailure(step=event.step_key or "?", cause=cause or "没有错误信息 (no message)"))
    return RunOutcome(run.run_id, job_label(run), failed, published, tuple(checks), tuple(steps))


def outcome_from_instance(instance: dg.DagsterInstance, run: dg.DagsterRun) -> RunOutcome:
    """The outcome of a run the instance recorded (what the daemon's sensors see)."""
    entries = instance.all_logs(run.run_id)
    return outcome_from_events(run, (e.dagster_event for e in entries if e.dagster_event is not None))


def _check_failure(evaluation) -> CheckFailure:
    detail = evaluation.description or ""
    failed_rows = evaluation.metadata.get("dagster_dbt/failed_row_count")
    if not detail and failed_rows is not None:  # dbt tests carry a count, not a description
        detail = f"{failed_rows.value} 行不符合 ({failed_rows.value} failing rows)"
    blocking = evaluation.severity == dg.AssetCheckSeverity.ERROR and evaluation.blocking is not False
    return CheckFailure(evaluation.check_name, evaluation.asset_key.to_user_string(), blocking, detail)
