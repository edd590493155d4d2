"""Opening the warehouse: one helper, read-only wherever the caller only reads.

DuckDB allows one writer per file and no reader beside it in another process; readers of the build
file and of the published copy open it read-only so they never take the writer's lock.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from omnichannel_config.settings import DuckDBSettings


def connect(
    path: Path | str, read_only: bool = True, settings: DuckDBSettings | None = None
) -> duckdb.DuckDBPyConnection:
    """A connection to the DuckDB file at `path` (read-only unless asked), with `settings` applied."""
    con = duckdb.connect(str(path), read_only=read_only)
    for name, value in (settings.statements() if settings else {}).items():
        con.execute(f"SET {name} = ?", [value])
    return con
