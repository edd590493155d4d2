"""Which daily order export shows which order, and in what state.

The operations team exports orders by update time: the file of day D holds every order created or
changed on day D, showing its state as of the export time (next morning) — or the period end for the
last file, since nothing happens after the simulated period. So an order re-appears as it moves on, and
its latest appearance shows its final state.
"""

from __future__ import annotations

from dataclasses import dataclass

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
# State texts are picked from these arrays so millions of rows share a few string objects.
_ORDER_STATES = np.array([CLOSED, PENDING, CANCELLED, COMPLETED, SHIPPED, PAID], dtype=object)
_LINE_STATES = np.array([R_NONE, R_PENDING, R_REJECTED, R_DONE], dtype=object)


def order_state(orders: pd.DataFrame, as_of: np.ndarray) -> np.ndarray:
    """Canonical status of each order row at `as_of` (before full-refund closing, see below)."""
    paid = orders["paid_at"].to_numpy()
    closed = orders["closed_at"].to_numpy()
    cancel = orders["cancel_at"].to_numpy()
    shipped = orders["shipped_at"].to_numpy()
    completed = orders["completed_at"].to_numpy()

    def seen(t: np.ndarray) -> np.ndarray:
        return (t != NONE) & (t <= as_of)

    code = np.select(
        [
            ~seen(paid) & seen(closed),
            ~seen(paid),
            seen(cancel),
            seen(completed),
            seen(shipped),
        ],
        [0, 1, 2, 3, 4],
        5,
    )
    return _ORDER_STATES[code]


def line_state(
    lines: pd.DataFrame, as_of: np.ndarray, paid_seen: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(refund state, refunded amount, paid amount) of each line row at `as_of`."""
    applied = lines["refund_applied_at"].to_numpy()
    resolved = lines["refund_resolved_at"].to_numpy()
    rejected = lines["refund_rejected"].to_numpy()
    a = (applied != NONE) & (applied <= as_of)
    r = (resolved != NONE) & (resolved <= as_of)
    state = _LINE_STATES[np.select([~a, a & ~r, r & rejected], [0, 1, 2], 3)]
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
    """One row per (order, file day) of the platform's order export, with the file's as-of time, in
    file order (day, then order). Computed once per world: every export chunk and the answer key use it."""
    key = ("appearances", platform)
    if key not in world.cache:
        world.cache[key] = _appearances(world, platform)
    return world.cache[key]


def _appearances(world: World, platform: str) -> pd.DataFrame:
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


@dataclass(frozen=True)
class Span:
    """Where a chunk's rows sit among all snapshot rows of the platform: random draws made once over
    all rows are sliced to [offset, offset + n) so a chunk sees the values the whole run would."""

    offset: int
    total: int

    def uniform(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.random(self.total)[self.offset : self.offset + n]


def _line_ranges(world: World) -> tuple[np.ndarray, np.ndarray]:
    """(first line position, line count) per order index. Lines are stored grouped by order in
    line_no order (the generator emits them so), which lets a snapshot gather lines without a join."""
    if "line_ranges" not in world.cache:
        lo = world.book.lines["order_index"].to_numpy()
        if len(lo) and np.any(lo[1:] < lo[:-1]):
            raise ValueError("order lines must be grouped by order_index")
        oi = world.book.orders["order_index"].to_numpy()
        if not np.array_equal(oi, np.arange(len(oi))):
            raise ValueError("order_index must be the row position of the orders frame")
        count = np.bincount(lo, minlength=len(world.book.orders))
        world.cache["line_ranges"] = (np.cumsum(count) - count, count)
    return world.cache["line_ranges"]


def line_counts(world: World) -> np.ndarray:
    """Number of lines of each order, by order index."""
    return _line_ranges(world)[1]


def _orders_at(world: World, order_index: np.ndarray) -> pd.DataFrame:
    """Order rows for the given order indexes (order_index is the row position of the orders frame)."""
    o = world.book.orders
    return o.take(order_index).reset_index(drop=True)


def snapshot_lines(world: World, platform: str, days: range | None = None) -> tuple[pd.DataFrame, Span]:
    """Every line of every appearance in the files of `days` (default: all), with the order and line
    state as of that file, in file order; plus the rows' span among all the platform's rows."""
    app = appearances(world, platform)
    start, count = _line_ranges(world)
    per_app = count[app["order_index"].to_numpy()]
    lo, hi = 0, len(app)
    if days is not None:
        lo, hi = np.searchsorted(app["day"].to_numpy(), [days.start, days.stop])
    span = Span(offset=int(per_app[:lo].sum()), total=int(per_app.sum()))
    app = app.iloc[lo:hi].reset_index(drop=True)
    n = per_app[lo:hi]
    rep = np.repeat(np.arange(len(app)), n)
    within = np.arange(len(rep)) - np.repeat(np.cumsum(n) - n, n)
    line_pos = start[app["order_index"].to_numpy()][rep] + within
    li = world.book.lines
    rows = pd.concat(
        [
            app.take(rep).reset_index(drop=True),
            li.take(line_pos).drop(columns="order_index").reset_index(drop=True),
        ],
        axis=1,
    )
    od = _orders_at(world, rows["order_index"].to_numpy())
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
    return rows, span


def _pair_key(rows: pd.DataFrame) -> np.ndarray:
    """Dense id of each (day, order) appearance, in row order."""
    d = rows["day"].to_numpy().astype(np.int64)
    oi = rows["order_index"].to_numpy().astype(np.int64)
    change = np.r_[True, (d[1:] != d[:-1]) | (oi[1:] != oi[:-1])]
    return np.cumsum(change) - 1


# The order columns final lines carry (what the answer key, CS, CRM and settlement read): a slim copy,
# since at the large scale every column repeated over 5M lines costs 40 MB plus its strings.
FINAL_ORDER_COLUMNS = [
    "person_index",
    "created_at",
    "paid_at",
    "closed_at",
    "cancel_at",
    "shipped_at",
    "completed_at",
    "buyer_id",
    "person_id",
    "member_id",
    "province",
    "city",
    "warehouse",
]


def final_lines(world: World) -> pd.DataFrame:
    """Every line in its state at the period end (the answer key's order_lines before formatting)."""
    _line_ranges(world)  # checks that order_index is the orders' row position
    li = world.book.lines.sort_values(["order_index", "line_no"], kind="stable").reset_index(drop=True)
    od = world.book.orders[FINAL_ORDER_COLUMNS].take(li["order_index"].to_numpy()).reset_index(drop=True)
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
