"""Daily ad reports of every ad tool, each in its layout (万相台 CSV, the others xlsx).

Cell columns are formatted once for the whole period and cut into one file per day; the daily total
rows are summed per day with the same float reduction a per-day frame sum uses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.calendar import PLATFORMS as ALL_PLATFORMS
from simulator.exports import numbers as num
from simulator.exports.common import Sink, const, join_rows, quote_minimal, rows_for_days, template
from simulator.exports.daily_sheets import day_text, morning, sheet, text_rows
from simulator.profiles import COMPLETE, Profile
from simulator.world import World

TOTALS = ("spend", "impressions", "clicks", "attributed_gmv", "attributed_orders")


# The private-domain store (Youzan) buys no platform ads: it has no ad export.
PLATFORMS = tuple(p for p in ALL_PLATFORMS if p != "youzan")


def export_ads(world: World, sink: Sink, ads: pd.DataFrame, profile: Profile = COMPLETE) -> None:
    """Each platform's ad files the profile exports (writers draw nothing random: skipping one changes
    no other file)."""
    writers = {"tmall": _tmall, "jd": _jd, "pdd": _pdd, "douyin": _douyin, "kuaishou": _kuaishou}
    for p in PLATFORMS:
        if profile.exports(p, "ads"):
            writers[p](world, sink, _Columns(world, ads[ads["platform"] == p]))


class _Columns:
    """The platform's ad rows as arrays, plus per-day positions and daily totals."""

    def __init__(self, world: World, a: pd.DataFrame) -> None:
        self.n = len(a)
        self.day = a["day"].to_numpy().astype(np.int64)
        self.iso = day_text(world.dates, "%Y-%m-%d")[self.day]
        self.campaign_id = a["campaign_id"].to_numpy().astype(object)
        self.campaign_name = a["campaign_name"].to_numpy().astype(object)
        self.product_id = a["product_id"].astype(str).to_numpy().astype(object)
        sku = a["sku_index"].to_numpy().astype(np.int64)
        self.sku_name = world.catalog.products["sku_name"].to_numpy()[np.maximum(sku, 0)]
        self.spend = a["spend"].to_numpy().astype(float)
        self.gmv = a["attributed_gmv"].to_numpy().astype(float)
        self.impressions = a["impressions"].to_numpy()
        self.clicks = a["clicks"].to_numpy()
        self.orders = a["attributed_orders"].to_numpy()
        self.target_roi = a["target_roi"].to_numpy().astype(float)
        self.per_day = rows_for_days(self.day, world.days)
        self._totals = a[list(TOTALS)]

    def total(self, pos: np.ndarray) -> pd.Series:
        """The day's totals (a frame sum, so floats add up exactly as the reports always did)."""
        return self._totals.iloc[pos].sum()


def _roi(gmv: np.ndarray, spend: np.ndarray) -> np.ndarray:
    """gmv / spend to 2 decimals, '-' without spend."""
    out = np.full(len(gmv), "-", dtype=object)
    ok = spend > 0
    if ok.any():
        out[ok] = num.fixed(gmv[ok] / spend[ok])
    return out


def _one(v: float) -> np.ndarray:
    return np.array([v], dtype=float)


def _ctr_percent(c: _Columns) -> np.ndarray:
    """100 * clicks / impressions as '1.23%' ('0.00%' without impressions)."""
    ok = c.impressions != 0
    out = np.full(c.n, "0.00%", dtype=object)
    if ok.any():
        out[ok] = np.char.mod("%.2f%%", (100 * c.clicks[ok]) / c.impressions[ok]).astype(object)
    return out


def _tmall(world: World, sink: Sink, c: _Columns) -> None:
    """万相台 商品报表: CSV with a BOM, 点击率 as a fraction, a 合计 row."""
    tpl = template("tmall", "ads")
    n = c.n
    # round(gmv * 0.6, 2) as Python does it: the correctly rounded 2-decimal text, read back.
    direct = num.fixed(c.gmv * 0.6).astype(float) if n else np.empty(0)
    imp_safe = np.where(c.impressions != 0, c.impressions, 1)
    ao_part = np.trunc(c.orders * 0.6).astype(np.int64)
    zero = const("0", n)
    cols = [
        c.iso,
        const("24", n),
        const("货品全站推", n),
        const("", n),
        const("", n),
        c.campaign_id,
        c.campaign_name,
        num.whole(c.campaign_id.astype(np.int64) * 10 + 1),
        c.campaign_name + "-单元1",
        c.product_id,
        const("商品", n),
        c.sku_name,
        num.whole(c.impressions),
        num.whole(c.clicks),
        num.fixed(c.spend),
        num.ratio(c.clicks, c.impressions, 5, "0.00000"),
        num.ratio(c.spend, c.clicks, 2, "0.00"),
        num.fixed_or(c.spend / imp_safe * 1000, c.impressions != 0, "0.00"),
        *[zero] * 6,
        num.fixed(direct),
        num.fixed(c.gmv - direct),
        num.fixed(c.gmv),
        num.whole(c.orders),
        num.whole(ao_part),
        num.whole(c.orders - ao_part),
        num.ratio(c.orders, c.clicks, 4, "0.0000"),
        _roi(c.gmv, c.spend),
        _roi(c.gmv, c.spend),
        num.ratio(c.spend, c.orders, 2, "0.00"),
        num.whole(c.clicks * 0.12),
        num.whole(c.clicks * 0.08),
        num.whole(c.clicks * 0.04),
        np.where(c.clicks != 0, "0.1200", "0.0000").astype(object),
    ]
    lines = join_rows([quote_minimal(x) for x in cols]) if n else np.empty(0, dtype=object)
    header = ",".join(tpl.headers)
    for i, pos in c.per_day.items():
        d = world.dates[i]
        tot = c.total(pos)
        total = [
            "合计",
            *[""] * 11,
            str(int(tot.impressions)),
            str(int(tot.clicks)),
            num.fixed(_one(tot.spend))[0],
        ]
        total += [""] * 11 + [num.fixed(_one(tot.attributed_gmv))[0], str(int(tot.attributed_orders))]
        total += [""] * (len(tpl.headers) - len(total))
        total_line = ",".join(quote_minimal(np.array(total, dtype=object)).tolist())
        text = "\r\n".join([header, *lines[pos].tolist(), total_line]) + "\r\n"
        stamp = morning(d, 40)
        name = f"商品报表_{stamp:%Y%m%d}_{stamp:%H%M%S}.csv"
        data = ("\ufeff" + text).encode("utf-8")
        sink.write(tpl, name, data, file_type="csv", encoding="utf-8-sig", rows=len(pos), period=(d, d))


