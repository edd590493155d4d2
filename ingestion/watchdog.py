"""A time limit on one DuckDB statement sequence: a batch that runs far longer than its size warrants
is interrupted and its files are tried (and, if need be, refused) one by one, so one damaged file
cannot hang a day's ingest."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

import duckdb

# Budget of a batch: a floor, plus time per MB of input well below the slowest speed measured
# (large CSVs stage at 16-24 MB/s on two shared cores; see ingestion/README.md).
FLOOR_SECONDS = 120.0
SECONDS_PER_MB = 1.0


def batch_budget(input_bytes: int) -> float:
    return FLOOR_SECONDS + SECONDS_PER_MB * input_bytes / 1e6


@contextlib.contextmanager
def time_limit(con: duckdb.DuckDBPyConnection, seconds: float) -> Iterator[Callable[[], bool]]:
    """Interrupt `con` after `seconds`; yields a function telling whether it had to."""
    fired = threading.Event()

    def fire() -> None:
        fired.set()
        con.interrupt()

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield fired.is_set
    finally:
        timer.cancel()
