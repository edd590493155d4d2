"""The alert built from a run's events: 预警 when only warn-level checks failed and the run published,
失败 when a step or a blocking check failed; the check, the root cause line, the job and the link."""

import dagster as dg
import pytest

from orchestration.alerts.messages import build_alert
from orchestration.alerts.notify import alert_run
from orchestration.alerts.run_outcome import (
    CheckFailure,
    RunOutcome,
    StepFailure,
    job_label,
    outcome_from_events,
    outcome_from_instance,
)
from tests.orchestration.test_webhook import robot  # noqa: F401  (the loopback robot fixture)

LOCK_ERROR = (
    'IO Error: Could not set lock on file "/srv/omni/data/warehouse/warehouse.duckdb": Conflicting lock '
    "is held in /usr/bin/python3.11 (PID 4242) by user ops. See also "
    "https://duckdb.org/docs/stable/connect/concurrency"
)
ANOMALY = "抖音（douyin）2025-11-12：实付 GMV 1,200.00，为前 7 天中位数 5,000.00 的 24%，低于 40%"
URL = "http://127.0.0.1:3000"


class LockHeld(Exception):
    """Stands in for duckdb.IOException (the real class needs a real lock to raise)."""


@dg.asset(key=["marts", "channel_daily"])
def channel_daily():
    return 1


@dg.asset(key=["published", "warehouse"], deps=[channel_daily])
def published_warehouse():
    return 1


def _check(name: str, blocking: bool, severity: dg.AssetCheckSeverity, description: str):
    @dg.asset_check(asset=channel_daily, name=name, blocking=blocking)
    def _evaluate():
        return dg.AssetCheckResult(passed=False, severity=severity, description=description)

    return _evaluate


def run(*definitions) -> tuple[dg.ExecuteInProcessResult, dg.DagsterInstance]:
    """Execute the assets and checks as an ad-hoc asset job (`__ASSET_JOB`), as the UI does."""
    instance = dg.DagsterInstance.ephemeral()
    checks = [d for d in definitions if isinstance(d, dg.AssetChecksDefinition)]
    assets = [d for d in definitions if d not in checks]
    job = dg.Definitions(assets=assets, asset_checks=checks).resolve_implicit_global_asset_job_def()
    return job.execute_in_process(instance=instance, raise_on_error=False), instance


def test_a_warn_only_check_that_failed_in_a_published_run_is_a_warning_naming_platform_and_day():
    anomaly = _check("gx_channel_daily_anomalies", False, dg.AssetCheckSeverity.WARN, ANOMALY)
    result, instance = run(channel_daily, published_warehouse, anomaly)
    assert result.success
    outcome = outcome_from_events(result.dagster_run, result.all_events)
    assert (outcome.failed, outcome.published) == (False, True)
    assert outcome.checks == (
        CheckFailure("gx_channel_daily_anomalies", "marts/channel_daily", blocking=False, detail=ANOMALY),
    )
    # The daemon reads the same from the instance's event log.
    assert outcome_from_instance(instance, result.dagster_run) == outcome

    alert = build_alert(outcome, URL)
    assert alert.level == "预警"
    assert alert.title == "【预警】omnichannel-elt daily_pipeline"  # not __ASSET_JOB
    assert alert.lines[0].startswith("运行成功，数仓已发布")
    assert f"检查 **gx_channel_daily_anomalies**（marts/channel_daily，只预警）：{ANOMALY}" in alert.lines
    assert "保持不变" not in alert.markdown(), "the run published: nothing was left unchanged"
    assert alert.markdown().endswith(f"[在 Dagster 中查看运行 (open the run)]({URL}/runs/{result.run_id})")


