"""Shared plumbing of the small daily report files (traffic, ads, ERP, CS): report times, text-cell
rows and one xlsx per day from row XML built for the whole period at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from simulator.writers.xlsx import literal_row, row_xml, text_cells, xlsx_bytes


def morning(d: dt.date, minute: int, hour: int = 9) -> dt.datetime:
    """The report's creation time: the next morning at hour:minute (minute wraps at 60)."""
    return dt.datetime.combine(d + dt.timedelta(days=1), dt.time(hour, minute % 60))


def text_rows(columns: Sequence[np.ndarray]) -> np.ndarray:
    """Row XML with every value as an inline string ('' = empty cell), as the report tools write."""
    if not columns or len(columns[0]) == 0:
        return np.empty(0, dtype=object)
    return row_xml([text_cells(np.asarray(c, dtype=object)) for c in columns])


def sheet(lead: Sequence[Sequence[str]], body: np.ndarray, created: dt.datetime, tail=()) -> bytes:
    """One xlsx: literal lead rows (titles, header), the day's data rows, literal tail rows."""
    rows = [literal_row(r) for r in lead] + body.tolist() + [literal_row(r) for r in tail]
    return xlsx_bytes(rows, created)


def day_text(dates: Sequence[dt.date], fmt: str) -> np.ndarray:
    """The formatted date of each day index (dates repeat a lot, so format each day once)."""
    return np.array([d.strftime(fmt) for d in dates], dtype=object)
