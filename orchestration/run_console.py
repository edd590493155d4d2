"""What `omnichannel run` shows while its job runs: one summary line per step with counts, and
progress bars for ingestion and the dbt build on a terminal.

The job's Dagster events go to Python logging (`run_logging_config`) instead of Dagster's coloured
DEBUG console; the omnichannel_cli console sends them to the run's log file and shows only warnings.
`StageReporter` listens to the same events (and to ingestion's per-file records) to count.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import dagster as dg

from omnichannel_cli.console import Console

DAGSTER_LOGGER = "omnichannel.dagster"
INGEST_STEP = "ingest_landing_files"
DBT_STEP = "warehouse_dbt_models"
PUBLISH_STEP = "published__warehouse"
_STATUS = {"STEP_SUCCESS": "完成 done", "STEP_FAILURE": "失败 FAILED", "STEP_SKIPPED": "跳过 skipped"}


@dg.logger(
    description="Every event of the run to Python logging (the run's log file; warnings on the console)."
)
def python_logging(_init_context) -> logging.Logger:
    logger = logging.getLogger(DAGSTER_LOGGER)
    logger.setLevel(logging.DEBUG)
    return logger


def with_python_logging(job: dg.JobDefinition) -> tuple[dg.JobDefinition, dict]:
    """The job with its events sent to Python logging, and the run config that turns that on."""
    return job.with_logger_defs({"python_logging": python_logging}), {"loggers": {"python_logging": {}}}


SKIPPED_PREFIX = "Dependencies for step"
# dagster-dbt's note that a dbt test without a model to attach to is recorded as an observation:
# about how the catalog is wired, nothing an operator acts on (it stays in the log file).
OBSERVATION_NOTE = "Logging an `AssetObservation` instead of an `AssetCheckResult`"


def reported_elsewhere(record: logging.LogRecord) -> bool:
    """Run events the console need not show: a step's failure (StageReporter says it, with its
    cause), each step skipped after it (the run's summary lists them in one line), and
    dagster-dbt's observation notes."""
    meta = getattr(record, "dagster_meta", None)
    if not isinstance(meta, dict):
        return False
    message = str(meta.get("orig_message", ""))
    if message.startswith(OBSERVATION_NOTE):
        return True
    if record.levelno < logging.ERROR:
        return False
    event = meta.get("dagster_event")
    if event is not None and (event.is_step_failure or event.is_run_failure):
        return True
    return message.startswith(SKIPPED_PREFIX)


@dataclass
class _Step:
    started: float = field(default_factory=time.monotonic)
    materialized: int = 0
    checks_passed: int = 0
    checks_failed: int = 0
    checks_warned: int = 0
    totals: dict[str, int] = field(default_factory=dict)  # ingestion's per-table metadata, summed
    cause: str = ""


class StageReporter(logging.Handler):
    """Counts the run's events per step and says one line when a step ends."""

    def __init__(self, console: Console, dbt_nodes: int):
        super().__init__(level=logging.DEBUG)
        self.console = console
        self.dbt_nodes = dbt_nodes
        self.steps: dict[str, _Step] = {}
        self.bars: dict[str, object] = {}
        self.skipped: list[str] = []  # steps not run because a step before them failed

    def emit(self, record: logging.LogRecord) -> None:
        total = getattr(record, "ingest_files_total", None)
        if total is not None:
            self._open_bar(INGEST_STEP, total, "导入 ingest")
        elif getattr(record, "ingest_file_read", False):
            self._advance(INGEST_STEP)
        meta = getattr(record, "dagster_meta", None)
        if not isinstance(meta, dict):
            return
        event = meta.get("dagster_event")
        if event is not None and event.step_key:
            self._on_event(event)
        elif meta.get("step_key") and str(meta.get("orig_message", "")).startswith(SKIPPED_PREFIX):
            self.skipped.append(meta["step_key"])

    def _on_event(self, event: dg.DagsterEvent) -> None:
        kind, key = event.event_type_value, event.step_key
        if kind == "STEP_START":
            self.steps[key] = _Step()
            if key == DBT_STEP:
                self._open_bar(key, self.dbt_nodes, "dbt build")
            return
        step = self.steps.setdefault(key, _Step())
        if kind == "ASSET_MATERIALIZATION":
            step.materialized += 1
            for name, value in event.event_specific_data.materialization.metadata.items():
                if isinstance(value, dg.IntMetadataValue) and name in _INGEST_COUNTS:
                    step.totals[name] = step.totals.get(name, 0) + (value.value or 0)
            self._advance(key)
        elif kind == "ASSET_CHECK_EVALUATION":
            check = event.event_specific_data
            if check.passed:
                step.checks_passed += 1
            elif check.severity == dg.AssetCheckSeverity.WARN:
                step.checks_warned += 1
            else:
                step.checks_failed += 1
            self._advance(key)
        elif kind == "STEP_FAILURE":
            step.cause = root_cause(event.event_specific_data.error)
        if kind in _STATUS:
            self._close_bar(key)
            self.console.say(self.summary(key, step, _STATUS[kind]))

    def summary(self, key: str, step: _Step, status: str) -> str:
        seconds = time.monotonic() - step.started
        checks = (
            f"checks {step.checks_passed} passed, {step.checks_failed} failed, {step.checks_warned} warned"
        )
        if key == INGEST_STEP:
            t = step.totals
            detail = (
                f"{t.get('files_loaded', 0):,} new files loaded, "
                f"{t.get('files_skipped_as_duplicates', 0):,} already loaded; rows "
                f"{t.get('rows_loaded', 0):,} loaded, {t.get('rows_rejected', 0):,} rejected"
            )
            label = "导入 ingest"
        elif key == DBT_STEP:
            detail = f"{step.materialized} models and seeds built; dbt tests: {checks[7:]}"
            label = "dbt 构建 build"
        elif key == PUBLISH_STEP:
            detail = "published for BI" if step.materialized else "not published"
            label = "发布 publish"
        elif "_gx_" in key:  # the great-expectations gates (orchestration.quality.checks)
            detail = checks
            label = f"质量检查 check {key}"
        else:
            detail = f"{step.materialized} assets, {checks}"
            label = f"步骤 step {key}"
        line = f"{label}: {status}, {detail} ({seconds:.0f}s)"
        return f"{line}\n  cause: {step.cause}" if step.cause else line

    def _open_bar(self, key: str, total: int, label: str) -> None:
        bar = self.console.bar(total, label)
        if bar is not None:
            self.bars[key] = bar

    def _advance(self, key: str) -> None:
        bar = self.bars.get(key)
        if bar is not None:
            bar.update(1)

    def _close_bar(self, key: str) -> None:
        self.console.close_bar(self.bars.pop(key, None))


_INGEST_COUNTS = ("files_loaded", "files_skipped_as_duplicates", "rows_loaded", "rows_rejected")


def root_cause(error) -> str:
    """The innermost error's first line: what went wrong, not the wrappers Dagster put around it."""
    while error is not None and getattr(error, "cause", None) is not None:
        error = error.cause
    if error is None:
        return ""
    return next((line.strip() for line in error.message.splitlines() if line.strip()), "")[:400]
