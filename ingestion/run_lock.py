"""One pipeline run or ingest at a time on a warehouse, and nothing left running after a killed one.

DuckDB already refuses a second writer, but only when it opens the file: a second `omnichannel run`
would simulate the failure for minutes of work first, and the error names a lock, not a run. This
lock is taken first and says who holds it ("in use by `omnichannel run`, PID 4242, since …").

A killed run (kill -9) cannot stop the dbt it started, which goes on writing the build file
unsupervised. The lock records the run's process group; the next run that finds the holder dead
stops whatever is left of that group before it starts. `omnichannel run` makes itself the leader
of its own process group, so that group is exactly the run and its children.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".run.lock"


class RunLockHeld(RuntimeError):
    """Another run or ingest holds the warehouse; the message names it."""


def lock_path(warehouse: Path) -> Path:
    return Path(warehouse).parent / LOCK_NAME


@contextlib.contextmanager
def run_lock(warehouse: Path, what: str) -> Iterator[None]:
    """Hold the warehouse's run lock for `what` (e.g. "omnichannel run"); raise RunLockHeld when a
    live process holds it. Leftovers of a dead holder's process group are stopped first."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            if holder and holder.get("pid") == os.getpid():
                yield  # this process holds it already (an ingest inside `omnichannel run`)
                return
            raise RunLockHeld(_held_message(holder, warehouse)) from None
        stop_orphans(_read(fd))
        info = {
            "what": what,
            "pid": os.getpid(),
            "pgid": os.getpgrp(),
            # Only a run that leads its own process group has its group stopped after a kill:
            # another process's group may hold more than the run.
            "leads_group": os.getpgrp() == os.getpid(),
            "since": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # released cleanly: nothing for the next run to stop
    finally:
        os.close(fd)  # closing releases the flock; a killed process's descriptor is closed too


def lead_own_process_group() -> None:
    """Make this process the leader of a new process group (if it is not one), so that the children
    it starts (dbt) share a group that ends with the run."""
    with contextlib.suppress(OSError):
        if os.getpgrp() != os.getpid():
            os.setpgid(0, 0)


def stop_orphans(previous: dict | None) -> bool:
    """Stop the process group of a previous holder that died without releasing the lock (its dbt
    may still run); True when a group was signalled."""
    if not previous or not previous.get("leads_group") or pid_alive(int(previous.get("pid", 0))):
        return False
    pgid = int(previous.get("pgid", 0))
    if pgid <= 1 or pgid == os.getpgrp():
        return False
    try:
        os.killpg(pgid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _read(fd: int) -> dict | None:
    data = os.pread(fd, 4096, 0)
    try:
        return json.loads(data) if data else None
    except ValueError:
        return None


def _held_message(info: dict | None, warehouse: Path) -> str:
    if not info:
        return (
            f"the warehouse {warehouse} is in use by another run or ingest; wait for it to finish, "
            "then re-run"
        )
    return (
        f"the warehouse {warehouse} is in use by `{info.get('what')}`, PID {info.get('pid')}, since "
        f"{info.get('since')}; wait for it to finish, then re-run"
    )


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs (someone else's counts)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
