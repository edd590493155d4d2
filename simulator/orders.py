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
    """Every day's orders and lines in turn: buyers and creation times, lines capped by the stock
    available that morning, money, lifecycle and refunds, then the day's stock movements."""
    ctx = _Context.build(start, days, days_table, catalog, people, ledger, orders_per_day, rng)
    order_parts: list[pd.DataFrame] = []
    line_parts: list[pd.DataFrame] = []
    demand_parts: list[pd.DataFrame] = []
    next_order = 0
    iterator = range(days)
    if progress:
        iterator = tqdm(iterator, desc="orders", unit="day")
    for i in iterator:
        row = days_table.iloc[i]
        orders = _day_orders(ctx, i, row)
        drafted = _draft_lines(ctx, i, row, orders)
        kept, demand = _cap_to_stock(ctx, i, drafted, orders.created)
        demand_parts.append(demand)
        orders, lines = _drop_orders_without_lines(orders, kept)
        lines = _add_douyin_gifts(ctx, orders, lines)
        money = _money(ctx, row, orders, lines)
        life = _lifecycle(ctx, orders)
        refunds = _refunds(ctx, orders, lines, money, life)
        _schedule_stock(ctx, i, lines, life, refunds)
        ids = np.arange(next_order, next_order + len(orders.plat))
        next_order += len(ids)
        order_parts.append(_order_frame(ctx, ids, orders, money, life))
        line_parts.append(_line_frame(ids, lines, money, refunds))
    orders_df = pd.concat(order_parts, ignore_index=True)
    lines_df = pd.concat(line_parts, ignore_index=True)
    lines_df["line_no"] = lines_df.groupby("order_index").cumcount() + 1
    _clip_to_period(orders_df, lines_df, ctx.period_end)
    demand_df = pd.concat(demand_parts, ignore_index=True)
    return OrderBook(orders_df, lines_df, demand_df)


@dataclass(frozen=True)
class _Context:
    """What every day of `generate` reads: the period, the catalogue and people as arrays, the
    buyer pools, the stock ledger and the random generator (drawn from in a fixed order)."""

    day0: int
    period_end: int
    no_ship: np.ndarray
    n_sku: int
    prod: pd.DataFrame
    price: np.ndarray
    popularity: np.ndarray
    refund_p: np.ndarray
    is_set: np.ndarray
    premium: np.ndarray
    gift_sku: np.ndarray
    launch_day: np.ndarray
    churn: np.ndarray
    is_member: np.ndarray
    city_of: np.ndarray
    pools: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]
    demand_factor: np.ndarray
    base: float
    aov_adj: np.ndarray
    ledger: StockLedger
    rng: np.random.Generator

    @classmethod
    def build(
        cls,
        start: dt.date,
        days: int,
        days_table: pd.DataFrame,
        catalog: Catalog,
        people: People,
        ledger: StockLedger,
        orders_per_day: float,
        rng: np.random.Generator,
    ) -> _Context:
        prod = catalog.products
        price = prod["list_price"].to_numpy()
        persons = people.persons
        arrival = persons["arrival_day"].to_numpy()
        demand_factor = days_table["demand"].to_numpy()
        day0 = to_seconds(start)
        return cls(
            day0=day0,
            period_end=day0 + days * DAY - 1,
            no_ship=_no_ship_days(start, days + 120),
            n_sku=catalog.n,
            prod=prod,
            price=price,
            popularity=prod["popularity"].to_numpy(),
            refund_p=prod["refund_probability"].to_numpy(),
            is_set=prod["tier"].to_numpy() == "set",
            premium=np.sqrt(np.maximum(price, 1.0) / 200.0),
            gift_sku=np.flatnonzero(prod["is_gift"].to_numpy()),
            launch_day=ledger.launch_day,
            churn=persons["churn_day"].to_numpy(),
            is_member=persons["is_member"].to_numpy(),
            city_of=persons["city_index"].to_numpy(),
            pools=_buyer_pools(people, arrival, persons["weight"].to_numpy()),
            demand_factor=demand_factor,
            base=orders_per_day * days / demand_factor.sum() if days else 0.0,
            aov_adj=np.array([1.0 / PRICE_FACTOR[p] for p in PLATFORMS]),
            ledger=ledger,
            rng=rng,
        )


