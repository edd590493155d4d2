"""A failed freshness gate alerts once from each run path: `omnichannel run` (its own call) and the
daemon (the run-failure sensor evaluated on the same run), each with the check, the cause and a link.

One `omnichannel run` on the tiny simulation (minutes: ingest and dbt build) serves both paths.
"""

import datetime as dt
import os
import shutil
import subprocess
import sys

import dagster as dg
import pytest

from omnichannel_config import Paths, paths_under
from tests.orchestration.test_pipeline_end_to_end import robot  # noqa: F401  (a module fixture)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]

DAGSTER_URL = "http://dagster.example:3000"
# `omnichannel run` through its own subcommand module (not every subcommand has to import).
RUN_COMMAND = (
    "import argparse, sys; from orchestration import cli; parser = argparse.ArgumentParser(); "
    "cli.register(parser.add_subparsers()); args = parser.parse_args(['run']); sys.exit(args.func(args))"
)


@pytest.fixture(scope="module")
def stale_run(tmp_path_factory, tiny_paths: Paths, tiny_simulation, robot):  # noqa: F811
    """`omnichannel run` as of 30 days after the tiny data ends: the freshness gate must fail."""
    root = tmp_path_factory.mktemp("stale")
    paths = paths_under(root / "data")
    shutil.copytree(tiny_paths.landing_dir, paths.landing_dir)
    as_of = tiny_simulation.end + dt.timedelta(days=30)
    env = {
        **os.environ,
        **paths.as_env(),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "OMNI_AS_OF_DATE": as_of.isoformat(),
        "OMNI_ALERT_WEBHOOK_URL": robot[0],
        "OMNI_DAGSTER_URL": DAGSTER_URL + "/",
    }
    completed = subprocess.run(
        [sys.executable, "-c", RUN_COMMAND],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert "gx_channel_daily_freshness" in completed.stdout, (
        completed.stdout[-3000:] + completed.stderr[-3000:]
    )
    sent_by_cli = list(robot[1])
    with pytest.MonkeyPatch.context() as mp:
        for key in ("DAGSTER_HOME", "OMNI_ALERT_WEBHOOK_URL", "OMNI_DAGSTER_URL"):
            mp.setenv(key, env[key])
        with dg.DagsterInstance.get() as instance:
            yield completed, paths, instance, sent_by_cli, robot[1], tiny_simulation.end, as_of


def test_omnichannel_run_sends_one_failure_alert_naming_check_cause_and_link(stale_run):
    completed, paths, instance, sent_by_cli, _, data_end, as_of = stale_run
    assert completed.returncode == 1, completed.stderr[-3000:]
    assert not paths.published.exists(), "a failed gate publishes nothing"
    (run,) = instance.get_runs()
    assert len(sent_by_cli) == 1
    text = sent_by_cli[0]["markdown"]["content"]
    assert text.startswith("### 【失败】omnichannel-elt daily_pipeline\n"), text
    assert "gx_channel_daily_freshness" in text
    assert f"数据只到 {data_end}，落后报告日 {as_of} 30 天" in text, text
    assert "已发布数仓保持不变" in text
    assert f"({DAGSTER_URL}/runs/{run.run_id})" in text
    assert "__ASSET_JOB" not in text
    # The offline quality report shows the failed gate with its observed value.
    page = (paths.reports_dir / "quality" / "index.html").read_text(encoding="utf-8")
    assert "channel_daily_freshness" in page and "失败 failed" in page


def test_the_daemon_sensor_sends_the_same_single_alert_for_that_run(stale_run):
    _, _, instance, sent_by_cli, received, _, _ = stale_run
    from orchestration.definitions import defs

    (run,) = instance.get_runs()
    failure = instance.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.RUN_FAILURE).records
    context = dg.build_run_status_sensor_context(
        sensor_name="alert_on_run_failure",
        dagster_instance=instance,
        dagster_run=run,
        dagster_event=failure[0].event_log_entry.dagster_event,
    ).for_run_failure()
    before = len(received)
    defs.resolve_sensor_def("alert_on_run_failure")(context)
    assert len(received) == before + 1
    assert received[-1] == sent_by_cli[0]
