"""Delimited text with the platforms' quirks, built column-wise so a file of 100k rows is a few
array operations instead of a Python loop per cell."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

Column = np.ndarray  # object array of str


def as_text(values: Sequence | np.ndarray) -> Column:
    arr = np.asarray(values, dtype=object)
    return arr


def _map_unique(col: Column, fn) -> Column:
    """Apply a Python function to each distinct value only: export columns repeat a lot."""
    codes, uniques = pd.factorize(pd.Series(col, dtype=object), use_na_sentinel=False)
    return np.array([fn(u) for u in uniques], dtype=object)[codes] if len(col) else col


def _any_char(col: Column, chars: str) -> bool:
    """Whether any cell holds one of `chars`: one scan of the joined text (most columns hold none,
    which lets them skip the per-value work)."""
    text = "\x00".join(col.tolist())
    return any(ch in text for ch in chars)


def _quote(v: str) -> str:
    return '"' + v.replace('"', '""') + '"'


def quote_all(col: Column) -> Column:
    """ "value" with inner quotes doubled (Taobao CSVs quote every field)."""
    if not _any_char(col, '"'):
        return '"' + np.asarray(col, dtype=object) + '"' if len(col) else col
    return _map_unique(col, _quote)


def excel_formula_id(col: Column) -> Column:
    """="value": Taobao's guard that stops Excel turning long ids into 1.23E+17 (empty id: ="")."""
    return '="' + col + '"'


def _quote_if_needed(v: str) -> str:
    return _quote(v) if any(ch in v for ch in ',"\r\n') else v


def quote_minimal(col: Column) -> Column:
    """Quote only the cells that need it (a comma, quote or line break inside)."""
    if not _any_char(col, ',"\r\n'):
        return np.asarray(col, dtype=object)
    return _map_unique(col, _quote_if_needed)


def join_rows(columns: list[Column], sep: str = ",", suffix: str = "") -> Column:
    """Row strings from equally long column arrays (str.join per row: linear in the row width)."""
    if not columns:
        return np.array([], dtype=object)
    rows = [sep.join(cells) for cells in zip(*[c.tolist() for c in columns], strict=True)]
    out = np.array(rows, dtype=object)
    if suffix and len(out):
        out = out + suffix
    return out


def text_bytes(
    header: str,
    rows: Column,
    *,
    encoding: str,
    bom: bool = False,
    newline: str = "\r\n",
    lead: Sequence[str] = (),
    tail: Sequence[str] = (),
) -> bytes:
    parts = [*lead, header, *rows.tolist(), *tail]
    text = newline.join(parts) + newline
    data = text.encode(encoding)
    if bom:
        data = "\ufeff".encode(encoding) + data
    return data
