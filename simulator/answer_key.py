"""The truth behind the exports, as Parquet (money DECIMAL(18,2), times naive Asia/Shanghai).

DuckDB does the typing: frames are registered as views and copied out with explicit casts, so money
is rounded by the database rather than by float formatting. One small function builds each table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from simulator.calendar import PLATFORMS
from simulator.derived import Derived
from simulator.exports.common import FileRecord
from simulator.orders import DAY, NONE
from simulator.service import PLATFORM_ZH
from simulator.snapshots import appearances
from simulator.world import World

Table = tuple[pd.DataFrame, tuple[str, ...]]  # frame, money columns


def to_timestamp(seconds: np.ndarray) -> pd.Series:
    s = np.asarray(seconds, dtype=np.int64)
    out = pd.to_datetime(np.where(s == NONE, 0, s), unit="s")
    return pd.Series(out).where(s != NONE)


def _dates(world: World, day: np.ndarray) -> np.ndarray:
    """dt.date objects for day offsets from the window start (any sign), one object per distinct day."""
    day = np.asarray(day, dtype=np.int64)
    if not len(day):
        return np.empty(0, dtype=object)
    lo = int(day.min())
    table = np.array(
        [world.start + dt.timedelta(days=k) for k in range(lo, int(day.max()) + 1)], dtype=object
    )
    return table[day - lo]


def order_lines(world: World, d: Derived) -> Table:
    f = d.final
    last = pd.concat([appearances(world, p).groupby("order_index")["exported_at"].max() for p in PLATFORMS])
    refunded_at = np.where(
        f["refund_state"].to_numpy() == "refunded", f["refund_resolved_at"].to_numpy(), NONE
    )
    df = pd.DataFrame(
        {
            "platform": f["platform"],
            "order_id": f["order_id"],
            "line_id": f["line_id"],
            "line_no": f["line_no"],
            "person_id": f["person_id"],
            "buyer_id": f["buyer_id"],
            "member_id": f["member_id"],
            "sku_code": f["sku_code"],
            "product_id": f["product_id"],
            "quantity": f["quantity"],
            "unit_price": f["unit_price"],
            "list_amount": f["list_amount"],
            "discount_amount": np.where(f["paid_at"].to_numpy() != NONE, f["discount_amount"], 0.0),
            "paid_amount": f["paid_amount"],
            "refund_amount": f["refund_amount"],
            "refund_state": f["refund_state"],
            "status": f["status"],
            "created_at": to_timestamp(f["created_at"].to_numpy()),
            "paid_at": to_timestamp(f["paid_at"].to_numpy()),
            "shipped_at": to_timestamp(f["shipped_at"].to_numpy()),
            "completed_at": to_timestamp(f["completed_at"].to_numpy()),
            "refunded_at": to_timestamp(refunded_at),
            "province": f["province"],
            "city": f["city"],
            "warehouse": f["warehouse"],
            "is_gift": f["is_gift"],
            "last_exported_at": to_timestamp(last.reindex(f["order_index"]).to_numpy().astype(np.int64)),
        }
    )
    return df, ("unit_price", "list_amount", "discount_amount", "paid_amount", "refund_amount")


def members(world: World, d: Derived) -> Table:
    mem, bind = d.members, d.bindings
    wide = bind.pivot_table(index="person_index", columns="platform", values="buyer_id", aggfunc="first")
    df = pd.DataFrame(
        {
            "member_id": mem["member_id"].to_numpy(),
            "person_id": mem["person_id"].to_numpy(),
            "phone": mem["phone"].to_numpy(),
            "name": mem["name"].to_numpy(),
            "tier": mem["tier"].to_numpy(),
            "joined_at": to_timestamp(mem["joined_at"].to_numpy()),
        }
    )
    for p in PLATFORMS:
        col = wide[p] if p in wide else pd.Series(dtype=object)
        df[f"{p}_buyer_id"] = col.reindex(mem["person_index"]).to_numpy()
    return df, ()


def persons(world: World, d: Derived) -> Table:
    p = world.people.persons
    df = pd.DataFrame(
        {
            "person_id": p["person_id"],
            "is_member": p["is_member"],
            "member_id": p["member_id"],
            "province": p["province"],
            "city": p["city"],
            "habit": p["habit"],
            "primary_platform": p["primary_platform"],
            "arrival_date": _dates(world, p["arrival_day"].to_numpy()),
        }
    )
    return df, ()


PRODUCT_COLUMNS = [
    "sku_code",
    "spu_code",
    "sku_name",
    "spec",
    "category",
    "tier",
    "tier_name",
    "unit_cost",
    "list_price",
    "launch_date",
    "status",
    "mean_rating",
    "refund_probability",
    "lead_time_days",
    "is_gift",
] + [f"product_id_{p}" for p in PLATFORMS]


def products(world: World, d: Derived) -> Table:
    return world.catalog.products[PRODUCT_COLUMNS].copy(), ("unit_cost", "list_price")


def traffic(world: World, d: Derived) -> Table:
    prod = world.catalog.products
    tr = d.traffic.copy()
    sku = tr["sku_index"].to_numpy()
    tr["sku_code"] = np.where(sku >= 0, prod["sku_code"].to_numpy()[np.maximum(sku, 0)], None)
    cols = ["platform", "date", "product_id", "sku_code", "uv", "pv", "cart_users", "order_buyers"]
    cols += ["paid_buyers", "paid_orders", "paid_units", "paid_amount"]
    return tr[cols], ("paid_amount",)


def ad_spend(world: World, d: Derived) -> Table:
    cols = ["platform", "tool", "date", "campaign_id", "campaign_name", "product_id", "sku_code", "spend"]
    cols += ["impressions", "clicks", "attributed_gmv", "attributed_orders", "target_roi"]
    return d.ads[cols], ("spend", "attributed_gmv")


def inventory_daily(world: World, d: Derived) -> Table:
    cols = ["date", "sku_code", "warehouse", "on_hand", "order_locked", "lock_qty", "available"]
    cols += ["in_transit", "in_export"]
    return d.inv_wh[cols].sort_values(["date", "sku_code", "warehouse"]), ()


def stockouts(world: World, d: Derived) -> Table:
    prod = world.catalog.products
    dem = world.book.demand
    so = dem[(dem["available_start"] <= 0) & (dem["demanded_units"] > 0)].copy()
    so["date"] = np.array(world.dates, dtype=object)[so["day"].to_numpy()]
    so["sku_code"] = prod["sku_code"].to_numpy()[so["sku_index"].to_numpy()]
    so["lost_units"] = so["demanded_units"] - so["sold_units"]
    return so[["date", "sku_code", "available_start", "demanded_units", "sold_units", "lost_units"]], ()


def oversell_events(world: World, d: Derived) -> Table:
    """Days a SKU's paid units exceeded what was available at the start of the day."""
    prod = world.catalog.products
    f = d.final
    paid = f[(f["paid_at"].to_numpy() != NONE)]
    pday = (paid["paid_at"].to_numpy() - world.day0) // DAY
    pu = pd.DataFrame(
        {"day": pday, "sku_index": paid["sku_index"].to_numpy(), "q": paid["quantity"].to_numpy()}
    )
    pu = pu.groupby(["day", "sku_index"], as_index=False)["q"].sum()
    ov = pu.merge(world.book.demand[["day", "sku_index", "available_start"]], on=["day", "sku_index"])
    ov = ov[ov["q"] > ov["available_start"].clip(lower=0)].copy()
    ov["date"] = np.array(world.dates, dtype=object)[ov["day"].to_numpy()]
    ov["sku_code"] = prod["sku_code"].to_numpy()[ov["sku_index"].to_numpy()]
    ov["oversold_units"] = ov["q"] - ov["available_start"].clip(lower=0)
    cols = ["date", "sku_code", "available_start", "paid_units", "oversold_units"]
    return ov.rename(columns={"q": "paid_units"})[cols], ()


