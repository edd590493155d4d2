"""What every order exporter needs from a snapshot: per-appearance order totals and status texts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.snapshots import Span, snapshot_lines
from simulator.world import World


def order_snapshot(world: World, platform: str, days: range | None = None) -> tuple[pd.DataFrame, Span]:
    """Snapshot rows of the files of `days` (default: all) with order totals per appearance, and the
    rows' span among all the platform's rows (for random draws that must not depend on chunking)."""
    rows, span = snapshot_lines(world, platform, days)
    key = rows["appearance"].to_numpy()
    n_app = int(key.max()) + 1 if len(key) else 0
    rows["order_paid_now"] = np.bincount(key, weights=rows["paid_amount"], minlength=n_app)[key].round(2)
    rows["order_refund_now"] = np.bincount(key, weights=rows["refund_amount"], minlength=n_app)[key].round(2)
    rows["order_qty"] = np.bincount(key, weights=rows["quantity"], minlength=n_app)[key].astype(np.int64)
    rows["order_lines"] = np.bincount(key, minlength=n_app)[key]
    rows["first_line"] = np.r_[True, key[1:] != key[:-1]] if len(key) else np.array([], bool)
    return rows, span


def file_days(world: World, days: range | None) -> range:
    """The day indexes whose files an export task writes (all by default)."""
    return range(world.days) if days is None else days


def map_status(canonical: np.ndarray, table: dict[str, str]) -> np.ndarray:
    if not len(canonical):
        return canonical
    return pd.Series(canonical, dtype=object).map(table).to_numpy().astype(object)


def seen(t: np.ndarray, as_of: np.ndarray) -> np.ndarray:
    return (t >= 0) & (t <= as_of)


def seen_time(t: np.ndarray, as_of: np.ndarray) -> np.ndarray:
    """The time if it has happened by as_of, else NONE (-1)."""
    return np.where(seen(t, as_of), t, -1)


def flip(rng: np.random.Generator, n: int, p: float) -> np.ndarray:
    return rng.random(n) < p
