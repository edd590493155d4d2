"""kill -9 of `omnichannel run` while dbt builds: the dbt it started went on writing the build file
unsupervised. The next run stops it (the run lock records the run's process group), then completes,
and publishes; no scratch or staging file is left."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingestion.scratch import scratch_root
from omnichannel_config import Paths, paths_under

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("kill_run")]


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _is_dbt_build(pid: int) -> bool:
    """`dbt build`, not the `dbt parse` the run may start first to prepare the manifest: killed during
    the parse, the run has not taken the lock yet and there is nothing for the next run to stop."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(a.endswith(b"dbt") for a in argv) and b"build" in argv


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def test_the_next_run_stops_the_dbt_a_killed_run_left_and_completes(
    tmp_path, tiny_paths: Paths, tiny_simulation
):
    paths = paths_under(tmp_path / "data")
    shutil.copytree(tiny_paths.landing_dir, paths.landing_dir)
    env = {
        **os.environ,
        **paths.as_env(),
        "OMNI_AS_OF_DATE": (tiny_simulation.end + dt.timedelta(days=1)).isoformat(),
        "DBT_TARGET_PATH": str(tmp_path / "dbt_target"),
        "DBT_LOG_PATH": str(tmp_path / "dbt_logs"),
    }
    env.pop("DAGSTER_HOME", None)
    command = [sys.executable, "-m", "omnichannel_cli.main", "run"]
    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dbt = None
    deadline = time.monotonic() + 240
    while dbt is None and first.poll() is None and time.monotonic() < deadline:
        dbt = next((c for c in _children(first.pid) if _is_dbt_build(c)), None)
        time.sleep(0.05)
    assert dbt is not None, "dbt build never started under the run"
    time.sleep(1.0)  # dbt is opening and writing the build file
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert _running(dbt), "the killed run's dbt is left running"

    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert not _running(dbt)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert "daily_pipeline: succeeded" in second.stdout
    assert paths.published.exists()
    assert list(scratch_root(paths.warehouse).iterdir()) == []
    assert [p.name for p in paths.published.parent.iterdir() if p.name.startswith(".")] == []
