"""simulate(): build the business, write every platform export and the answer key."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simulator import answer_key as ak
from simulator.calendar import PLATFORMS
from simulator.exports import douyin, jd, kuaishou, pdd, tmall, youzan
from simulator.exports import erp_crm_cs as ecc
from simulator.exports.common import FileRecord, Sink
from simulator.exports.traffic_ads import export_ads, export_traffic
from simulator.marketing import build_ads, build_traffic
from simulator.orders import DAY, NONE
from simulator.scales import get_scale
from simulator.service import PLATFORM_ZH, build_reviews, build_sessions
from simulator.snapshots import appearances, final_lines
from simulator.world import World, build_world


@dataclass(frozen=True)
class SimulationResult:
    out: Path
    answer_key: Path
    files: int
    order_lines: int
    orders: int
    start: dt.date
    end: dt.date
    seconds: float


@dataclass
class _Derived:
    final: pd.DataFrame
    traffic: pd.DataFrame
    ads: pd.DataFrame
    inv_wh: pd.DataFrame
    sessions: pd.DataFrame
    reviews: pd.DataFrame
    members: pd.DataFrame
    bindings: pd.DataFrame


# Export tasks run in worker processes forked after the world is built (no pickling of the world).
_STATE: dict[str, object] = {}


def _tasks() -> dict[str, Callable[[World, _Derived, Sink], None]]:
    return {
        "tmall_orders": lambda w, d, s: tmall.export_orders(w, s),
        "douyin_orders": lambda w, d, s: douyin.export_orders(w, s),
        "jd_orders": lambda w, d, s: jd.export_orders(w, s),
        "kuaishou_orders": lambda w, d, s: kuaishou.export_orders(w, s),
        "pdd_orders": lambda w, d, s: pdd.export_orders(w, s),
        "youzan_orders": lambda w, d, s: youzan.export_orders(w, s),
        "jd_settlement": lambda w, d, s: jd.export_settlement(w, s),
        "douyin_aftersales": lambda w, d, s: douyin.export_aftersales(w, s),
        "traffic": lambda w, d, s: export_traffic(w, s, d.traffic),
        "ads": lambda w, d, s: export_ads(w, s, d.ads),
        "inventory": lambda w, d, s: ecc.export_inventory(w, s, d.inv_wh),
        "products": lambda w, d, s: ecc.export_products(w, s),
        "members": lambda w, d, s: ecc.export_members(w, s, d.members, d.bindings),
        "sessions": lambda w, d, s: ecc.export_sessions(w, s, d.sessions),
        "reviews": lambda w, d, s: ecc.export_reviews(w, s, d.reviews),
    }


def _run_task(name: str) -> list[FileRecord]:
    world, derived, out = _STATE["world"], _STATE["derived"], _STATE["out"]
    sink = Sink(out)  # type: ignore[arg-type]
    _tasks()[name](world, derived, sink)  # type: ignore[arg-type]
    return sink.records


def _derive(world: World) -> _Derived:
    final = final_lines(world)
    traffic = build_traffic(world)
    ads = build_ads(world, traffic)
    inv_wh = ecc.warehouse_split(world.inventory)
    sessions = build_sessions(world, final)
    reviews = build_reviews(world, final)
    members, bindings = ecc.member_bindings(world, final)
    return _Derived(final, traffic, ads, inv_wh, sessions, reviews, members, bindings)


def default_start(days: int, today: dt.date | None = None) -> dt.date:
    """The window of `days` days that ends yesterday."""
    today = today or dt.date.today()
    return today - dt.timedelta(days=days)


def simulate(
    scale: str = "tiny",
    seed: int = 7,
    out: Path | str = Path("data/landing"),
    answer_key: Path | str = Path("data/answer_key"),
    start: str | dt.date | None = None,
    days: int | None = None,
    *,
    workers: int | None = None,
    progress: bool = False,
) -> SimulationResult:
    t0 = time.perf_counter()
    sc = get_scale(scale)
    n_days = int(days or sc.default_days)
    if n_days < 1:
        raise ValueError(f"days must be at least 1, got {n_days}")
    if start is None:
        start_date = default_start(n_days)
    elif isinstance(start, dt.date):
        start_date = start
    else:
        start_date = dt.date.fromisoformat(str(start))
    out, answer_key = Path(out), Path(answer_key)
    _clear_owned(out)

    world = build_world(sc, seed, start_date, n_days, progress=progress)
    derived = _derive(world)

    n_workers = sc.workers if workers is None else workers
    names = list(_tasks())
    _STATE.update(world=world, derived=derived, out=out)
    records: list[FileRecord] = []
    try:
        if n_workers > 1 and "fork" in mp.get_all_start_methods():
            with mp.get_context("fork").Pool(n_workers) as pool:
                for recs in _progress(pool.imap_unordered(_run_task, names), len(names), progress):
                    records.extend(recs)
        else:
            for name in _progress(names, len(names), progress):
                records.extend(_run_task(name))
    finally:
        _STATE.clear()
    records.sort(key=lambda r: r.path)
    _write_manifest(out, records)
    _write_answer_key(world, derived, records, answer_key)
    return SimulationResult(
        out=out,
        answer_key=answer_key,
        files=len(records),
        order_lines=len(derived.final),
        orders=len(world.book.orders),
        start=world.start,
        end=world.end,
        seconds=time.perf_counter() - t0,
    )


def _progress(it, total: int, enabled: bool):
    if not enabled:
        return it
    from tqdm import tqdm

    return tqdm(it, total=total, desc="exports", unit="task")


MANIFEST_NAME = ".simulator_files.txt"


def _clear_owned(out: Path) -> None:
    """Remove the files the previous run wrote (and only those), so stale exports never mix in.

    The landing folder may also hold real exports a person dropped there: those are never touched.
    """
    manifest = out / MANIFEST_NAME
    if not manifest.exists():
        return
    for line in manifest.read_text(encoding="utf-8").splitlines():
        path = out / line
        if line and path.is_file():
            path.unlink()
    manifest.unlink()


def _write_manifest(out: Path, records: list[FileRecord]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST_NAME).write_text("".join(f"{r.path}\n" for r in records), encoding="utf-8")


def _write_answer_key(world: World, d: _Derived, records: list[FileRecord], folder: Path) -> None:
    persons = world.people.persons
    prod = world.catalog.products
    f = d.final
    last = pd.concat([appearances(world, p).groupby("order_index")["exported_at"].max() for p in PLATFORMS])
    refunded_at = np.where(
        f["refund_state"].to_numpy() == "refunded", f["refund_resolved_at"].to_numpy(), NONE
    )
    order_lines = pd.DataFrame(
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
            "created_at": ak.to_timestamp(f["created_at"].to_numpy()),
            "paid_at": ak.to_timestamp(f["paid_at"].to_numpy()),
            "shipped_at": ak.to_timestamp(f["shipped_at"].to_numpy()),
            "completed_at": ak.to_timestamp(f["completed_at"].to_numpy()),
            "refunded_at": ak.to_timestamp(refunded_at),
            "province": f["province"],
            "city": f["city"],
            "warehouse": f["warehouse"],
            "is_gift": f["is_gift"],
            "last_exported_at": ak.to_timestamp(last.reindex(f["order_index"]).to_numpy().astype(np.int64)),
        }
    )
    mem, bind = d.members, d.bindings
    wide = bind.pivot_table(index="person_index", columns="platform", values="buyer_id", aggfunc="first")
    members = pd.DataFrame(
        {
            "member_id": mem["member_id"].to_numpy(),
            "person_id": mem["person_id"].to_numpy(),
            "phone": mem["phone"].to_numpy(),
            "name": mem["name"].to_numpy(),
            "tier": mem["tier"].to_numpy(),
            "joined_at": ak.to_timestamp(mem["joined_at"].to_numpy()),
        }
    )
    for p in PLATFORMS:
        col = wide[p] if p in wide else pd.Series(dtype=object)
        members[f"{p}_buyer_id"] = col.reindex(mem["person_index"]).to_numpy()
    persons_t = pd.DataFrame(
        {
            "person_id": persons["person_id"],
            "is_member": persons["is_member"],
            "member_id": persons["member_id"],
            "province": persons["province"],
            "city": persons["city"],
            "habit": persons["habit"],
            "primary_platform": persons["primary_platform"],
            "arrival_date": [world.start + dt.timedelta(days=int(a)) for a in persons["arrival_day"]],
        }
    )
    products = prod[
        [
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
        ]
        + [f"product_id_{p}" for p in PLATFORMS]
    ].copy()
    tr = d.traffic.copy()
    tr["sku_code"] = np.where(
        tr["sku_index"] >= 0, prod["sku_code"].to_numpy()[tr["sku_index"].clip(lower=0)], None
    )
    traffic = tr[
        [
            "platform",
            "date",
            "product_id",
            "sku_code",
            "uv",
            "pv",
            "cart_users",
            "order_buyers",
            "paid_buyers",
            "paid_orders",
            "paid_units",
            "paid_amount",
        ]
    ]
    ads = d.ads[
        [
            "platform",
            "tool",
            "date",
            "campaign_id",
            "campaign_name",
            "product_id",
            "sku_code",
            "spend",
            "impressions",
            "clicks",
            "attributed_gmv",
            "attributed_orders",
            "target_roi",
        ]
    ]
    inv = d.inv_wh[
        [
            "date",
            "sku_code",
            "warehouse",
            "on_hand",
            "order_locked",
            "lock_qty",
            "available",
            "in_transit",
            "in_export",
        ]
    ].sort_values(["date", "sku_code", "warehouse"])
    dem = world.book.demand.copy()
    dem["date"] = np.array(world.dates, dtype=object)[dem["day"].to_numpy()]
    dem["sku_code"] = prod["sku_code"].to_numpy()[dem["sku_index"].to_numpy()]
    so = dem[(dem["available_start"] <= 0) & (dem["demanded_units"] > 0)].copy()
    so["lost_units"] = so["demanded_units"] - so["sold_units"]
    stockouts = so[["date", "sku_code", "available_start", "demanded_units", "sold_units", "lost_units"]]
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
    oversell = ov.rename(columns={"q": "paid_units"})[
        ["date", "sku_code", "available_start", "paid_units", "oversold_units"]
    ]
    s = d.sessions
    cs_sessions = pd.DataFrame(
        {
            "session_id": s["session_id"],
            "platform": s["platform"],
            "platform_name": s["platform"].map(PLATFORM_ZH),
            "buyer_id": s["buyer_id"],
            "order_id": s["order_id"],
            "session_type": s["session_type"],
            "started_at": ak.to_timestamp(s["started_at"].to_numpy()),
            "ended_at": ak.to_timestamp(s["ended_at"].to_numpy()),
            "first_response_seconds": s["first_response_seconds"].where(s["first_response_seconds"] >= 0),
            "resolved": s["resolved"] == "是",
            "resolution_minutes": s["resolution_minutes"].where(s["resolution_minutes"] >= 0),
            "satisfaction": s["satisfaction"],
        }
    )
    r = d.reviews
    reviews = pd.DataFrame(
        {
            "platform": r["platform"],
            "order_id": r["order_id"],
            "line_id": r["line_id"],
            "sku_code": r["sku_code"],
            "product_id": r["product_id"],
            "rating": r["rating"],
            "reviewed_at": ak.to_timestamp(r["reviewed_at"].to_numpy()),
            "refunded": r["refund_state"] == "refunded",
        }
    )
    files = pd.DataFrame([rec.__dict__ for rec in records])
    ak.write_answer_key(
        folder,
        {
            "persons": (persons_t, ()),
            "members": (members, ()),
            "products": (products, ("unit_cost", "list_price")),
            "order_lines": (
                order_lines,
                ("unit_price", "list_amount", "discount_amount", "paid_amount", "refund_amount"),
            ),
            "traffic": (traffic, ("paid_amount",)),
            "ad_spend": (ads, ("spend", "attributed_gmv")),
            "inventory_daily": (inv, ()),
            "stockouts": (stockouts, ()),
            "oversell_events": (oversell, ()),
            "cs_sessions": (cs_sessions, ()),
            "reviews": (reviews, ()),
            "files": (files, ()),
        },
    )
