"""Checks on paths before any work: a folder that must exist, a file or folder the run will write.

Each returns None when fine, else one line naming the setting (or option) and what is expected, so
`omnichannel ingest --landing no_such_folder` stops in a second instead of printing an empty table.
"""

from __future__ import annotations

import os
from pathlib import Path

from omnichannel_config.settings import Settings


def missing_folder(path: Path, setting: str, what: str = "folder") -> str | None:
    """`path` must be an existing folder (the landing folder: the exports are read from it)."""
    if path.is_dir():
        return None
    found = "is a file" if path.exists() else "does not exist"
    return f"{setting}: the {what} {path} {found}; expected an existing folder"


def unwritable(path: Path, setting: str, kind: str = "folder") -> str | None:
    """The run will create or write `path` (a `kind`: folder or file): it must be writable, or
    creatable below its nearest existing folder."""
    if path.exists():
        wrong_kind = path.is_dir() != (kind == "folder")
        if wrong_kind:
            found = "a folder" if path.is_dir() else "a file"
            return f"{setting}: {path} is {found}; expected a {kind}"
        target = path if kind == "folder" else path.parent
        return None if os.access(target, os.W_OK | os.X_OK) else _cannot_write(path, setting, target)
    ancestor = path.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        return f"{setting}: cannot create {path}: {ancestor} is a file, not a folder"
    if not os.access(ancestor, os.W_OK | os.X_OK):
        return _cannot_write(path, setting, ancestor)
    return None


def readable_file(path: Path, setting: str) -> str | None:
    """`path`, if it exists, must be a readable file."""
    if not path.exists():
        return None
    if not path.is_file():
        return f"{setting}: {path} is not a file"
    if not os.access(path, os.R_OK):
        return f"{setting}: {path} cannot be read (permissions)"
    return None


def _cannot_write(path: Path, setting: str, folder: Path) -> str:
    return f"{setting}: cannot write {path}: no write permission on {folder}"


def pipeline_problems(settings: Settings) -> list[str]:
    """What `omnichannel run` needs before it starts: the exports' folder, and every file or folder
    it writes (build file, quarantine, published copy, reports, logs, Dagster's home)."""
    paths = settings.paths
    found = [
        missing_folder(paths.landing_dir, "OMNI_LANDING_DIR (or OMNI_DATA_DIR)", "landing folder"),
        unwritable(paths.warehouse, "OMNI_WAREHOUSE", "file"),
        unwritable(paths.quarantine_dir, "OMNI_QUARANTINE_DIR"),
        unwritable(paths.published, "OMNI_PUBLISHED", "file"),
        unwritable(paths.reports_dir, "OMNI_REPORTS_DIR"),
        unwritable(paths.logs_dir, "OMNI_DATA_DIR (its logs folder)"),
    ]
    if settings.dagster_home is not None:
        found.append(unwritable(settings.dagster_home, "DAGSTER_HOME"))
    return [problem for problem in found if problem]
