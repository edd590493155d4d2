"""`omnichannel run`'s console on real Dagster events: one line per step with its counts, a failed
step named with its root cause, the steps skipped after it in one line, no Dagster DEBUG events
and no escape codes when the output is not a terminal."""

import datetime as dt
import io
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from omnichannel_cli.console import quiet_console
from omnichannel_config import paths_under
from orchestration.run_console import DAGSTER_LOGGER, StageReporter, reported_elsewhere, with_python_logging


@dg.asset(name="ingest_landing_files")
def ingest_step() -> dg.MaterializeResult:
    return dg.MaterializeResult(
        metadata={"files_loaded": 3, "files_skipped_as_duplicates": 1, "rows_loaded": 120, "rows_rejected": 2}
    )


@dg.asset(deps=[ingest_step])
def kpi_daily(context: dg.AssetExecutionContext) -> None:
    context.log.warning("1 file(s) quarantined in /q: 月度汇总.csv: 不是已知的导出")
    raise ValueError("OMNI_AS_OF_DATE is 'yesterday'; expected a date\nmore detail for the log file")


@dg.asset(deps=[kpi_daily])
def published__warehouse() -> None:
    pass


def run_quietly(tmp_path: Path) -> tuple[str, str, StageReporter, Path]:
    job = dg.define_asset_job("daily", selection="*").resolve(
        asset_graph=dg.Definitions(
            assets=[ingest_step, kpi_daily, published__warehouse]
        ).resolve_asset_graph()
    )
    job, run_config = with_python_logging(job)
    out, err = io.StringIO(), io.StringIO()
    log_file = tmp_path / "run.log"
    with quiet_console(log_file, stdout=out, stderr=err, hide=reported_elsewhere) as console:
        reporter = StageReporter(console, dbt_nodes=0)
        logging.getLogger(DAGSTER_LOGGER).addHandler(reporter)
        try:
            result = job.execute_in_process(run_config=run_config, raise_on_error=False)
        finally:
            logging.getLogger(DAGSTER_LOGGER).removeHandler(reporter)
    assert not result.success
    return out.getvalue(), err.getvalue(), reporter, log_file


def test_each_step_is_one_line_with_counts_and_a_failure_names_its_cause(tmp_path: Path):
    out, err, reporter, log_file = run_quietly(tmp_path)
    lines = out.splitlines()
    assert lines[0].startswith(
        "导入 ingest: 完成 done, 3 new files loaded, 1 already loaded; rows 120 loaded, 2 rejected ("
    )
    assert lines[1].startswith(
        "步骤 step kpi_daily: 失败 FAILED, 0 assets, checks 0 passed, 0 failed, 0 warned ("
    )
    assert lines[2] == "  cause: ValueError: OMNI_AS_OF_DATE is 'yesterday'; expected a date"
    assert len(lines) == 3
    # The asset's own warning reaches the console in one line; Dagster's failure and skip events do
    # not (said above, with the cause), nor any DEBUG event.
    assert err.splitlines() == [
        "警告 warning: kpi_daily: 1 file(s) quarantined in /q: 月度汇总.csv: 不是已知的导出"
    ]
    assert reporter.skipped == ["published__warehouse"]
    assert "\x1b" not in out + err
    text = log_file.read_text(encoding="utf-8")
    assert "STEP_START" in text and "more detail for the log file" in text and "Dependencies for step" in text


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
def test_omnichannel_run_on_the_tiny_simulation_is_a_short_plain_summary(
    tmp_path: Path, tiny_paths, tiny_simulation
):
    """The real command, output to a pipe: a few dozen lines where it printed ~1,000 (the demo
    scale printed ~2,780), no escape codes, the details in the run's log file."""
    paths = paths_under(tmp_path / "data")
    shutil.copytree(tiny_paths.landing_dir, paths.landing_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMNI_", "DAGSTER_"))}
    env.update(paths.as_env())
    env["OMNI_AS_OF_DATE"] = (tiny_simulation.end + dt.timedelta(days=1)).isoformat()
    done = subprocess.run(
        [sys.executable, "-m", "omnichannel_cli.main", "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    assert len(output.splitlines()) < 40, output
    assert "\x1b" not in output
    # Every file dropped is counted: loaded, or skipped as bytes already loaded.
    loaded, again = map(
        int, re.search(r"导入 ingest: 完成 done, (\d+) new files loaded, (\d+) already", done.stdout).groups()
    )
    assert loaded + again == sum(
        1 for f in paths.landing_dir.rglob("*") if f.is_file() and not f.name.startswith(".")
    )
    assert re.search(
        r"dbt 构建 build: 完成 done, \d+ models and seeds built; dbt tests: \d+ passed, 0 failed", done.stdout
    )
    assert "发布 publish: 完成 done, published for BI" in done.stdout
    (log_file,) = paths.logs_dir.glob("run-*.log")
    text = log_file.read_text(encoding="utf-8")
    assert "STEP_START" in text and "OK created sql table model staging." in text
    assert "\x1b" not in text
