"""Which exports belong to which day: the split behind the daily-increment measurements.

The answer key's `files` table names every file the simulator wrote. Daily reports carry the day
they cover (`period_start` = `period_end`); an export becomes available after its period ends, so
it belongs to `period_end`. Order, after-sales and settlement exports carry no period: the simulator
writes exactly one per day per export type, and their names sort by export time (epoch seconds or
YYYYMMDD…), so the i-th file of a type, by name, belongs to the i-th day of the simulation. That is
checked, not assumed: a type without periods must have one file per day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb


def files_by_day(answer_key: Path | str) -> dict[dt.date, list[str]]:
    """Landing-relative paths of the exports of each simulated day, days in order."""
    with duckdb.connect() as con:
        rows = con.execute(
            "select platform, export_type, path, period_end from read_parquet(?) order by path",
            [str(Path(answer_key) / "files.parquet")],
        ).fetchall()
    dated = [r for r in rows if r[3] is not None]
    if not dated:
        raise ValueError("no export in the answer key carries a period: cannot tell the days apart")
    first, last = min(r[3] for r in dated), max(r[3] for r in dated)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    out: dict[dt.date, list[str]] = {d: [] for d in days}
    undated: dict[tuple[str, str], list[str]] = {}
    for platform, export_type, path, period_end in rows:
        if period_end is None:
            undated.setdefault((platform, export_type), []).append(path)
        else:
            out[period_end].append(path)
    for kind, paths in undated.items():
        if len(paths) != len(days):
            raise ValueError(
                f"{kind[0]}/{kind[1]}: {len(paths)} undated files for {len(days)} days; "
                "cannot assign them to days"
            )
        for day, path in zip(days, sorted(paths), strict=True):
            out[day].append(path)
    return out
