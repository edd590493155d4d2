"""Rows per raw export table of a warehouse, for tests that compare two ingests."""

from __future__ import annotations

from pathlib import Path

import duckdb


def raw_row_counts(warehouse: Path) -> dict[str, int]:
    """Raw table → rows, for every export table that holds any (bookkeeping tables left out)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables"
                " where table_schema = 'raw' and not starts_with(table_name, '_')"
            ).fetchall()
        ]
        counts = {t: con.execute(f'select count(*) from raw."{t}"').fetchone()[0] for t in tables}
    return {t: n for t, n in counts.items() if n}
