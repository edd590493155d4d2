"""Build the simulated business once: calendar, catalogue, people, stock and orders, plus the
platform identifiers and export times every exporter shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulator import geo
from simulator.calendar import PLATFORMS, day_table
from simulator.catalog import Catalog, build_catalog
from simulator.ids import scatter, scatter_str
from simulator.inventory import StockLedger, daily_frame
from simulator.orders import DAY, HOUR, NONE, OrderBook, generate, to_seconds
from simulator.people import People, build_people
from simulator.scales import Scale

# Minutes after 08:00 the next morning at which each platform's daily export runs.
EXPORT_MINUTE = {"tmall": 5, "jd": 12, "pdd": 18, "douyin": 24, "kuaishou": 31, "youzan": 37}


@dataclass
class World:
    scale: Scale
    seed: int
    start: dt.date
    days: int
    dates: list[dt.date]
    calendar: pd.DataFrame
    catalog: Catalog
    people: People
    book: OrderBook
    inventory: pd.DataFrame
    export_time: dict[str, np.ndarray]  # platform -> seconds, one per day
    day0: int
    # Derived tables computed once and shared (forked) with the export workers.
    cache: dict = field(default_factory=dict, repr=False)

    @property
    def period_end(self) -> int:
        return self.day0 + self.days * DAY - 1

    @property
    def end(self) -> dt.date:
        return self.dates[-1]


def build_world(scale: Scale, seed: int, start: dt.date, days: int, progress: bool = False) -> World:
    seeds = np.random.SeedSequence(seed).spawn(6)
    rng_cat, rng_people, rng_orders, rng_ids, rng_exp, _ = (np.random.default_rng(s) for s in seeds)
    dates = [start + dt.timedelta(days=i) for i in range(days)]
    cal = day_table(start, days)
    catalog = build_catalog(scale.n_skus, start, days, rng_cat)
    orders_per_day = scale.orders_per_day()
    n_persons = max(200, int(orders_per_day * days / scale.orders_per_person))
    people = build_people(n_persons, days, rng_people)

    prod = catalog.products
    launch_day = np.array([(d - start).days for d in prod["launch_date"]], dtype=np.int64)
    tier = prod["tier"].to_numpy()
    pop = prod["popularity"].to_numpy() * (prod["status"].to_numpy() == "在售")
    share = pop / pop.sum()
    forecast = orders_per_day / 1.25 * 1.45 * share * 1.25
    forecast[prod["is_gift"].to_numpy()] = orders_per_day * 0.17 * 0.08
    cover = np.select(
        [tier == "hit", tier == "set", tier == "new", tier == "dead", tier == "gift"],
        [rng_cat.uniform(12, 22, len(tier)), rng_cat.uniform(25, 45, len(tier)), 35, 260, 90],
        rng_cat.uniform(30, 60, len(tier)),
    )
    # Discontinued SKUs keep the stock they had: the pile the slow-moving report should find.
    dead_stock = np.where(tier == "dead", np.maximum(orders_per_day * 0.4, 150), 0)
    ledger = StockLedger(
        n_days=days,
        n_skus=catalog.n,
        forecast=np.where(tier == "dead", 0.0, forecast),
        lead_time=prod["lead_time_days"].to_numpy(),
        lock_qty=np.where(rng_cat.random(catalog.n) < 0.2, rng_cat.integers(2, 20, catalog.n), 0),
        moq=np.where(tier == "hit", 200, 100),
        launch_day=launch_day,
    )
    ledger.seed_stock(cover)
    ledger.on_hand += dead_stock.astype(np.int64)
    book = generate(
        start=start,
        days=days,
        days_table=cal,
        catalog=catalog,
        people=people,
        ledger=ledger,
        orders_per_day=orders_per_day,
        rng=rng_orders,
        progress=progress,
    )
    inventory = daily_frame(ledger, dates, prod["sku_code"].to_numpy())
    day0 = to_seconds(start)
    export_time = {}
    for p in PLATFORMS:
        base = day0 + (np.arange(days) + 1) * DAY + 8 * HOUR + EXPORT_MINUTE[p] * 60
        export_time[p] = base + rng_exp.integers(0, 20 * 60, days)
    world = World(scale, seed, start, days, dates, cal, catalog, people, book, inventory, export_time, day0)
    _assign_ids(world, rng_ids)
    return world


def _assign_ids(world: World, rng: np.random.Generator) -> None:
    """Platform order ids, line ids, buyer ids and addresses on the order and line frames."""
    o = world.book.orders
    li = world.book.lines
    acc = world.people.accounts
    persons = world.people.persons
    plat = o["platform_index"].to_numpy()
    idx = o["order_index"].to_numpy()
    created = o["created_at"].to_numpy()
    oid = np.empty(len(o), dtype=object)
    for k, p in enumerate(PLATFORMS):
        m = plat == k
        if not m.any():
            continue
        if p == "tmall":
            oid[m] = scatter_str(idx[m], 18, 101, "")
            oid[m] = np.array(["4" + s[1:] if s[0] == "0" else s for s in oid[m]], dtype=object)
        elif p == "jd":
            oid[m] = scatter_str(idx[m], 11, 103, "3")
        elif p == "pdd":
            ymd = pd.to_datetime(created[m], unit="s").strftime("%y%m%d").to_numpy()
            oid[m] = ymd + "-" + scatter_str(idx[m], 15, 107, "")
        elif p == "douyin":
            oid[m] = scatter_str(idx[m], 18, 109, "6")
        elif p == "kuaishou":
            oid[m] = scatter_str(idx[m], 15, 113, "2")
        else:
            ts = pd.to_datetime(created[m], unit="s").strftime("%Y%m%d%H%M%S").to_numpy()
            oid[m] = "E" + ts + scatter_str(idx[m], 8, 127, "")
    o["platform"] = np.array(PLATFORMS, dtype=object)[plat]
    o["order_id"] = oid
    o["buyer_id"] = acc["buyer_id"].to_numpy()[o["account_index"].to_numpy()]
    o["person_id"] = persons["person_id"].to_numpy()[o["person_index"].to_numpy()]
    o["member_id"] = persons["member_id"].to_numpy()[o["person_index"].to_numpy()]
    ci = o["city_index"].to_numpy()
    o["province"] = geo.PROVINCE[ci]
    o["city"] = geo.CITY[ci]
    o["district"] = geo.DISTRICT[ci]
    o["postcode"] = geo.POSTCODE[ci]
    # Shared name objects rather than one new string per order (millions at the large scale).
    o["warehouse"] = np.array(["嘉兴仓", "广州仓"], dtype=object)[geo.SOUTH[ci].astype(np.int64)]
    o["street"] = (
        geo.ROADS[rng.integers(0, len(geo.ROADS), len(o))]
        + pd.Series(rng.integers(1, 400, len(o))).astype(str).to_numpy()
        + "号"
    )
    o["receiver_name"] = persons["name"].to_numpy()[o["person_index"].to_numpy()]
    o["receiver_phone"] = persons["phone"].to_numpy()[o["person_index"].to_numpy()]
    o["tracking_no"] = np.where(o["shipped_at"].to_numpy() != NONE, scatter_str(idx, 12, 131, "SF"), "")
    o["payment_no"] = np.where(o["paid_at"].to_numpy() != NONE, scatter_str(idx, 20, 137, "20"), "")

    lo = li["order_index"].to_numpy()
    n_lines = np.bincount(lo, minlength=len(o))
    lp = plat[lo]
    line_id = (oid[lo] + "#" + li["line_no"].astype(str).to_numpy()).astype(object)
    lidx = np.arange(len(li))
    tm = lp == 0
    single = n_lines[lo] == 1
    line_id[tm & single] = oid[lo][tm & single]
    multi = tm & ~single
    line_id[multi] = scatter_str(lidx[multi], 18, 139, "")
    line_id[multi] = np.array(["4" + s[1:] if s[0] == "0" else s for s in line_id[multi]], dtype=object)
    dy = lp == 3
    line_id[dy] = scatter_str(lidx[dy], 18, 149, "6")
    li["platform"] = np.array(PLATFORMS, dtype=object)[lp]
    li["order_id"] = oid[lo]
    li["line_id"] = line_id
    prod = world.catalog.products
    li["sku_code"] = prod["sku_code"].to_numpy()[li["sku_index"].to_numpy()]
    pid = np.empty(len(li), dtype=object)
    for k, p in enumerate(PLATFORMS):
        m = lp == k
        pid[m] = prod[f"product_id_{p}"].to_numpy()[li["sku_index"].to_numpy()[m]]
    li["product_id"] = pid
    _ = scatter  # re-exported helper kept for exporters