def cs_sessions(world: World, d: Derived) -> Table:
    s = d.sessions
    df = pd.DataFrame(
        {
            "session_id": s["session_id"],
            "platform": s["platform"],
            "platform_name": s["platform"].map(PLATFORM_ZH),
            "buyer_id": s["buyer_id"],
            "order_id": s["order_id"],
            "session_type": s["session_type"],
            "started_at": to_timestamp(s["started_at"].to_numpy()),
            "ended_at": to_timestamp(s["ended_at"].to_numpy()),
            "first_response_seconds": s["first_response_seconds"].where(s["first_response_seconds"] >= 0),
            "resolved": s["resolved"] == "是",
            "resolution_minutes": s["resolution_minutes"].where(s["resolution_minutes"] >= 0),
            "satisfaction": s["satisfaction"],
        }
    )
    return df, ()


def reviews(world: World, d: Derived) -> Table:
    r = d.reviews
    df = pd.DataFrame(
        {
            "platform": r["platform"],
            "order_id": r["order_id"],
            "line_id": r["line_id"],
            "sku_code": r["sku_code"],
            "product_id": r["product_id"],
            "rating": r["rating"],
            "reviewed_at": to_timestamp(r["reviewed_at"].to_numpy()),
            "refunded": r["refund_state"] == "refunded",
        }
    )
    return df, ()


