"""Which files are in the landing folder, and which of them hold bytes the manifest has not seen."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from ingestion.manifest import ManifestIndex
from ingestion.names import relative_name
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


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, cached by (path, size, mtime) so a sensor polling a new file hashes it once."""
    st = path.stat()
    return _sha256(str(path), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def pending_files(landing: Path, warehouse: Path) -> list[Path]:
    """Files in the landing folder whose bytes are not yet loaded, by the loader's own rule
    (`ManifestIndex`): a file whose path, size and mtime match a recorded fingerprint is known without
    reading it; the others are hashed. A file moved away since it was listed is left out."""
    landing = Path(landing)
    index = ManifestIndex.of_warehouse(Path(warehouse))
    return [path for path in discover(landing) if _is_new(path, relative_name(path, landing), index)]


def _is_new(path: Path, rel: str, index: ManifestIndex) -> bool:
    try:
        st = path.stat()
        if index.known_sha(rel, st.st_size, st.st_mtime_ns) is not None:
            return False
        return not index.holds(rel, file_sha256(path))
    except FileNotFoundError:
        return False