def _buyer_pools(
    people: People, arrival: np.ndarray, pweight: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Per platform: accounts sorted by arrival so "who exists today" is a prefix, with the
    cumulated purchase weights (person weight × the account's share), arrival days and account
    indexes in that order."""
    pools = []
    for k, _p in enumerate(PLATFORMS):
        acc = people.accounts[people.accounts["platform_index"] == k]
        pidx = acc["person_index"].to_numpy()
        order = np.argsort(arrival[pidx], kind="stable")
        pidx = pidx[order]
        w = pweight[pidx] * acc["share"].to_numpy()[order]
        pools.append((pidx, np.cumsum(w), arrival[pidx], acc.index.to_numpy()[order]))
    return pools


@dataclass
class _DayOrders:
    """One day's orders, sorted by platform then creation time."""

    plat: np.ndarray
    person: np.ndarray
    account: np.ndarray
    created: np.ndarray
    member: np.ndarray

    def take(self, keep: np.ndarray) -> _DayOrders:
        return _DayOrders(
            self.plat[keep], self.person[keep], self.account[keep], self.created[keep], self.member[keep]
        )


@dataclass
class _DayLines:
    """One day's order lines: order position in the day (`lo`), SKU, quantity, free gift or not."""

    lo: np.ndarray
    lsku: np.ndarray
    lqty: np.ndarray
    gift: np.ndarray | None = None


def _day_orders(ctx: _Context, i: int, row: pd.Series) -> _DayOrders:
    """Orders of the day: how many per platform, each platform's buyer, creation time."""
    rng = ctx.rng
    shares = np.array([row[f"share_{p}"] for p in PLATFORMS]) * ctx.aov_adj
    shares /= shares.sum()
    counts = rng.poisson(ctx.base * ctx.demand_factor[i] * shares)
    plat = np.repeat(np.arange(6), counts)
    n = len(plat)
    person = np.empty(n, dtype=np.int64)
    account = np.empty(n, dtype=np.int64)
    for k in range(6):
        m = plat == k
        need = int(m.sum())
        if need == 0:
            continue
        pidx, cum, arr, acc_idx = ctx.pools[k]
        k_alive = int(np.searchsorted(arr, i, side="right"))
        if k_alive == 0:
            k_alive = len(pidx)
        total = cum[k_alive - 1]
        pick = np.searchsorted(cum, rng.random(need) * total, side="right")
        pick = np.minimum(pick, k_alive - 1)
        for _ in range(3):  # churned persons mostly stop buying: redraw most of them
            churned = (ctx.churn[pidx[pick]] <= i) & (rng.random(need) > 0.08)
            if not churned.any():
                break
            redraw = np.searchsorted(cum, rng.random(churned.sum()) * total, side="right")
            pick[churned] = np.minimum(redraw, k_alive - 1)
        person[m] = pidx[pick]
        account[m] = acc_idx[pick]
    hour = rng.choice(24, size=n, p=HOUR_P)
    created = ctx.day0 + i * DAY + hour * HOUR + rng.integers(0, HOUR, n)
    sort = np.lexsort((created, plat))
    plat, person, account, created = plat[sort], person[sort], account[sort], created[sort]
    return _DayOrders(plat, person, account, created, ctx.is_member[person])


def _draft_lines(ctx: _Context, i: int, row: pd.Series, orders: _DayOrders) -> pd.DataFrame:
    """Lines as the buyers want them, before stock: count per order, SKU, quantity (columns o, sku,
    qty; one line per order and SKU)."""
    rng, prod = ctx.rng, ctx.prod
    plat, member = orders.plat, orders.member
    n = len(plat)
    n_lines = np.ones(n, dtype=np.int64)
    for k, p in enumerate(PLATFORMS):
        m = plat == k
        n_lines[m] = rng.choice(4, size=m.sum(), p=LINES_P[p]) + 1
    bump = member & (rng.random(n) < 0.25) & (plat != 2)
    n_lines = np.minimum(n_lines + bump, 4)
    line_order = np.repeat(np.arange(n), n_lines)
    sellable = (ctx.launch_day <= i) & (prod["status"].to_numpy() == "在售") & ~prod["is_gift"].to_numpy()
    w = ctx.popularity * sellable * np.where(ctx.is_set & (row["event"] != ""), 2.0, 1.0)
    w_member = w * ctx.premium
    pm = w / w.sum()
    pmm = w_member / w_member.sum()
    lm = member[line_order]
    n_sku = ctx.n_sku
    sku = np.where(
        lm, rng.choice(n_sku, size=len(line_order), p=pmm), rng.choice(n_sku, size=len(line_order), p=pm)
    )
    qty = rng.choice([1, 2, 3], size=len(sku), p=[0.8, 0.15, 0.05])
    qty = qty + ((row["phase"] == "burst") & (rng.random(len(sku)) < 0.15))
    lines = pd.DataFrame({"o": line_order, "sku": sku, "qty": qty})
    return lines.drop_duplicates(["o", "sku"], keep="first")


def _cap_to_stock(
    ctx: _Context, i: int, lines: pd.DataFrame, created: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stock cap: a SKU sells only what is available (bar the occasional oversell). Returns the
    lines kept and the day's demand per SKU (demanded, sold, available at start)."""
    n_sku = ctx.n_sku
    avail = ctx.ledger.available_at_start(i)
    demanded = np.bincount(lines["sku"], weights=lines["qty"], minlength=n_sku)
    # First come, first served across platforms: cumulate units in creation-time order.
    lines = lines.assign(t=created[lines["o"].to_numpy()]).sort_values("t", kind="stable")
    cum = lines.groupby("sku")["qty"].cumsum().to_numpy()
    lsku = lines["sku"].to_numpy()
    keep = (cum <= np.maximum(avail[lsku], 0)) | (ctx.rng.random(len(lines)) < OVERSELL_P * 0.3)
    lines = lines[keep].sort_index()
    sold = np.bincount(lines["sku"], weights=lines["qty"], minlength=n_sku)
    demand = pd.DataFrame(
        {
            "day": i,
            "sku_index": np.arange(n_sku),
            "demanded_units": demanded.astype(np.int64),
            "sold_units": sold.astype(np.int64),
            "available_start": avail,
        }
    )
    return lines, demand


def _drop_orders_without_lines(orders: _DayOrders, lines: pd.DataFrame) -> tuple[_DayOrders, _DayLines]:
    """Orders whose every line the stock cap removed never happened; the rest are renumbered."""
    alive = np.zeros(len(orders.plat), dtype=bool)
    alive[lines["o"].to_numpy()] = True
    remap = np.cumsum(alive) - 1
    lo = remap[lines["o"].to_numpy()]
    return orders.take(alive), _DayLines(lo, lines["sku"].to_numpy(), lines["qty"].to_numpy())


def _add_douyin_gifts(ctx: _Context, orders: _DayOrders, lines: _DayLines) -> _DayLines:
    """Douyin gifts: a free 小样 line on some orders. Lines come back in order position order."""
    lo, lsku, lqty = lines.lo, lines.lsku, lines.lqty
    if len(ctx.gift_sku):
        gift_o = np.flatnonzero((orders.plat == 3) & (ctx.rng.random(len(orders.plat)) < GIFT_P))
        lo = np.concatenate([lo, gift_o])
        lsku = np.concatenate([lsku, np.full(len(gift_o), ctx.gift_sku[0])])
        lqty = np.concatenate([lqty, np.ones(len(gift_o), dtype=np.int64)])
    ls = np.argsort(lo, kind="stable")
    lo, lsku, lqty = lo[ls], lsku[ls], lqty[ls]
    return _DayLines(lo, lsku, lqty, ctx.prod["is_gift"].to_numpy()[lsku])


@dataclass
class _Money:
    unit_price: np.ndarray
    list_amt: np.ndarray
    order_list: np.ndarray
    order_paid: np.ndarray
    line_paid: np.ndarray
    discount: np.ndarray


def _money(ctx: _Context, row: pd.Series, orders: _DayOrders, lines: _DayLines) -> _Money:
    """List amount, order discount, JD-style allocation of the order's paid amount."""
    plat, lo = orders.plat, lines.lo
    n = len(plat)
    pf = np.array([PRICE_FACTOR[p] for p in PLATFORMS])[plat]
    unit_price = np.where(
        lines.gift, 0.0, np.round(ctx.price[lines.lsku] * pf[lo], 0) - 0.1 * (plat[lo] == 2)
    )
    unit_price = np.maximum(unit_price, 0.0)
    list_amt = np.round(unit_price * lines.lqty, 2)
    disc_rate = row["discount"] + ctx.rng.uniform(0, 0.06, n) + 0.05 * orders.member
    order_list = np.bincount(lo, weights=list_amt, minlength=n)
    order_paid = np.round(order_list * (1 - disc_rate), 2)
    line_paid = _allocate(lo, list_amt, order_list, order_paid)
    discount = np.round(list_amt - line_paid, 2)
    return _Money(unit_price, list_amt, order_list, order_paid, line_paid, discount)


@dataclass
class _Lifecycle:
    paid_at: np.ndarray
    closed_at: np.ndarray
    cancel: np.ndarray
    cancel_at: np.ndarray
    ship_at: np.ndarray
    complete_at: np.ndarray


def _lifecycle(ctx: _Context, orders: _DayOrders) -> _Lifecycle:
    """Payment (or closing unpaid), cancellation before shipping, shipping, completion."""
    rng, plat, created = ctx.rng, orders.plat, orders.created
    n = len(plat)
    unpaid = rng.random(n) < np.array([UNPAID_P[p] for p in PLATFORMS])[plat]
    paid_at = np.where(unpaid, NONE, created + rng.integers(20, 900, n))
    closed_at = np.where(unpaid, created + DAY, NONE)
    ship_at = paid_at + rng.integers(2 * HOUR, 48 * HOUR, n)
    ship_at = _next_shippable(ship_at, ctx.day0, ctx.no_ship, rng)
    cancel = ~unpaid & (rng.random(n) < CANCEL_P)
    cancel_at = np.where(
        cancel, paid_at + ((ship_at - paid_at) * rng.uniform(0.2, 0.9, n)).astype(np.int64), NONE
    )
    ship_at = np.where(unpaid | cancel, NONE, ship_at)
    complete_at = np.where(ship_at == NONE, NONE, ship_at + rng.integers(3 * DAY, 8 * DAY, n))
    return _Lifecycle(paid_at, closed_at, cancel, cancel_at, ship_at, complete_at)


@dataclass
class _Refunds:
    apply_at: np.ndarray
    resolve_at: np.ndarray
    rejected: np.ndarray
    ref_amt: np.ndarray
    lc: np.ndarray  # the line's order was cancelled before shipping


def _refunds(
    ctx: _Context, orders: _DayOrders, lines: _DayLines, money: _Money, life: _Lifecycle
) -> _Refunds:
    """After-delivery refund applications per line (not gifts), after completion; cancellations
    before shipping refund every line in full, at the cancel time."""
    rng, lo, gift, line_paid = ctx.rng, lines.lo, lines.gift, money.line_paid
    nl = len(lo)
    lp = orders.plat[lo]
    p_ref = ctx.refund_p[lines.lsku] * np.array([REFUND_FACTOR[p] for p in PLATFORMS])[lp]
    applies = (life.complete_at[lo] != NONE) & ~gift & (rng.random(nl) < p_ref)
    apply_at = np.where(applies, life.complete_at[lo] + rng.integers(HOUR, 6 * DAY, nl), NONE)
    resolve_at = np.where(applies, apply_at + rng.integers(2 * HOUR, 72 * HOUR, nl), NONE)
    rejected = applies & (rng.random(nl) < REJECT_P)
    full = (rng.random(nl) < 0.7) | np.isin(lp, [2, 4])
    ref_amt = np.where(
        applies & ~rejected,
        np.where(full, line_paid, np.round(line_paid * rng.uniform(0.2, 0.6, nl), 2)),
        0.0,
    )
    lc = life.cancel[lo]
    apply_at = np.where(lc, life.cancel_at[lo], apply_at)
    resolve_at = np.where(lc, life.cancel_at[lo], resolve_at)
    ref_amt = np.where(lc, line_paid, ref_amt)
    rejected = rejected & ~lc
    return _Refunds(apply_at, resolve_at, rejected, ref_amt, lc)


def _schedule_stock(ctx: _Context, i: int, lines: _DayLines, life: _Lifecycle, refunds: _Refunds) -> None:
    """Stock movements: lock when paid, release at cancel, ship out; then close the day."""
    ledger, day0, lo, lsku, lqty, lc = ctx.ledger, ctx.day0, lines.lo, lines.lsku, lines.lqty, refunds.lc
    paid_day = np.where(life.paid_at[lo] == NONE, -1, (life.paid_at[lo] - day0) // DAY)
    ok = paid_day >= 0
    ledger.schedule(ledger.lock_sched, paid_day[ok], lsku[ok], lqty[ok])
    cday = (life.cancel_at[lo] - day0) // DAY
    ledger.schedule(ledger.unlock_sched, cday[lc], lsku[lc], lqty[lc])
    sday = (life.ship_at[lo] - day0) // DAY
    sh = life.ship_at[lo] != NONE
    ledger.schedule(ledger.ship_sched, sday[sh], lsku[sh], lqty[sh])
    ledger.close_day(i, ctx.no_ship)


def _order_frame(
    ctx: _Context, ids: np.ndarray, orders: _DayOrders, money: _Money, life: _Lifecycle
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_index": ids,
            "platform_index": orders.plat,
            "person_index": orders.person,
            "account_index": orders.account,
            "is_member": orders.member,
            "created_at": orders.created,
            "paid_at": life.paid_at,
            "closed_at": life.closed_at,
            "cancel_at": life.cancel_at,
            "shipped_at": life.ship_at,
            "completed_at": life.complete_at,
            "order_list": np.round(money.order_list, 2),
            "order_paid_if_paid": money.order_paid,
            "city_index": ctx.city_of[orders.person],
        }
    )


def _line_frame(ids: np.ndarray, lines: _DayLines, money: _Money, refunds: _Refunds) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_index": ids[lines.lo],
            "sku_index": lines.lsku,
            "quantity": lines.lqty,
            "unit_price": money.unit_price,
            "list_amount": money.list_amt,
            "discount_amount": money.discount,
            "paid_if_paid": money.line_paid,
            "is_gift": lines.gift,
            "refund_applied_at": refunds.apply_at,
            "refund_resolved_at": refunds.resolve_at,
            "refund_rejected": refunds.rejected,
            "refund_if_done": np.round(refunds.ref_amt, 2),
            "is_cancel": refunds.lc,
        }
    )


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
