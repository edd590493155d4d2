"""Orders, lines and their lifecycle, generated one day at a time (vectorised within the day).

The day loop exists because stock is shared: what sold yesterday decides what can sell today. Within a
day every step is an array operation over that day's orders and lines.

Times are int64 seconds since 1970-01-01 00:00 in naive Asia/Shanghai wall time; NONE marks "never".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from tqdm import tqdm

from simulator import geo
from simulator.calendar import HOUR_P, PLATFORMS, spring_festival_week
from simulator.catalog import Catalog
from simulator.inventory import StockLedger
from simulator.people import People

NONE = np.int64(-1)
DAY = 86_400
HOUR = 3_600

# Lines per order (1..4) by platform; PDD orders always hold one SKU.
LINES_P = {
    "tmall": [0.60, 0.25, 0.11, 0.04],
    "jd": [0.70, 0.20, 0.10, 0.0],
    "pdd": [1.0, 0.0, 0.0, 0.0],
    "douyin": [0.80, 0.15, 0.05, 0.0],
    "kuaishou": [0.85, 0.15, 0.0, 0.0],
    "youzan": [0.55, 0.28, 0.12, 0.05],
}
# Shop price relative to list price, and the after-delivery refund propensity of the channel.
PRICE_FACTOR = {"tmall": 1.0, "jd": 1.0, "pdd": 0.86, "douyin": 0.93, "kuaishou": 0.9, "youzan": 1.0}
REFUND_FACTOR = {"tmall": 1.0, "jd": 0.9, "pdd": 1.1, "douyin": 1.35, "kuaishou": 1.4, "youzan": 0.7}
UNPAID_P = {"tmall": 0.045, "jd": 0.035, "pdd": 0.01, "douyin": 0.05, "kuaishou": 0.05, "youzan": 0.04}
CANCEL_P = 0.03
REJECT_P = 0.12
OVERSELL_P = 0.03
GIFT_P = 0.08  # douyin orders that carry a free 小样 line


def to_seconds(day: dt.date) -> int:
    return int((day - dt.date(1970, 1, 1)).days) * DAY


@dataclass
class OrderBook:
    orders: pd.DataFrame
    lines: pd.DataFrame
    demand: pd.DataFrame  # per day × SKU: demanded units, sold units, available at start


def _no_ship_days(start: dt.date, n: int) -> np.ndarray:
    return np.array([spring_festival_week(start + dt.timedelta(days=i)) for i in range(n)])


def _next_shippable(t: np.ndarray, day0: int, no_ship: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Move ship times that fall in a no-ship day to the first working day, 09:00-18:00."""
    out = t.copy()
    for _ in range(12):
        idx = (out - day0) // DAY
        idx_c = np.clip(idx, 0, len(no_ship) - 1)
        bad = (idx >= 0) & (idx < len(no_ship)) & no_ship[idx_c]
        if not bad.any():
            break
        out[bad] = day0 + (idx[bad] + 1) * DAY + rng.integers(9 * HOUR, 18 * HOUR, bad.sum())
    return out


