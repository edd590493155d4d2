"""The loader's scratch folder: decoded copies of exports (GB18030 re-encoded as UTF-8, zip members)
live here while a run reads them.

They hold what the exports hold (names, phones, addresses), so they stay inside the data folder, next
to the warehouse, readable by the owner only (0700), never in the system temp folder; and a run that
was killed leaves its folder behind only until the next run starts, which removes every folder whose
process is gone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ingestion.run_lock import pid_alive

SCRATCH = ".omni-scratch"


def scratch_root(warehouse: Path) -> Path:
    return Path(warehouse).parent / SCRATCH


@contextlib.contextmanager
def scratch_dir(warehouse: Path, purpose: str = "ingest") -> Iterator[Path]:
    """A fresh 0700 folder below the warehouse's folder for this process, removed on exit; folders
    that dead processes left are removed first."""
    root = scratch_root(warehouse)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    remove_stale(root)
    path = Path(tempfile.mkdtemp(prefix=f"{purpose}-{os.getpid()}-", dir=root))  # mkdtemp: mode 0700
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def remove_stale(root: Path) -> list[Path]:
    """Remove the scratch folders of processes that no longer run; the removed paths."""
    removed = []
    for child in root.iterdir() if root.exists() else []:
        pid = _pid_of(child.name)
        if pid is not None and not pid_alive(pid):
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child)
    return removed


def _pid_of(name: str) -> int | None:
    parts = name.split("-")
    return int(parts[1]) if len(parts) >= 3 and parts[1].isdigit() else None
