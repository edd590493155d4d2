"""Shared cross-channel stock: one pool per SKU that every platform sells from.

Orders lock units when paid and release them when shipped (on-hand falls) or cancelled. A planner
reorders from a baseline forecast that ignores promotions, so best-sellers run out in promotion bursts
while slow movers, bought in minimum order quantities, pile up. Only a day loop over SKUs, vectorised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

WAREHOUSES = ("嘉兴仓", "广州仓")
# Share of each SKU's stock held in each warehouse (a simplification: fixed split).
WAREHOUSE_SHARE = (0.78, 0.22)


@dataclass
class StockLedger:
    n_days: int
    n_skus: int
    forecast: np.ndarray  # baseline daily units per SKU (no promotions)
    lead_time: np.ndarray
    lock_qty: np.ndarray  # units held back (库存锁定), constant per SKU
    moq: np.ndarray  # minimum order quantity
    launch_day: np.ndarray  # day index the SKU launches (stock arrives then)
    on_hand: np.ndarray = field(init=False)
    locked: np.ndarray = field(init=False)
    in_transit: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        horizon = self.n_days + 120
        self.lock_sched = np.zeros((horizon, self.n_skus), dtype=np.int64)
        self.unlock_sched = np.zeros((horizon, self.n_skus), dtype=np.int64)
        self.ship_sched = np.zeros((horizon, self.n_skus), dtype=np.int64)
        self.arrive_sched = np.zeros((horizon, self.n_skus), dtype=np.int64)
        self.on_hand = np.zeros(self.n_skus, dtype=np.int64)
        self.locked = np.zeros(self.n_skus, dtype=np.int64)
        self.in_transit = np.zeros(self.n_skus, dtype=np.int64)
        self.history: list[dict[str, np.ndarray]] = []

    def seed_stock(self, cover_days: np.ndarray) -> None:
        start = np.maximum(self.launch_day, 0)
        qty = np.ceil(self.forecast * cover_days / 10.0).astype(np.int64) * 10
        launched = self.launch_day <= 0
        self.on_hand[launched] = qty[launched]
        for s in np.flatnonzero(~launched):
            if start[s] < self.n_days:
                self.arrive_sched[start[s], s] += qty[s]
                self.in_transit[s] += qty[s]

    def available_at_start(self, day: int) -> np.ndarray:
        """What the shops may sell today: stock after this morning's deliveries, less locks."""
        arriving = self.arrive_sched[day]
        return self.on_hand + arriving - self.locked - self.lock_qty

    def schedule(self, sched: np.ndarray, day_idx: np.ndarray, sku: np.ndarray, qty: np.ndarray) -> None:
        ok = (day_idx >= 0) & (day_idx < sched.shape[0])
        np.add.at(sched, (day_idx[ok], sku[ok]), qty[ok])

    def close_day(self, day: int, no_ship_ahead: np.ndarray) -> dict[str, np.ndarray]:
        """Apply the day's movements, reorder, and return the end-of-day snapshot."""
        arrived = self.arrive_sched[day]
        self.on_hand += arrived
        self.in_transit -= arrived
        shipped = self.ship_sched[day]
        self.on_hand -= shipped
        self.locked += self.lock_sched[day] - shipped - self.unlock_sched[day]
        available = self.on_hand - self.locked - self.lock_qty
        # Reorder when stock plus pipeline falls below lead time + a week of baseline demand.
        reorder_point = self.forecast * (self.lead_time + 7)
        need = (available + self.in_transit < reorder_point) & (self.launch_day <= day)
        need &= self.forecast > 0
        qty = np.maximum(np.ceil(self.forecast * 30 / 50.0) * 50, self.moq).astype(np.int64)
        for s in np.flatnonzero(need):
            arrive = day + int(self.lead_time[s])
            while arrive < len(no_ship_ahead) and no_ship_ahead[arrive]:
                arrive += 1  # suppliers do not deliver in the Spring Festival week
            if arrive < self.arrive_sched.shape[0]:
                self.arrive_sched[arrive, s] += qty[s]
                self.in_transit[s] += qty[s]
        snap = {
            "on_hand": self.on_hand.copy(),
            "locked": self.locked.copy(),
            "available": available,
            "in_transit": self.in_transit.copy(),
            "shipped": shipped.copy(),
            "arrived": arrived.copy(),
        }
        self.history.append(snap)
        return snap


def daily_frame(ledger: StockLedger, dates: list, sku_codes: np.ndarray) -> pd.DataFrame:
    """One row per date × SKU with the end-of-day totals across warehouses."""
    n = ledger.n_skus
    frames = []
    for i, snap in enumerate(ledger.history):
        frames.append(
            pd.DataFrame(
                {
                    "day": i,
                    "date": dates[i],
                    "sku_index": np.arange(n),
                    "sku_code": sku_codes,
                    "on_hand": snap["on_hand"],
                    "order_locked": snap["locked"],
                    "lock_qty": ledger.lock_qty,
                    "available": snap["available"],
                    "in_transit": snap["in_transit"],
                    "shipped_units": snap["shipped"],
                    "arrived_units": snap["arrived"],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
