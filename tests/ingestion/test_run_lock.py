"""One run or ingest at a time on a warehouse, named when it holds it; a killed run's leftovers (its
dbt) are stopped by the next one."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingestion.cli import EXIT_FAILED, EXIT_OK, main
from ingestion.run_lock import RunLockHeld, pid_alive, run_lock

VERBATIM = Path(__file__).parents[1] / "fixtures" / "verbatim" / "exports"
HOLD = """
import sys, time
from pathlib import Path
from ingestion.run_lock import run_lock
with run_lock(Path(sys.argv[1]), "omnichannel run --job daily_pipeline"):
    print("held", flush=True)
    time.sleep(60)
"""


def _ingest_cli(tmp_path: Path, warehouse: Path) -> int:
    landing = tmp_path / "landing"
    landing.mkdir(exist_ok=True)
    (landing / "orders_export_20260501120000.csv").write_bytes(
        (VERBATIM / "orders_export_20260501120000.csv").read_bytes()
    )
    return main(
        [
            "--landing",
            str(landing),
            "--warehouse",
            str(warehouse),
            "--quarantine",
            str(tmp_path / "q"),
            "--quiet",
        ]
    )


def test_an_ingest_while_a_run_holds_the_warehouse_names_the_run(tmp_path, capsys):
    warehouse = tmp_path / "wh" / "w.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(warehouse)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert _ingest_cli(tmp_path, warehouse) == EXIT_FAILED
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    holder_text = f"`omnichannel run --job daily_pipeline`, PID {holder.pid}"
    assert err.startswith(f"error: the warehouse {warehouse} is in use by {holder_text}")
    assert not warehouse.exists()  # refused before any work
    assert _ingest_cli(tmp_path, warehouse) == EXIT_OK  # the holder is gone: the lock is free again


def test_the_holder_itself_may_ingest_inside_its_run(tmp_path):
    """`omnichannel run` holds the lock while its ingestion step runs in the same process."""
    warehouse = tmp_path / "wh" / "w.duckdb"
    with run_lock(warehouse, "omnichannel run"):
        assert _ingest_cli(tmp_path, warehouse) == EXIT_OK
        with pytest.raises(RunLockHeld):  # another process would be refused
            _other_process_takes(warehouse)


def _other_process_takes(warehouse: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from ingestion.run_lock import run_lock\n"
        "with run_lock(Path(sys.argv[1]), 'x'): pass"
    )
    done = subprocess.run([sys.executable, "-c", code, str(warehouse)], capture_output=True, text=True)
    if "RunLockHeld" in done.stderr:
        raise RunLockHeld(done.stderr)


KILLED_RUN = """
import os, subprocess, sys, time
from pathlib import Path
from ingestion.run_lock import lead_own_process_group, run_lock
lead_own_process_group()
with run_lock(Path(sys.argv[1]), "omnichannel run"):
    dbt = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])  # stands in for dbt
    print(dbt.pid, flush=True)
    time.sleep(0.5)
    os.kill(os.getpid(), 9)  # kill -9: no cleanup runs
"""


def test_the_next_run_stops_what_a_killed_run_left_running(tmp_path):
    """kill -9 of `omnichannel run` left its `dbt build` child writing the build file unsupervised."""
    warehouse = tmp_path / "wh" / "w.duckdb"
    killed = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, str(warehouse)], stdout=subprocess.PIPE, text=True
    )
    orphan = int(killed.stdout.readline())
    assert killed.wait() == -signal.SIGKILL
    assert pid_alive(orphan)  # what a killed run leaves behind
    with run_lock(warehouse, "omnichannel run"):
        deadline = time.monotonic() + 10
        while _running(orphan) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(orphan)


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for its (dead) parent to be reaped by init."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"