TABLES = {
    "persons": persons,
    "members": members,
    "products": products,
    "order_lines": order_lines,
    "traffic": traffic,
    "ad_spend": ad_spend,
    "inventory_daily": inventory_daily,
    "stockouts": stockouts,
    "oversell_events": oversell_events,
    "cs_sessions": cs_sessions,
    "reviews": reviews,
}


def write_table(
    con: duckdb.DuckDBPyConnection, folder: Path, name: str, df: pd.DataFrame, money: Sequence[str] = ()
) -> None:
    con.register("frame", df)
    cols = []
    for c in df.columns:
        q = f'"{c}"'
        if c in money:
            cols.append(f"CAST(ROUND({q}, 2) AS DECIMAL(18,2)) AS {q}")
        elif pd.api.types.is_datetime64_any_dtype(df[c]):
            cols.append(f"CAST({q} AS TIMESTAMP) AS {q}")
        else:
            cols.append(q)
    path = folder / f"{name}.parquet"
    con.execute(f"COPY (SELECT {', '.join(cols)} FROM frame) TO '{path}' (FORMAT PARQUET)")
    con.unregister("frame")


def write_answer_key(folder: Path, tables: dict[str, Table]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        for name, (df, money) in tables.items():
            write_table(con, folder, name, df, money)
    finally:
        con.close()


def write_truth(world: World, d: Derived, folder: Path) -> None:
    """Every table but `files` (which needs the export records): runs alongside the exports. Tables
    are built one at a time so only one is in memory."""
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        for name, build in TABLES.items():
            df, money = build(world, d)
            write_table(con, folder, name, df, money)
    finally:
        con.close()


def write_files(records: Sequence[FileRecord], folder: Path) -> None:
    """The files actually written (a profile's skipped reports are absent)."""
    write_answer_key(folder, {"files": (pd.DataFrame([r.__dict__ for r in records]), ())})


@dataclass(frozen=True)
class SimulationInfo:
    """How the files were produced: the truth tables do not depend on the profile, the files do."""

    profile: str
    scale: str
    seed: int
    start_date: dt.date
    end_date: dt.date
    days: int
    files: int


def write_simulation(info: SimulationInfo, folder: Path) -> None:
    write_answer_key(folder, {"simulation": (pd.DataFrame([asdict(info)]), ())})
