"""The alert people read in the group chat, built from a run's outcome.

Two levels: 预警 (warning) when only warn-level checks failed and the run published, 失败 (failed)
when a step or a blocking check failed and nothing was published. Each names the checks with what
they found (the anomaly rule: platform, day, value vs the trailing median), the root cause of each
failed step, the job, and a link to the run when the Dagster UI's address is set.
"""

from __future__ import annotations

from orchestration.alerts.run_outcome import RunOutcome
from orchestration.alerts.webhook import Alert

WARNING = "预警"
FAILED = "失败"
MAX_ITEMS = 12  # a robot message has a size limit (WeCom: 4,096 bytes); the run page has the rest


def build_alert(outcome: RunOutcome, dagster_url: str | None = None) -> Alert | None:
    """The alert for a finished run, or None when there is nothing to say (passed, no warnings)."""
    if not outcome.failed and not outcome.checks:
        return None
    level = FAILED if outcome.failed else WARNING
    if outcome.failed:
        summary = "运行失败" + (
            "，但数仓已发布 (run failed after publishing)"
            if outcome.published
            else "，未发布：BI 读取的已发布数仓保持不变 "
            "(run failed; the published warehouse was left unchanged)"
        )
    elif outcome.published:
        summary = "运行成功，数仓已发布；以下检查只预警 (run succeeded and published; these checks only warn)"
    else:
        summary = "运行成功；以下检查只预警 (run succeeded; these checks only warn)"
    items = [
        f"检查 **{c.check}**（{c.asset}，{'阻断' if c.blocking else '只预警'}）："
        f"{c.detail or '未通过 (failed)'}"
        for c in sorted(outcome.checks, key=lambda c: not c.blocking)
    ]
    items += [f"步骤 **{s.step}** 失败，原因：{s.cause}" for s in outcome.steps]
    if len(items) > MAX_ITEMS:
        more = len(items) - MAX_ITEMS
        items = [*items[:MAX_ITEMS], f"另有 {more} 项，见运行页面 (and {more} more on the run's page)"]
    link = f"{dagster_url.rstrip('/')}/runs/{outcome.run_id}" if dagster_url else None
    return Alert(
        title=f"【{level}】omnichannel-elt {outcome.job}",
        lines=(summary, *items, f"运行 run `{outcome.run_id}`"),
        level=level,
        link=link,
    )


def sample_alert(dagster_url: str | None = None) -> Alert:
    """What `omnichannel alert --test` sends: a 预警 as the anomaly rule writes it."""
    from orchestration.alerts.run_outcome import CheckFailure

    outcome = RunOutcome(
        run_id="00000000-test-test-test-000000000000",
        job="daily_pipeline",
        failed=False,
        published=True,
        checks=(
            CheckFailure(
                check="gx_channel_daily_anomalies",
                asset="marts/channel_daily",
                blocking=False,
                detail="测试消息 (test message)：抖音（douyin）2026-06-17：实付 GMV 1,200.00，"
                "为前 7 天中位数 5,000.00 的 24%，低于 40%",
            ),
        ),
        steps=(),
    )
    return build_alert(outcome, dagster_url)
