"""The truth behind the exports, as Parquet (money DECIMAL(18,2), times naive Asia/Shanghai).

DuckDB does the typing: frames are registered as views and copied out with explicit casts, so money
is rounded by the database rather than by float formatting.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from simulator.orders import NONE


def to_timestamp(seconds: np.ndarray) -> pd.Series:
    s = np.asarray(seconds, dtype=np.int64)
    out = pd.to_datetime(np.where(s == NONE, 0, s), unit="s")
    return pd.Series(out).where(s != NONE)


def write_table(
    con: duckdb.DuckDBPyConnection, folder: Path, name: str, df: pd.DataFrame, money: tuple[str, ...] = ()
) -> None:
    con.register("frame", df)
    cols = []
    for c in df.columns:
        q = f'"{c}"'
        if c in money:
            cols.append(f"CAST(ROUND({q}, 2) AS DECIMAL(18,2)) AS {q}")
        elif pd.api.types.is_datetime64_any_dtype(df[c]):
            cols.append(f"CAST({q} AS TIMESTAMP) AS {q}")
        else:
            cols.append(q)
    path = folder / f"{name}.parquet"
    con.execute(f"COPY (SELECT {', '.join(cols)} FROM frame) TO '{path}' (FORMAT PARQUET)")
    con.unregister("frame")


def write_answer_key(folder: Path, tables: dict[str, tuple[pd.DataFrame, tuple[str, ...]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        for name, (df, money) in tables.items():
            write_table(con, folder, name, df, money)
    finally:
        con.close()
