"""The dbt project as Dagster sees it.

The manifest is prepared (`dbt parse`) by `dagster dev` through `prepare_if_dev`, and by
`ensure_manifest` when a fresh clone runs the CLI or the tests before anything has parsed it; a
deployed code location ships a prepared manifest and never parses at import.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dagster_dbt import DbtProject

PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"

dbt_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR)
dbt_project.prepare_if_dev()


def ensure_manifest() -> Path:
    """Parse the project when no manifest exists yet (fresh clone, CI) and return its path."""
    if not dbt_project.manifest_path.exists():
        dbt_project.preparer.prepare(dbt_project)
    return dbt_project.manifest_path


def dbt_executable() -> str:
    """The dbt installed beside this Python, so runs work without an activated virtualenv."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"