def test_a_failed_blocking_check_fails_the_run_and_says_nothing_was_published():
    freshness = _check(
        "gx_channel_daily_freshness",
        True,
        dg.AssetCheckSeverity.ERROR,
        "数据只到 2025-11-18，落后报告日 30 天",
    )
    result, _ = run(channel_daily, published_warehouse, freshness)
    assert not result.success
    outcome = outcome_from_events(result.dagster_run, result.all_events)
    assert (outcome.failed, outcome.published) == (True, False)
    assert [c.check for c in outcome.checks if c.blocking] == ["gx_channel_daily_freshness"]
    assert outcome.steps == (), "the check step's own failure is said by the check line"
    alert = build_alert(outcome)
    assert alert.level == "失败"
    assert (
        alert.lines[0]
        == "运行失败，未发布：BI 读取的已发布数仓保持不变 (run failed; the published warehouse was left unchanged)"  # noqa: E501
    )
    assert "（marts/channel_daily，阻断）：数据只到 2025-11-18，落后报告日 30 天" in alert.markdown()
    assert alert.link is None and "/runs/" not in alert.markdown()


def test_a_failed_step_names_the_root_cause_line_whole():
    @dg.asset(key=["raw", "tmall__orders"])
    def locked():
        try:
            raise LockHeld(LOCK_ERROR + "\n\nLINE 1: attach ...")
        except LockHeld as exc:
            raise RuntimeError("ingestion could not open the build file") from exc

    result, instance = run(locked)
    assert not result.success
    outcome = outcome_from_instance(instance, result.dagster_run)
    assert outcome.steps == (StepFailure(step="raw__tmall__orders", cause=LOCK_ERROR),)
    markdown = build_alert(outcome).markdown()
    assert f"- 步骤 **raw__tmall__orders** 失败，原因：{LOCK_ERROR}" in markdown.splitlines()


def test_a_clean_run_sends_nothing():
    result, _ = run(channel_daily, published_warehouse)
    assert build_alert(outcome_from_events(result.dagster_run, result.all_events)) is None


@pytest.mark.parametrize(
    ("job_name", "selection", "expected"),
    [
        ("landing_pipeline", None, "landing_pipeline"),
        ("__ASSET_JOB", None, "daily_pipeline"),
        ("__ASSET_JOB", {dg.AssetKey(["marts", "channel_daily"])}, "marts/channel_daily"),
        (
            "__ASSET_JOB_0",
            {dg.AssetKey(["kpi", n]) for n in ("a", "b", "c", "d")},
            "kpi/a, kpi/b 等 4 个资产 (4 assets)",
        ),
    ],
)
def test_the_job_is_named_by_its_name_or_its_asset_selection(job_name, selection, expected):
    assert job_label(dg.DagsterRun(job_name=job_name, run_id="r", asset_selection=selection)) == expected


def test_many_failures_are_cut_to_a_robot_sized_message_with_a_pointer_to_the_rest():
    checks = tuple(CheckFailure(f"test_{i}", "marts/fct_orders", True, "3 行不符合") for i in range(20))
    alert = build_alert(RunOutcome("r1", "daily_pipeline", True, False, checks, ()), URL)
    assert len(alert.lines) == 1 + 12 + 1 + 1
    assert alert.lines[-2] == "另有 8 项，见运行页面 (and 8 more on the run's page)"
    assert len(alert.markdown().encode()) < 4096


def test_alert_run_sends_the_alert_once_and_never_raises(robot, monkeypatch):  # noqa: F811
    url, received, _ = robot
    anomaly = _check("gx_channel_daily_anomalies", False, dg.AssetCheckSeverity.WARN, ANOMALY)
    result, instance = run(channel_daily, published_warehouse, anomaly)
    monkeypatch.delenv("OMNI_ALERT_WEBHOOK_URL", raising=False)
    assert alert_run(result.dagster_run, result.all_events) is None, "alerts off: nothing sent"
    monkeypatch.setenv("OMNI_ALERT_WEBHOOK_URL", url)
    monkeypatch.setenv("OMNI_DAGSTER_URL", URL)
    sent = alert_run(result.dagster_run, instance=instance)
    assert [r["body"]["markdown"]["content"] for r in received] == [sent.markdown()]
    assert sent.link == f"{URL}/runs/{result.run_id}"
    # An event log it cannot read is logged, not raised: the run it reports on has already ended.
    assert alert_run(result.dagster_run, events=[object()]) is None
    assert len(received) == 1
