"""kill -9 of an ingest in the middle of its work: nothing is lost or doubled, and nothing of it (its
scratch copies of the exports, which hold names and phones) survives the next run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from ingestion.load import ingest
from ingestion.scratch import scratch_root
from omnichannel_config import Paths
from tests.ingestion.raw_counts import raw_row_counts

pytestmark = [pytest.mark.slow]


def test_a_killed_ingest_leaves_nothing_behind_once_the_next_run_starts(
    tmp_path, tiny_paths: Paths, tiny_ingested
):
    landing = tmp_path / "landing"
    shutil.copytree(tiny_paths.landing_dir, landing)
    warehouse = tmp_path / "wh" / "w.duckdb"
    scratch = scratch_root(warehouse)
    env = {**os.environ, "OMNI_DATA_DIR": str(tmp_path / "data")}
    command = [
        sys.executable,
        "-m",
        "ingestion.cli",
        "--landing",
        str(landing),
        "--warehouse",
        str(warehouse),
        "--quarantine",
        str(tmp_path / "q"),
        "--quiet",
    ]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill it once it is reading exports into its scratch folder (a GB18030 CSV is copied there).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if scratch.exists() and any(p.is_dir() and any(p.rglob("*.csv")) for p in scratch.iterdir()):
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    left = [p for p in scratch.iterdir()]
    assert left, "a kill leaves the run's scratch folder (what the next run must remove)"

    report = ingest(landing, warehouse, tmp_path / "q")
    assert report.ok
    assert list(scratch.iterdir()) == []  # the killed run's folder and this run's own
    assert raw_row_counts(warehouse) == raw_row_counts(tiny_paths.warehouse)  # nothing lost, nothing doubled
