"""File names as text, whatever bytes the file system holds.

`unzip` on Linux leaves the names of a Windows zip as GBK bytes, which Python holds as surrogate
escapes: such a name cannot be written to DuckDB, printed or logged as UTF-8, and one file like it
used to stop every ingest. The text of a name is used for lineage, the manifest, file-name patterns
and the quarantine folder; the file itself is still opened by its real path.
"""

from __future__ import annotations

import os
from pathlib import Path


def display_name(name: str) -> str:
    """`name` as text: bytes that are not UTF-8 are read as GB18030 (what Windows zips write), and
    bytes that are neither are shown as \\xNN."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def relative_name(path: Path, root: Path) -> str:
    """`path` below `root` as a POSIX relative path of display names."""
    return "/".join(display_name(part) for part in path.relative_to(root).parts)
