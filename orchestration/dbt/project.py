"""The dbt project as Dagster sees it.

`dbt_project()` is a cached factory: the project is built once, and in `dagster dev` dagster-dbt's
own `prepare_if_dev()` parses it on every code-server load. Elsewhere nothing parses at import: the
CLI (`omnichannel run`, `omnichannel dbt parse`), the tests and a deployment call `prepare_manifest()`
first, which parses when the manifest is missing or older than the project, under a lock.
"""

from __future__ import annotations

import functools
import shutil
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from filelock import FileLock

from omnichannel_config import exported, load_settings

PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
PROJECT_INPUTS = ("models", "macros", "seeds", "tests", "dbt_project.yml", "profiles.yml")
# Run folders dagster-dbt leaves under the target path (compiled SQL, run_results, a debug log: ~27 MB
# per run at demo scale): the newest are kept for looking into a failure, older ones removed.
KEEP_RUN_TARGETS = 5


class ManifestMissing(RuntimeError):
    """The definitions need dbt's manifest and it has not been prepared."""


@functools.cache
def dbt_project() -> DbtProject:
    """The project, its manifest, compiled SQL and logs under the data folder (not the checkout)."""
    settings = load_settings()
    project = DbtProject(
        project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR, target_path=settings.paths.dbt_target_dir
    )
    with exported(settings.dbt_env()):  # dbt's profile reads what the settings export
        project.prepare_if_dev()
    return project


def dbt_executable() -> str:
    """The dbt installed beside this Python, so runs work without an activated virtualenv."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


def dbt_resource() -> DbtCliResource:
    project = dbt_project()
    return DbtCliResource(
        project_dir=project, profiles_dir=str(project.profiles_dir), dbt_executable=dbt_executable()
    )


def manifest_for_definitions() -> Path:
    """The manifest the dbt assets are built from; a clear error when it was never prepared."""
    path = dbt_project().manifest_path
    if not path.exists():
        raise ManifestMissing(
            f"dbt's manifest {path} does not exist: run `omnichannel dbt parse` once (make demo, make test "
            "and make dev do it), or deploy with a prepared manifest"
        )
    return path


def prepare_manifest() -> Path:
    """Parse the project when the manifest is missing or older than its files; its path. Assets
    built from an old manifest fail on nodes it does not know."""
    project = dbt_project()

    def parse() -> None:
        with exported(load_settings().dbt_env()):
            dbt_resource().cli(["parse"], target_path=project.target_path).wait()

    return parse_once(project.manifest_path, parse)


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


def parse_once(manifest: Path, parse: Callable[[], object], project_dir: Path = PROJECT_DIR) -> Path:
    """Run `parse` if the manifest is stale, holding a lock beside the manifest.

    Several processes prepare at once (pytest-xdist workers, `dagster dev`'s code server beside a CLI
    run): without the lock, one reads manifest.json while another rewrites it and fails on half a
    JSON document. The staleness test is repeated under the lock, so only the first process parses
    and the others wait for its finished file."""
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(manifest.parent / ".parse.lock")):
        if manifest_is_stale(manifest, project_dir):
            parse()
    return manifest


def prune_run_targets(
    op_name: str, target_path: Path | None = None, keep: int = KEEP_RUN_TARGETS
) -> list[Path]:
    """Remove all but the `keep` newest run folders (`<op_name>-…`) under dbt's target path."""
    target_path = Path(target_path or dbt_project().target_path)
    runs = sorted(
        (p for p in target_path.glob(f"{op_name}-*") if p.is_dir()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in runs[keep:]:
        shutil.rmtree(old, ignore_errors=True)
    return runs[keep:]


def run_target(op_name: str, run_id: str) -> Path:
    """A fresh folder under the target path for one dbt invocation of a run (what dagster-dbt would
    make under the working directory's `target/`)."""
    return dbt_project().target_path / f"{op_name}-{run_id[:7]}-{uuid.uuid4().hex[:7]}"
