"""Which files are in the landing folder, and which of them hold bytes the manifest has not seen."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from ingestion.manifest import MANIFEST
from ingestion.quarantine import ERROR_SUFFIX


def discover(landing: Path) -> list[Path]:
    """Export files under the landing folder: hidden files, Excel lock files, error files and links
    to files outside the folder skipped (`links_outside` lists those)."""
    if not landing.exists():
        return []
    return sorted(p for p in _candidates(landing) if not _points_outside(p, landing))


def links_outside(landing: Path) -> list[Path]:
    """Symbolic links in the landing folder to files outside it: never followed, because a link
    can make the loader read (and quarantine, i.e. move) any file the process may read."""
    if not landing.exists():
        return []
    return sorted(p for p in _candidates(landing) if _points_outside(p, landing))


def _candidates(landing: Path) -> list[Path]:
    return [
        p
        for p in landing.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(landing).parts)
        and not p.name.startswith("~$")
        and not p.name.endswith(ERROR_SUFFIX)
    ]


def _points_outside(path: Path, landing: Path) -> bool:
    if not path.is_symlink():
        return False
    try:
        path.resolve(strict=True).relative_to(landing.resolve())
    except (ValueError, OSError):
        return True
    return False


_SHA_CACHE: dict[tuple[str, int, int], str] = {}


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, cached by (path, size, mtime) so a sensor can poll cheaply."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _SHA_CACHE:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        _SHA_CACHE[key] = h.hexdigest()
    return _SHA_CACHE[key]


def pending_files(landing: Path, warehouse: Path) -> list[Path]:
    """Files in the landing folder whose bytes are not yet in the manifest."""
    files = discover(Path(landing))
    known: set[str] = set()
    if Path(warehouse).exists():
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            exists = con.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = 'raw' AND table_name = '_ingested_files'"
            ).fetchone()[0]
            if exists:
                known = {
                    r[0]
                    for r in con.execute(
                        f"SELECT DISTINCT sha256 FROM {MANIFEST} WHERE status IN ('loaded', 'duplicate')"
                    ).fetchall()
                }
        finally:
            con.close()
    return [p for p in files if file_sha256(p) not in known]
