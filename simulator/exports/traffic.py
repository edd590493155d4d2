"""Daily traffic (funnel) reports of every platform, each in its tool's layout.

Every cell column is formatted once for the whole period, then cut into one file per day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.calendar import PLATFORMS
from simulator.exports import numbers as num
from simulator.exports.common import Sink, const, rows_for_days, template
from simulator.exports.daily_sheets import day_text, morning, sheet, text_rows
from simulator.profiles import COMPLETE, Profile
from simulator.world import World
from simulator.writers.xls import xls_bytes

SHOP_FILE = {
    "jd": "京东商智_店铺概况_{ymd}.xlsx",
    "pdd": "拼多多_交易数据_{ymd}.xlsx",
    "kuaishou": "快手_店铺概况_{ymd}.xlsx",
    "youzan": "有赞_店铺概况_{ymd}.xlsx",
}


def export_traffic(world: World, sink: Sink, traffic: pd.DataFrame, profile: Profile = COMPLETE) -> None:
    """Each platform's traffic files the profile exports (writers draw nothing random: skipping one
    changes no other file)."""
    for p in PLATFORMS:
        if not profile.exports(p, "traffic"):
            continue
        t = traffic[traffic["platform"] == p]
        if p == "tmall":
            _tmall(world, sink, t)
        elif p == "douyin":
            _douyin(world, sink, t)
        else:
            _shop(world, sink, t, p)


def _col(t: pd.DataFrame, name: str) -> np.ndarray:
    return t[name].to_numpy()


def _tmall(world: World, sink: Sink, t: pd.DataFrame) -> None:
    """生意参谋 商品_全部: one row per live product, counts with '-' for zero and thousands commas."""
    tpl = template("tmall", "traffic")
    prod = world.catalog.products
    n = len(t)
    day = _col(t, "day").astype(np.int64)
    sku = _col(t, "sku_index").astype(np.int64)
    uv, pv = _col(t, "uv"), _col(t, "pv")
    cart, ob = _col(t, "cart_users"), _col(t, "order_buyers")
    pb, pu = _col(t, "paid_buyers"), _col(t, "paid_units")
    oa, pa = _col(t, "order_amount").astype(float), _col(t, "paid_amount").astype(float)
    iso = day_text(world.dates, "%Y-%m-%d")[day]
    dash = const("-", n)
    cols = [
        iso,
        t["product_id"].astype(str).to_numpy().astype(object),
        prod["sku_name"].to_numpy()[sku],
        prod["sku_code"].to_numpy()[sku],
        const("当前在线", n),
        dash,
        num.counts(uv),
        num.counts(pv),
        num.whole(20 + uv % 40),
        num.percent_of(uv * 0.45, uv),
        num.counts(cart // 3),
        num.counts(cart * 1.2),
        num.counts(cart),
        num.counts(ob),
        num.counts(_col(t, "order_units")),
        num.fixed_or(oa, oa != 0, "-"),
        num.percent_of(ob, uv),
        num.counts(pb),
        num.counts(pu),
        num.fixed_or(pa, pa != 0, "-"),
        num.percent_of(pb, uv),
        num.counts(pb - pb // 3),
        num.counts(pb // 3),
        num.fixed_or(pa / 3, pa != 0, "-"),
        dash,
        num.ratio(pa, uv, 2, "-"),
        dash,
        num.whole(60 + uv % 40),
        dash,
        dash,
        dash,
        num.percent_of(pb * 0.3, uv * 0.35),
        num.counts(uv * 0.35),
        num.counts(pb * 0.3),
    ]
    rows = list(zip(*[c.tolist() for c in cols], strict=True)) if n else []
    for i, pos in rows_for_days(day, world.days).items():
        d = world.dates[i]
        iso_d = f"{d:%Y-%m-%d}"
        lead = [["【生意参谋平台】商品_全部"], [f"统计时间：{iso_d} ~ {iso_d}"], ["终端：所有终端"], [""]]
        data = xls_bytes([*lead, tpl.headers, *[rows[j] for j in pos]])
        name = f"【生意参谋平台】商品_全部_{iso_d}_{iso_d}.xls"
        sink.write(tpl, name, data, file_type="xls", encoding="biff8", rows=len(pos), period=(d, d))


def _douyin(world: World, sink: Sink, t: pd.DataFrame) -> None:
    """罗盘 商品: plain integers, rates as '0.00%' rather than '-'."""
    tpl = template("douyin", "traffic")
    prod = world.catalog.products
    n = len(t)
    day = _col(t, "day").astype(np.int64)
    sku = _col(t, "sku_index").astype(np.int64)
    uv, cart, pb = _col(t, "uv"), _col(t, "cart_users"), _col(t, "paid_buyers")
    expo = np.trunc(uv * 6.5).astype(np.int64)
    cols = [
        day_text(world.dates, "%Y-%m-%d")[day],
        t["product_id"].astype(str).to_numpy().astype(object),
        prod["sku_name"].to_numpy()[sku],
        num.whole(expo),
        num.whole(expo * 1.4),
        num.whole(uv),
        num.whole(_col(t, "pv")),
        num.percent_of(uv, expo, dash=False),
        num.whole(cart),
        num.whole(cart // 4),
        num.whole(_col(t, "order_buyers")),
        num.whole(pb),
        num.whole(_col(t, "paid_orders")),
        num.fixed(_col(t, "paid_amount")),
        num.percent_of(pb, uv, dash=False),
        num.whole(pb - pb // 3),
        num.whole(pb // 3),
        const("0.00", n),
    ]
    body = text_rows(cols)
    for i, pos in rows_for_days(day, world.days).items():
        d = world.dates[i]
        data = sheet([tpl.headers], body[pos], morning(d, 10 + i))
        sink.write(
            tpl,
            f"罗盘_商品_{d:%Y%m%d}.xlsx",
            data,
            file_type="xlsx",
            encoding="utf-8",
            rows=len(pos),
            period=(d, d),
        )


def _shop(world: World, sink: Sink, t: pd.DataFrame, p: str) -> None:
    """Shop-level overviews: one row per day (JD 日期 as yyyyMMdd, the others ISO)."""
    tpl = template(p, "traffic")
    day = _col(t, "day").astype(np.int64)
    uv, pb = _col(t, "uv"), _col(t, "paid_buyers")
    pa = _col(t, "paid_amount").astype(float)
    aov = np.where(pb != 0, pa / np.where(pb != 0, pb, 1), 0.0)
    common = [num.whole(uv), num.whole(_col(t, "pv")), num.whole(_col(t, "cart_users"))]
    ob = num.whole(_col(t, "order_buyers"))
    conv = num.percent_of(pb, uv, dash=False)
    if p == "jd":
        cols = [
            day_text(world.dates, "%Y%m%d")[day],
            *common,
            ob,
            num.fixed(_col(t, "order_amount")),
            num.whole(pb),
            num.fixed(pa),
            conv,
            num.fixed(aov),
        ]
    else:
        cols = [
            day_text(world.dates, "%Y-%m-%d")[day],
            *common,
            ob,
            num.whole(pb),
            num.whole(_col(t, "paid_orders")),
            num.fixed(pa),
            conv,
        ]
        if p == "pdd":
            cols.append(num.fixed(aov))
    body = text_rows(cols)
    for i, pos in rows_for_days(day, world.days).items():
        d = world.dates[i]
        # Each overview holds the day's single row (the first, should a day ever hold more).
        data = sheet([tpl.headers], body[pos[:1]], morning(d, 10 + i))
        name = SHOP_FILE[p].format(ymd=f"{d:%Y%m%d}")
        sink.write(tpl, name, data, file_type="xlsx", encoding="utf-8", rows=1, period=(d, d))