def generate(
    *,
    start: dt.date,
    days: int,
    days_table: pd.DataFrame,
    catalog: Catalog,
    people: People,
    ledger: StockLedger,
    orders_per_day: float,
    rng: np.random.Generator,
    progress: bool = False,
) -> OrderBook:
    prod = catalog.products
    n_sku = catalog.n
    day0 = to_seconds(start)
    period_end = day0 + days * DAY - 1
    no_ship = _no_ship_days(start, days + 120)
    price = prod["list_price"].to_numpy()
    popularity = prod["popularity"].to_numpy()
    refund_p = prod["refund_probability"].to_numpy()
    is_set = prod["tier"].to_numpy() == "set"
    premium = np.sqrt(np.maximum(price, 1.0) / 200.0)
    gift_sku = np.flatnonzero(prod["is_gift"].to_numpy())
    launch_day = ledger.launch_day

    persons = people.persons
    arrival = persons["arrival_day"].to_numpy()
    churn = persons["churn_day"].to_numpy()
    pweight = persons["weight"].to_numpy()
    is_member = persons["is_member"].to_numpy()
    city_of = persons["city_index"].to_numpy()

    # Per platform: accounts sorted by arrival so "who exists today" is a prefix.
    pools = []
    for k, _p in enumerate(PLATFORMS):
        acc = people.accounts[people.accounts["platform_index"] == k]
        pidx = acc["person_index"].to_numpy()
        order = np.argsort(arrival[pidx], kind="stable")
        pidx = pidx[order]
        w = pweight[pidx] * acc["share"].to_numpy()[order]
        pools.append((pidx, np.cumsum(w), arrival[pidx], acc.index.to_numpy()[order]))

    demand_factor = days_table["demand"].to_numpy()
    base = orders_per_day * days / demand_factor.sum() if days else 0.0
    aov_adj = np.array([1.0 / PRICE_FACTOR[p] for p in PLATFORMS])

    order_parts: list[pd.DataFrame] = []
    line_parts: list[pd.DataFrame] = []
    demand_parts: list[pd.DataFrame] = []
    next_order = 0
    iterator = range(days)
    if progress:
        iterator = tqdm(iterator, desc="orders", unit="day")
    for i in iterator:
        row = days_table.iloc[i]
        shares = np.array([row[f"share_{p}"] for p in PLATFORMS]) * aov_adj
        shares /= shares.sum()
        counts = rng.poisson(base * demand_factor[i] * shares)
        # ---- orders of the day: platform, buyer, creation time
        plat = np.repeat(np.arange(6), counts)
        n = len(plat)
        person = np.empty(n, dtype=np.int64)
        account = np.empty(n, dtype=np.int64)
        for k in range(6):
            m = plat == k
            need = int(m.sum())
            if need == 0:
                continue
            pidx, cum, arr, acc_idx = pools[k]
            k_alive = int(np.searchsorted(arr, i, side="right"))
            if k_alive == 0:
                k_alive = len(pidx)
            total = cum[k_alive - 1]
            pick = np.searchsorted(cum, rng.random(need) * total, side="right")
            pick = np.minimum(pick, k_alive - 1)
            for _ in range(3):  # churned persons mostly stop buying: redraw most of them
                churned = (churn[pidx[pick]] <= i) & (rng.random(need) > 0.08)
                if not churned.any():
                    break
                redraw = np.searchsorted(cum, rng.random(churned.sum()) * total, side="right")
                pick[churned] = np.minimum(redraw, k_alive - 1)
            person[m] = pidx[pick]
            account[m] = acc_idx[pick]
        hour = rng.choice(24, size=n, p=HOUR_P)
        created = day0 + i * DAY + hour * HOUR + rng.integers(0, HOUR, n)
        sort = np.lexsort((created, plat))
        plat, person, account, created = plat[sort], person[sort], account[sort], created[sort]
        member = is_member[person]

        # ---- lines: count, SKU, quantity
        n_lines = np.ones(n, dtype=np.int64)
        for k, p in enumerate(PLATFORMS):
            m = plat == k
            n_lines[m] = rng.choice(4, size=m.sum(), p=LINES_P[p]) + 1
        bump = member & (rng.random(n) < 0.25) & (plat != 2)
        n_lines = np.minimum(n_lines + bump, 4)
        line_order = np.repeat(np.arange(n), n_lines)
        sellable = (launch_day <= i) & (prod["status"].to_numpy() == "在售") & ~prod["is_gift"].to_numpy()
        w = popularity * sellable * np.where(is_set & (row["event"] != ""), 2.0, 1.0)
        w_member = w * premium
        pm = w / w.sum()
        pmm = w_member / w_member.sum()
        lm = member[line_order]
        sku = np.where(
            lm, rng.choice(n_sku, size=len(line_order), p=pmm), rng.choice(n_sku, size=len(line_order), p=pm)
        )
        qty = rng.choice([1, 2, 3], size=len(sku), p=[0.8, 0.15, 0.05])
        qty = qty + ((row["phase"] == "burst") & (rng.random(len(sku)) < 0.15))
        lines = pd.DataFrame({"o": line_order, "sku": sku, "qty": qty})
        lines = lines.drop_duplicates(["o", "sku"], keep="first")

        # ---- stock cap: a SKU sells only what is available (bar the occasional oversell)
        avail = ledger.available_at_start(i)
        demanded = np.bincount(lines["sku"], weights=lines["qty"], minlength=n_sku)
        # First come, first served across platforms: cumulate units in creation-time order.
        lines = lines.assign(t=created[lines["o"].to_numpy()]).sort_values("t", kind="stable")
        cum = lines.groupby("sku")["qty"].cumsum().to_numpy()
        lsku = lines["sku"].to_numpy()
        keep = (cum <= np.maximum(avail[lsku], 0)) | (rng.random(len(lines)) < OVERSELL_P * 0.3)
        lines = lines[keep].sort_index()
        sold = np.bincount(lines["sku"], weights=lines["qty"], minlength=n_sku)
        demand_parts.append(
            pd.DataFrame(
                {
                    "day": i,
                    "sku_index": np.arange(n_sku),
                    "demanded_units": demanded.astype(np.int64),
                    "sold_units": sold.astype(np.int64),
                    "available_start": avail,
                }
            )
        )
        alive = np.zeros(n, dtype=bool)
        alive[lines["o"].to_numpy()] = True
        remap = np.cumsum(alive) - 1
        plat, person, account, created, member = (
            plat[alive],
            person[alive],
            account[alive],
            created[alive],
            member[alive],
        )
        n = len(plat)
        lo = remap[lines["o"].to_numpy()]
        lsku = lines["sku"].to_numpy()
        lqty = lines["qty"].to_numpy()

        # Douyin gifts: a free 小样 line on some orders.
        if len(gift_sku):
            gift_o = np.flatnonzero((plat == 3) & (rng.random(n) < GIFT_P))
            lo = np.concatenate([lo, gift_o])
            lsku = np.concatenate([lsku, np.full(len(gift_o), gift_sku[0])])
            lqty = np.concatenate([lqty, np.ones(len(gift_o), dtype=np.int64)])
        ls = np.argsort(lo, kind="stable")
        lo, lsku, lqty = lo[ls], lsku[ls], lqty[ls]
        gift = prod["is_gift"].to_numpy()[lsku]

        # ---- money: list amount, order discount, JD-style allocation of the order's paid amount
        pf = np.array([PRICE_FACTOR[p] for p in PLATFORMS])[plat]
        unit_price = np.where(gift, 0.0, np.round(price[lsku] * pf[lo], 0) - 0.1 * (plat[lo] == 2))
        unit_price = np.maximum(unit_price, 0.0)
        list_amt = np.round(unit_price * lqty, 2)
        disc_rate = row["discount"] + rng.uniform(0, 0.06, n) + 0.05 * member
        order_list = np.bincount(lo, weights=list_amt, minlength=n)
        order_paid = np.round(order_list * (1 - disc_rate), 2)
        line_paid = _allocate(lo, list_amt, order_list, order_paid)
        discount = np.round(list_amt - line_paid, 2)

        # ---- lifecycle
        unpaid = rng.random(n) < np.array([UNPAID_P[p] for p in PLATFORMS])[plat]
        paid_at = np.where(unpaid, NONE, created + rng.integers(20, 900, n))
        closed_at = np.where(unpaid, created + DAY, NONE)
        ship_at = paid_at + rng.integers(2 * HOUR, 48 * HOUR, n)
        ship_at = _next_shippable(ship_at, day0, no_ship, rng)
        cancel = ~unpaid & (rng.random(n) < CANCEL_P)
        cancel_at = np.where(
            cancel, paid_at + ((ship_at - paid_at) * rng.uniform(0.2, 0.9, n)).astype(np.int64), NONE
        )
        ship_at = np.where(unpaid | cancel, NONE, ship_at)
        complete_at = np.where(ship_at == NONE, NONE, ship_at + rng.integers(3 * DAY, 8 * DAY, n))

        # After-delivery refund applications per line (not gifts), after completion.
        nl = len(lo)
        lp = plat[lo]
        p_ref = refund_p[lsku] * np.array([REFUND_FACTOR[p] for p in PLATFORMS])[lp]
        applies = (complete_at[lo] != NONE) & ~gift & (rng.random(nl) < p_ref)
        apply_at = np.where(applies, complete_at[lo] + rng.integers(HOUR, 6 * DAY, nl), NONE)
        resolve_at = np.where(applies, apply_at + rng.integers(2 * HOUR, 72 * HOUR, nl), NONE)
        rejected = applies & (rng.random(nl) < REJECT_P)
        full = (rng.random(nl) < 0.7) | np.isin(lp, [2, 4])
        ref_amt = np.where(
            applies & ~rejected,
            np.where(full, line_paid, np.round(line_paid * rng.uniform(0.2, 0.6, nl), 2)),
            0.0,
        )
        # Cancellations before shipping refund every line in full, at the cancel time.
        lc = cancel[lo]
        apply_at = np.where(lc, cancel_at[lo], apply_at)
        resolve_at = np.where(lc, cancel_at[lo], resolve_at)
        ref_amt = np.where(lc, line_paid, ref_amt)
        rejected = rejected & ~lc
        applies = applies | lc

        # ---- stock movements: lock when paid, release at cancel, ship out
        paid_day = np.where(paid_at[lo] == NONE, -1, (paid_at[lo] - day0) // DAY)
        ok = paid_day >= 0
        ledger.schedule(ledger.lock_sched, paid_day[ok], lsku[ok], lqty[ok])
        cday = (cancel_at[lo] - day0) // DAY
        ledger.schedule(ledger.unlock_sched, cday[lc], lsku[lc], lqty[lc])
        sday = (ship_at[lo] - day0) // DAY
        sh = ship_at[lo] != NONE
        ledger.schedule(ledger.ship_sched, sday[sh], lsku[sh], lqty[sh])
        ledger.close_day(i, no_ship)

        ids = np.arange(next_order, next_order + n)
        next_order += n
        order_parts.append(
            pd.DataFrame(
                {
                    "order_index": ids,
                    "platform_index": plat,
                    "person_index": person,
                    "account_index": account,
                    "is_member": member,
                    "created_at": created,
                    "paid_at": paid_at,
                    "closed_at": closed_at,
                    "cancel_at": cancel_at,
                    "shipped_at": ship_at,
                    "completed_at": complete_at,
                    "order_list": np.round(order_list, 2),
                    "order_paid_if_paid": order_paid,
                    "city_index": city_of[person],
                }
            )
        )
        line_parts.append(
            pd.DataFrame(
                {
                    "order_index": ids[lo],
                    "sku_index": lsku,
                    "quantity": lqty,
                    "unit_price": unit_price,
                    "list_amount": list_amt,
                    "discount_amount": discount,
                    "paid_if_paid": line_paid,
                    "is_gift": gift,
                    "refund_applied_at": apply_at,
                    "refund_resolved_at": resolve_at,
                    "refund_rejected": rejected,
                    "refund_if_done": np.round(ref_amt, 2),
                    "is_cancel": lc,
                }
            )
        )
    orders = pd.concat(order_parts, ignore_index=True)
    lines = pd.concat(line_parts, ignore_index=True)
    lines["line_no"] = lines.groupby("order_index").cumcount() + 1
    _clip_to_period(orders, lines, period_end)
    demand = pd.concat(demand_parts, ignore_index=True)
    return OrderBook(orders, lines, demand)


def _allocate(
    lo: np.ndarray, list_amt: np.ndarray, order_list: np.ndarray, order_paid: np.ndarray
) -> np.ndarray:
    """JD's rule for every platform: lines in file order get round(order_paid * line_list /
    order_list, 2); the last line takes the remainder so lines sum exactly to the order."""
    alloc = np.zeros(len(lo))
    priced = np.flatnonzero(list_amt > 0)  # gifts (list 0) stay at 0.00
    lp = lo[priced]
    ol = order_list[lp]
    alloc_p = np.round(order_paid[lp] * list_amt[priced] / np.where(ol > 0, ol, 1.0), 2)
    last = np.r_[lp[1:] != lp[:-1], True]
    others = np.bincount(lp, weights=np.where(last, 0.0, alloc_p), minlength=len(order_list))
    alloc_p[last] = np.round(order_paid[lp[last]] - others[lp[last]], 2)
    alloc[priced] = alloc_p
    return alloc


def _clip_to_period(orders: pd.DataFrame, lines: pd.DataFrame, period_end: int) -> None:
    """Events after the period end have not happened yet."""
    for col in ("paid_at", "closed_at", "cancel_at", "shipped_at", "completed_at"):
        v = orders[col].to_numpy()
        orders[col] = np.where(v > period_end, NONE, v)
    for col in ("refund_applied_at", "refund_resolved_at"):
        v = lines[col].to_numpy()
        lines[col] = np.where(v > period_end, NONE, v)
    # A cancellation that has not happened leaves the lines unrefunded.
    paid = orders["paid_at"].to_numpy()[lines["order_index"].to_numpy()]
    lines.loc[paid == NONE, ["refund_applied_at", "refund_resolved_at"]] = NONE


def city_arrays(idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return geo.PROVINCE[idx], geo.CITY[idx]
