"""Moving a file that cannot be loaded out of the landing folder, with an error file beside it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

ERROR_SUFFIX = ".error.txt"


def quarantine_file(path: Path, relative: str, quarantine_dir: Path, message: str, sha256: str) -> Path:
    """Move `path` to `<quarantine_dir>/<relative>` (never overwriting) and write
    `<name>.error.txt` beside it. Returns the new location."""
    target = quarantine_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    n = 1
    while target.exists():
        target = target.with_name(f"{Path(relative).stem} ({n}){Path(relative).suffix}")
        n += 1
    shutil.move(str(path), str(target))
    when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    target.with_name(target.name + ERROR_SUFFIX).write_text(
        f"File: {relative}\n"
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
