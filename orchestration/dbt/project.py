"""The dbt project as Dagster sees it.

The manifest is parsed when it is missing or older than the project's files: on a fresh clone, in CI,
and in `dagster dev` after a model changed (what `DbtProject.prepare_if_dev` does, but without
needing an activated virtualenv). A deployment that ships a prepared manifest never parses at import.
"""

from __future__ import annotations

import shutil
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from filelock import FileLock

from ingestion.settings import Paths

PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
PROJECT_INPUTS = ("models", "macros", "seeds", "tests", "dbt_project.yml", "profiles.yml")
# dbt's manifest, compiled SQL and logs go under the data folder, like everything the product writes,
# not into the checkout.
TARGET_DIR = Paths.from_env().data_dir / "dbt" / "target"

dbt_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR, target_path=TARGET_DIR)


def dbt_executable() -> str:
    """The dbt installed beside this Python, so runs work without an activated virtualenv."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(
        project_dir=dbt_project,
        profiles_dir=str(dbt_project.profiles_dir),
        dbt_executable=dbt_executable(),
    )


def manifest_is_stale(manifest: Path, project_dir: Path = PROJECT_DIR) -> bool:
    """True when the manifest is missing or older than any file of the project."""
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    for name in PROJECT_INPUTS:
        path = project_dir / name
        files = path.rglob("*") if path.is_dir() else [path]
        if any(f.is_file() and f.stat().st_mtime > built for f in files):
            return True
    return False


def ensure_manifest() -> Path:
    """Parse the project when the manifest is missing or stale and return its path: assets built
    from an old manifest fail on nodes it does not know."""
    return parse_once(
        dbt_project.manifest_path,
        lambda: dbt_resource().cli(["parse"], target_path=dbt_project.target_path).wait(),
    )


def parse_once(manifest: Path, parse: Callable[[], object], project_dir: Path = PROJECT_DIR) -> Path:
    """Run `parse` if the manifest is stale, holding a lock beside the manifest.

    Several processes import the definitions at once (pytest-xdist workers, `dagster dev`'s code
    server beside a CLI run): without the lock, one reads manifest.json while another rewrites it
    and fails on half a JSON document. The staleness test is repeated under the lock, so only the
    first process parses and the others wait for its finished file."""
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(manifest.parent / ".parse.lock")):
        if manifest_is_stale(manifest, project_dir):
            parse()
    return manifest


# Run folders dagster-dbt leaves under target/ (compiled SQL, run_results, a debug log: ~27 MB per
# run at demo scale): the newest are kept for looking into a failure, older ones removed.
KEEP_RUN_TARGETS = 5


def prune_run_targets(
    op_name: str, target_path: Path = dbt_project.target_path, keep: int = KEEP_RUN_TARGETS
) -> list[Path]:
    """Remove all but the `keep` newest run folders (`<op_name>-…`) under dbt's target path."""
    runs = sorted(
        (p for p in Path(target_path).glob(f"{op_name}-*") if p.is_dir()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in runs[keep:]:
        shutil.rmtree(old, ignore_errors=True)
    return runs[keep:]


def run_target(op_name: str, run_id: str) -> Path:
    """A fresh folder under the target path for one dbt invocation of a run (what dagster-dbt would
    make under the working directory's `target/`)."""
    return dbt_project.target_path / f"{op_name}-{run_id[:7]}-{uuid.uuid4().hex[:7]}"