def _write_xlsx(world, sink, tpl, c: _Columns, body, lead, total_row, name_fmt: str) -> None:
    for i, pos in c.per_day.items():
        d = world.dates[i]
        ymd = f"{d:%Y%m%d}"
        tail = [total_row(c.total(pos), ymd)] if total_row else []
        data = sheet(lead(ymd), body[pos], morning(d, 30 + i), tail)
        name = name_fmt.format(ymd=ymd)
        sink.write(tpl, name, data, file_type="xlsx", encoding="utf-8", rows=len(pos), period=(d, d))


def _jd(world: World, sink: Sink, c: _Columns) -> None:
    """京准通 自定义报表: two lead rows, 日期 as a `d~d` range, a 合计 row."""
    tpl = template("jd", "ads")
    ranges = np.array([f"{d:%Y%m%d}~{d:%Y%m%d}" for d in world.dates], dtype=object)[c.day]
    body = text_rows(
        [
            c.product_id,
            c.sku_name,
            num.fixed(c.spend),
            num.whole(c.impressions),
            num.whole(c.clicks),
            ranges,
            c.campaign_id,
            c.campaign_name,
            num.fixed(c.gmv),
            num.whole(c.orders),
            num.whole(c.clicks * 0.1),
        ]
    )

    def total(tot, ymd):
        rng_text = f"{ymd}~{ymd}"
        money = num.fixed(np.array([tot.spend, tot.attributed_gmv], dtype=float))
        return [
            "合计",
            "",
            money[0],
            str(int(tot.impressions)),
            str(int(tot.clicks)),
            rng_text,
            "",
            "",
            money[1],
            str(int(tot.attributed_orders)),
            "",
        ]

    def lead(ymd):
        return [["京准通-自定义报表"], [f"时间范围：{ymd}~{ymd}"], tpl.headers]

    _write_xlsx(world, sink, tpl, c, body, lead, total, "京准通_自定义报表_{ymd}_{ymd}.xlsx")


def _pdd(world: World, sink: Sink, c: _Columns) -> None:
    """多多推广: a 名称：推广 lead row and a 总计 row with '-' in the text columns."""
    tpl = template("pdd", "ads")
    n = c.n
    body = text_rows(
        [
            c.iso,
            c.product_id,
            c.sku_name,
            const("稳定成本推广", n),
            c.campaign_name,
            "目标投产比(" + num.fixed(c.target_roi * 1.6) + ")",
            const("默认分组", n),
            const("否", n),
            num.fixed(c.spend * 0.92),
            num.fixed(c.gmv),
            _roi(c.gmv, c.spend),
            num.fixed(c.spend),
            num.whole(c.impressions),
            num.whole(c.clicks),
        ]
    )

    def total(tot, ymd):
        money = num.fixed(np.array([tot.spend * 0.92, tot.attributed_gmv, tot.spend], dtype=float))
        roi = _roi(_one(tot.attributed_gmv), _one(tot.spend))[0]
        imp, clicks = str(int(tot.impressions)), str(int(tot.clicks))
        return ["总计", *["-"] * 7, money[0], money[1], roi, money[2], imp, clicks]

    _write_xlsx(
        world,
        sink,
        tpl,
        c,
        body,
        lambda ymd: [["名称：推广"], tpl.headers],
        total,
        "多多推广_{ymd}_{ymd}.xlsx",
    )


def _douyin(world: World, sink: Sink, c: _Columns) -> None:
    """千川 全域推广: header only, ROI '-' at zero spend."""
    tpl = template("douyin", "ads")
    body = text_rows(
        [
            c.iso,
            c.campaign_id,
            c.campaign_name,
            c.product_id,
            num.whole(c.impressions),
            num.whole(c.clicks),
            _ctr_percent(c),
            num.fixed(c.spend),
            num.whole(c.orders),
            num.fixed(c.gmv),
            _roi(c.gmv, c.spend),
        ]
    )
    _write_xlsx(world, sink, tpl, c, body, lambda ymd: [tpl.headers], None, "千川_全域推广_{ymd}.xlsx")


def _kuaishou(world: World, sink: Sink, c: _Columns) -> None:
    """磁力金牛 计划报表: one row per campaign (no products)."""
    tpl = template("kuaishou", "ads")
    body = text_rows(
        [
            c.iso,
            c.campaign_id,
            c.campaign_name,
            num.fixed(c.spend),
            num.whole(c.impressions),
            num.whole(c.clicks),
            _ctr_percent(c),
            num.whole(c.orders),
            num.fixed(c.gmv),
            _roi(c.gmv, c.spend),
        ]
    )
    _write_xlsx(world, sink, tpl, c, body, lambda ymd: [tpl.headers], None, "磁力金牛_计划报表_{ymd}.xlsx")
