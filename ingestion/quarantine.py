"""Moving a file that cannot be loaded out of the landing folder, with an error file beside it."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

ERROR_SUFFIX = ".error.txt"
# The longest file name most file systems take, in bytes (ext4, XFS, APFS, NTFS in UTF-16 units).
NAME_MAX = 255


def quarantine_file(path: Path, relative: str, quarantine_dir: Path, message: str, sha256: str) -> Path:
    """Move `path` to `<quarantine_dir>/<relative>` (never overwriting) and write
    `<name>.error.txt` beside it. Returns the new location. A name too long to take the error file's
    suffix (or a ` (n)` to avoid overwriting) is shortened, ending in a hash of the full name; the
    error file names the file in full. Raises OSError when the file cannot be moved."""
    target = quarantine_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    name = fit_name(target.name)
    target = target.with_name(name)
    n = 1
    while target.exists():
        target = target.with_name(fit_name(f"{Path(name).stem} ({n}){Path(name).suffix}"))
        n += 1
    shutil.move(str(path), str(target))
    when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    error_file_for(target).write_text(
        f"File: {relative}\n"
        f"Moved to: {target.name}\n"
        f"SHA-256: {sha256}\n"
        f"Quarantined at: {when}\n"
        f"\n"
        f"Problem:\n{message}\n"
        f"\n"
        f"What to do:\n"
        f"- Fix the cause above (re-export from the platform, or add/correct a template under\n"
        f"  ingestion/templates/ for a new or changed export), then put the file back into the\n"
        f"  landing folder. A file with new bytes loads on the next run.\n"
        f"- See ingestion/README.md, 'Bad files'.\n",
        encoding="utf-8",
    )
    return target


def error_file_for(target: Path) -> Path:
    """Where quarantine_file wrote the error file of a file it moved to `target`."""
    return target.with_name(fit_name(target.name, reserve=ERROR_SUFFIX) + ERROR_SUFFIX)


def fit_name(name: str, reserve: str = "") -> str:
    """`name`, or a shortened form of it that leaves room for `reserve` within NAME_MAX bytes: its
    start, `~`, eight hex digits of the full name's SHA-1 and its extension."""
    if len(os.fsencode(name + reserve)) <= NAME_MAX:
        return name
    suffix = Path(name).suffix if len(Path(name).suffix) <= 16 else ""
    tail = f"~{hashlib.sha1(os.fsencode(name)).hexdigest()[:8]}{suffix}"
    room = NAME_MAX - len(os.fsencode(tail + reserve))
    stem = name[: len(name) - len(suffix)]
    while len(os.fsencode(stem)) > room:
        stem = stem[:-1]
    return stem + tail
