"""Run dbt from tests against one test warehouse, with its own target and log folders."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from omnichannel_config import Paths, Settings

DBT_PROJECT = Path(__file__).resolve().parents[1] / "dbt_project"


@dataclass(frozen=True)
class DbtBuild:
    returncode: int
    output: str
    warehouse: Path
    target: Path


def dbt_command(*args: str, project: Path = DBT_PROJECT) -> list[str]:
    """The dbt executable of this interpreter's environment (no ~/.dbt, no network)."""
    return [str(Path(sys.executable).parent / "dbt"), *args, "--profiles-dir", str(project)]


def dbt_env(paths: Paths) -> dict[str, str]:
    """Environment that points dbt at `paths`; target and logs stay beside the warehouse so parallel
    workers (and a developer's own dbt_project/target) never share files."""
    work = paths.data_dir / "dbt"
    settings = Settings.from_env(
        {**os.environ, **paths.as_env(), "OMNI_DUCKDB_TEMP_DIR": str(work / "duckdb_tmp")}
    )
    return {
        **os.environ,
        **settings.dbt_env(),  # what dbt's profile reads, as `omnichannel dbt` and Dagster export it
        "OMNI_DUCKDB_TEMP_DIR": str(work / "duckdb_tmp"),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def run_dbt(paths: Paths, *args: str, project: Path = DBT_PROJECT) -> DbtBuild:
    """`dbt <args>` on the warehouse of `paths`; `project` is a copy of the project when a test
    breaks a model on purpose."""
    env = dbt_env(paths)
    proc = subprocess.run(
        dbt_command(*args, project=project), cwd=project, env=env, capture_output=True, text=True, check=False
    )
    return DbtBuild(proc.returncode, proc.stdout + proc.stderr, paths.warehouse, Path(env["DBT_TARGET_PATH"]))
