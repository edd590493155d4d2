"""Which daily order export shows which order, and in what state.

The operations team exports orders by update time: the file of day D holds every order created or
changed on day D, showing its state as of the export time (next morning) — or the period end for the
last file, since nothing happens after the simulated period. So an order re-appears as it moves on, and
its latest appearance shows its final state.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.calendar import PLATFORMS
from simulator.orders import DAY, NONE
from simulator.world import World

# Canonical order statuses (the answer key's vocabulary).
PENDING, PAID, SHIPPED, COMPLETED, CLOSED, CANCELLED = (
    "pending_payment",
    "paid",
    "shipped",
    "completed",
    "closed",
    "cancelled",
)
# Line refund states.
R_NONE, R_PENDING, R_DONE, R_REJECTED = "none", "pending", "refunded", "rejected"


def order_state(orders: pd.DataFrame, as_of: np.ndarray) -> np.ndarray:
    """Canonical status of each order row at `as_of` (before full-refund closing, see below)."""
    paid = orders["paid_at"].to_numpy()
    closed = orders["closed_at"].to_numpy()
    cancel = orders["cancel_at"].to_numpy()
    shipped = orders["shipped_at"].to_numpy()
    completed = orders["completed_at"].to_numpy()

    def seen(t: np.ndarray) -> np.ndarray:
        return (t != NONE) & (t <= as_of)

    return np.select(
        [
            ~seen(paid) & seen(closed),
            ~seen(paid),
            seen(cancel),
            seen(completed),
            seen(shipped),
        ],
        [CLOSED, PENDING, CANCELLED, COMPLETED, SHIPPED],
        PAID,
    ).astype(object)


def line_state(
    lines: pd.DataFrame, as_of: np.ndarray, paid_seen: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(refund state, refunded amount, paid amount) of each line row at `as_of`."""
    applied = lines["refund_applied_at"].to_numpy()
    resolved = lines["refund_resolved_at"].to_numpy()
    rejected = lines["refund_rejected"].to_numpy()
    a = (applied != NONE) & (applied <= as_of)
    r = (resolved != NONE) & (resolved <= as_of)
    state = np.select([~a, a & ~r, r & rejected], [R_NONE, R_PENDING, R_REJECTED], R_DONE).astype(object)
    refund = np.where(state == R_DONE, lines["refund_if_done"].to_numpy(), 0.0)
    paid = np.where(paid_seen, lines["paid_if_paid"].to_numpy(), 0.0)
    return state, refund, paid


def close_fully_refunded(
    platform: str, status: np.ndarray, order_key: np.ndarray, paid: np.ndarray, refund: np.ndarray
) -> np.ndarray:
    """An order whose priced lines are all refunded in full shows as closed (canonical cancelled) —
    except on JD, whose order list keeps 完成 (refunds after completion live only in settlement)."""
    if platform == "jd":
        return status
    priced = paid > 0
    short = np.bincount(order_key, weights=(priced & (refund < paid - 0.004)).astype(float))
    refunded = np.bincount(order_key, weights=(priced & (refund > 0)).astype(float))
    full = (short == 0) & (refunded > 0)
    out = status.copy()
    hit = full[order_key] & np.isin(status, [SHIPPED, COMPLETED])
    out[hit] = CANCELLED
    return out


def appearances(world: World, platform: str) -> pd.DataFrame:
    """One row per (order, file day) of the platform's order export, with the file's as-of time."""
    o = world.book.orders
    k = PLATFORMS.index(platform)
    po = o[o["platform_index"] == k]
    cols = ["created_at", "paid_at", "closed_at", "cancel_at", "shipped_at", "completed_at"]
    frames = [
        pd.DataFrame({"order_index": po["order_index"].to_numpy(), "t": po[c].to_numpy()}) for c in cols
    ]
    if platform != "jd":  # JD's order list does not show after-sale refunds
        li = world.book.lines
        pl = li[li["platform"] == platform]
        for c in ("refund_applied_at", "refund_resolved_at"):
            frames.append(pd.DataFrame({"order_index": pl["order_index"].to_numpy(), "t": pl[c].to_numpy()}))
    ev = pd.concat(frames, ignore_index=True)
    ev = ev[ev["t"] != NONE]
    ev["day"] = (ev["t"].to_numpy() - world.day0) // DAY
    ev = ev[(ev["day"] >= 0) & (ev["day"] < world.days)]
    ev = ev.drop_duplicates(["order_index", "day"]).sort_values(["day", "order_index"], kind="stable")
    export = world.export_time[platform][ev["day"].to_numpy()]
    ev["exported_at"] = export
    ev["as_of"] = np.minimum(export, world.period_end)
    return ev[["order_index", "day", "exported_at", "as_of"]].reset_index(drop=True)


def snapshot_lines(world: World, platform: str) -> pd.DataFrame:
    """Every line of every appearance with the order and line state as of that file."""
    app = appearances(world, platform)
    o = world.book.orders.set_index("order_index")
    li = world.book.lines
    pl = li[li["platform"] == platform]
    rows = app.merge(pl, on="order_index", how="inner", sort=False)
    rows = rows.sort_values(["day", "order_index", "line_no"], kind="stable").reset_index(drop=True)
    od = o.loc[rows["order_index"].to_numpy()].reset_index()
    as_of = rows["as_of"].to_numpy()
    status = order_state(od, as_of)
    paid_seen = (od["paid_at"].to_numpy() != NONE) & (od["paid_at"].to_numpy() <= as_of)
    rstate, refund, paid = line_state(rows, as_of, paid_seen)
    key = _pair_key(rows)
    status = close_fully_refunded(platform, status, key, paid, refund)
    rows["status"] = status
    rows["refund_state"] = rstate
    rows["refund_amount"] = np.round(refund, 2)
    rows["paid_amount"] = np.round(paid, 2)
    rows["appearance"] = key
    for c in od.columns:
        if c not in rows.columns:
            rows[c] = od[c].to_numpy()
    return rows


def _pair_key(rows: pd.DataFrame) -> np.ndarray:
    """Dense id of each (day, order) appearance, in row order."""
    d = rows["day"].to_numpy().astype(np.int64)
    oi = rows["order_index"].to_numpy().astype(np.int64)
    change = np.r_[True, (d[1:] != d[:-1]) | (oi[1:] != oi[:-1])]
    return np.cumsum(change) - 1


def final_lines(world: World) -> pd.DataFrame:
    """Every line in its state at the period end (the answer key's order_lines before formatting)."""
    o = world.book.orders.set_index("order_index")
    li = world.book.lines.sort_values(["order_index", "line_no"], kind="stable").reset_index(drop=True)
    od = o.loc[li["order_index"].to_numpy()].reset_index()
    as_of = np.full(len(li), world.period_end, dtype=np.int64)
    status = order_state(od, as_of)
    paid_seen = od["paid_at"].to_numpy() != NONE
    rstate, refund, paid = line_state(li, as_of, paid_seen)
    key = li["order_index"].to_numpy()
    out = np.empty(len(li), dtype=object)
    plat = li["platform"].to_numpy()
    for p in PLATFORMS:
        m = plat == p
        if m.any():
            sub_key = pd.factorize(key[m])[0]
            out[m] = close_fully_refunded(p, status[m], sub_key, paid[m], refund[m])
    li["status"] = out
    li["refund_state"] = rstate
    li["refund_amount"] = np.round(refund, 2)
    li["paid_amount"] = np.round(paid, 2)
    for c in od.columns:
        if c not in li.columns:
            li[c] = od[c].to_numpy()
    return li
