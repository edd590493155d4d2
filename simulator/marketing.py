"""Traffic funnels and ad spend, derived from the orders so the numbers agree with each other.

paid_buyers/paid_amount come straight from the orders paid that day; UV is back-computed from a
platform-typical conversion rate (2-8%); add-to-cart and order buyers sit between them. Ads attribute a
share of each platform's GMV to 3-6 campaigns whose ROI scatters around the platform's typical level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.calendar import PLATFORMS
from simulator.orders import DAY, NONE
from simulator.world import World

CONVERSION = {"tmall": 0.045, "jd": 0.05, "pdd": 0.06, "douyin": 0.025, "kuaishou": 0.03, "youzan": 0.075}
PER_PRODUCT = ("tmall", "douyin")
ROI = {"tmall": 4.0, "jd": 3.5, "pdd": 2.8, "douyin": 2.2, "kuaishou": 1.8}
TOOL = {"tmall": "万相台", "jd": "京准通", "pdd": "多多推广", "douyin": "巨量千川", "kuaishou": "磁力金牛"}
CAMPAIGN_NAMES = ("爆品拉新", "老客召回", "大促冲量", "新品种草", "品牌词防守", "直播加热")


def _paid_lines(world: World) -> pd.DataFrame:
    li = world.book.lines
    o = world.book.orders.set_index("order_index")
    od = o.loc[li["order_index"].to_numpy()]
    df = pd.DataFrame(
        {
            "platform": li["platform"].to_numpy(),
            "sku_index": li["sku_index"].to_numpy(),
            "product_id": li["product_id"].to_numpy(),
            "order_index": li["order_index"].to_numpy(),
            "buyer_id": od["buyer_id"].to_numpy(),
            "created_day": (od["created_at"].to_numpy() - world.day0) // DAY,
            "paid_at": od["paid_at"].to_numpy(),
            "amount": li["paid_if_paid"].to_numpy(),
            "quantity": li["quantity"].to_numpy(),
            "is_gift": li["is_gift"].to_numpy(),
        }
    )
    df["paid_day"] = np.where(df["paid_at"] != NONE, (df["paid_at"] - world.day0) // DAY, -1)
    return df


def build_traffic(world: World) -> pd.DataFrame:
    rng = np.random.default_rng([world.seed, 701])
    lines = _paid_lines(world)
    lines = lines[~lines["is_gift"]]
    frames = []
    for p in PLATFORMS:
        pl = lines[lines["platform"] == p]
        keys = ["day", "product_id", "sku_index"] if p in PER_PRODUCT else ["day"]
        paid = pl[(pl["paid_day"] >= 0) & (pl["paid_day"] < world.days)].rename(columns={"paid_day": "day"})
        created = pl.rename(columns={"created_day": "day"})
        g_paid = paid.groupby(keys).agg(
            paid_buyers=("buyer_id", "nunique"),
            paid_orders=("order_index", "nunique"),
            paid_amount=("amount", "sum"),
            paid_units=("quantity", "sum"),
        )
        g_order = created.groupby(keys).agg(
            order_buyers=("buyer_id", "nunique"),
            order_units=("quantity", "sum"),
            order_amount=("amount", "sum"),
        )
        if p in PER_PRODUCT:
            prod = world.catalog.products
            live = prod[~prod["is_gift"]]
            grid = pd.MultiIndex.from_product(
                [range(world.days), live[f"product_id_{p}"].to_numpy()], names=["day", "product_id"]
            ).to_frame(index=False)
            grid["sku_index"] = np.tile(live["sku_index"].to_numpy(), world.days)
            launch = np.array([(d - world.start).days for d in prod["launch_date"]])
            grid = grid[launch[grid["sku_index"].to_numpy()] <= grid["day"].to_numpy()]
            t = grid.merge(g_paid.reset_index(), on=keys, how="left").merge(
                g_order.reset_index(), on=keys, how="left"
            )
        else:
            t = pd.DataFrame({"day": range(world.days)})
            t = t.merge(g_paid.reset_index(), on="day", how="left").merge(
                g_order.reset_index(), on="day", how="left"
            )
        t = t.fillna(0)
        n = len(t)
        conv = CONVERSION[p] * rng.uniform(0.7, 1.3, n)
        pb = t["paid_buyers"].to_numpy()
        base_uv = rng.integers(15, 60, n) if p in PER_PRODUCT else rng.integers(80, 300, n)
        uv = np.maximum(np.ceil(pb / conv), base_uv).astype(np.int64)
        ob = np.maximum(t["order_buyers"].to_numpy(), pb).astype(np.int64)
        cart = np.maximum(ob, np.round(uv * rng.uniform(0.08, 0.14, n))).astype(np.int64)
        cart = np.minimum(cart, uv)
        t["uv"] = uv
        t["pv"] = np.round(uv * rng.uniform(2.2, 3.8, n)).astype(np.int64)
        t["cart_users"] = cart
        t["order_buyers"] = ob
        t["platform"] = p
        t["date"] = np.array(world.dates, dtype=object)[t["day"].to_numpy().astype(int)]
        t["paid_amount"] = t["paid_amount"].round(2)
        for c in ("paid_buyers", "paid_orders", "paid_units", "order_units"):
            t[c] = t[c].astype(np.int64)
        if "product_id" not in t:
            t["product_id"] = None
            t["sku_index"] = -1
        frames.append(t)
    cols = [
        "platform",
        "date",
        "day",
        "product_id",
        "sku_index",
        "uv",
        "pv",
        "cart_users",
        "order_buyers",
        "order_units",
        "order_amount",
        "paid_buyers",
        "paid_orders",
        "paid_units",
        "paid_amount",
    ]
    return pd.concat([f[cols] for f in frames], ignore_index=True)


def build_ads(world: World, traffic: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng([world.seed, 801])
    prod = world.catalog.products
    sellable = prod[(prod["status"] == "在售") & ~prod["is_gift"]]
    frames = []
    for k, p in enumerate(ROI):
        gmv = (
            traffic[traffic["platform"] == p]
            .groupby("day")["paid_amount"]
            .sum()
            .reindex(range(world.days), fill_value=0.0)
        )
        n_c = int(rng.integers(3, 7))
        weights = rng.dirichlet(np.ones(n_c) * 2)
        factor = rng.lognormal(0.0, 0.18, n_c)
        factor[int(rng.integers(0, n_c))] *= 0.62  # every tool has a campaign that underperforms
        for c in range(n_c):
            cid = f"{(k + 1) * 1000000 + 3517 * (c + 1) * (k + 3)}"
            name = f"{TOOL[p]}-{CAMPAIGN_NAMES[c % len(CAMPAIGN_NAMES)]}-{c + 1:02d}"
            picks = sellable["sku_index"].to_numpy()[
                rng.choice(
                    len(sellable),
                    size=min(2, len(sellable)),
                    replace=False,
                    p=sellable["popularity"] / sellable["popularity"].sum(),
                )
            ]
            share = rng.dirichlet(np.ones(len(picks)) * 3)
            roi_c = ROI[p] * factor[c]
            active = rng.random(world.days) > 0.05  # a campaign is paused on a few days
            for j, s in enumerate(picks):
                att = (
                    gmv.to_numpy() * 0.30 * weights[c] * share[j] * rng.uniform(0.8, 1.2, world.days) * active
                )
                roi_day = roi_c * rng.uniform(0.85, 1.15, world.days)
                spend = np.round(att / roi_day, 2)
                att = np.round(att, 2)
                cpm = rng.uniform(18, 45, world.days)
                impressions = np.round(spend / cpm * 1000).astype(np.int64)
                ctr = rng.uniform(0.01, 0.045, world.days)
                clicks = np.minimum(np.round(impressions * ctr).astype(np.int64), impressions)
                aov = float(prod["list_price"].iloc[s]) * 0.8
                orders = np.round(att / max(aov, 1.0)).astype(np.int64)
                frames.append(
                    pd.DataFrame(
                        {
                            "platform": p,
                            "tool": TOOL[p],
                            "date": world.dates,
                            "day": np.arange(world.days),
                            "campaign_id": cid,
                            "campaign_name": name,
                            "sku_index": s,
                            "sku_code": prod["sku_code"].iloc[s],
                            "product_id": prod[f"product_id_{p}"].iloc[s],
                            "spend": spend,
                            "impressions": impressions,
                            "clicks": clicks,
                            "attributed_gmv": att,
                            "attributed_orders": orders,
                            "target_roi": round(roi_c, 2),
                        }
                    )
                )
    ads = pd.concat(frames, ignore_index=True)
    # Kuaishou's report is per campaign only: fold its product rows together.
    ks = ads["platform"] == "kuaishou"
    agg = (
        ads[ks]
        .groupby(
            ["platform", "tool", "date", "day", "campaign_id", "campaign_name", "target_roi"], as_index=False
        )
        .agg(
            spend=("spend", "sum"),
            impressions=("impressions", "sum"),
            clicks=("clicks", "sum"),
            attributed_gmv=("attributed_gmv", "sum"),
            attributed_orders=("attributed_orders", "sum"),
        )
    )
    agg["sku_index"] = -1
    agg["sku_code"] = None
    agg["product_id"] = None
    ads = pd.concat([ads[~ks], agg[ads.columns]], ignore_index=True)
    ads["spend"] = ads["spend"].round(2)
    ads["attributed_gmv"] = ads["attributed_gmv"].round(2)
    return ads.sort_values(["platform", "day", "campaign_id", "sku_index"], kind="stable").reset_index(
        drop=True
    )
