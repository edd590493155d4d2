"""Daily traffic (funnel) and ad reports of every platform, each in its tool's layout."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from simulator.exports.common import Sink, template
from simulator.world import World
from simulator.writers.text import quote_minimal
from simulator.writers.xls import xls_bytes
from simulator.writers.xlsx import literal_row, xlsx_bytes


def _count(v: float) -> str:
    """Counts as 生意参谋 writes them: '-' for zero, thousands commas from 1,000."""
    v = int(v)
    return "-" if v == 0 else f"{v:,}"


def _pct(num: float, den: float, dash: bool = True) -> str:
    if den <= 0 or num <= 0:
        return "-" if dash else "0.00%"
    return f"{100.0 * num / den:.2f}%"


def _m(v: float) -> str:
    return f"{v:.2f}"


def _sheet(rows: list[list[str]], created: dt.datetime) -> bytes:
    return xlsx_bytes([literal_row(r) for r in rows], created)


def _morning(d: dt.date, minute: int) -> dt.datetime:
    return dt.datetime.combine(d + dt.timedelta(days=1), dt.time(9, minute % 60))


def _by_day(df: pd.DataFrame, world: World):
    groups = dict(tuple(df.groupby("day", sort=True)))
    for i, d in enumerate(world.dates):
        yield i, d, groups.get(i, df.iloc[0:0])


def export_traffic(world: World, sink: Sink, traffic: pd.DataFrame) -> None:
    prod = world.catalog.products.set_index("sku_index")
    for p in ("tmall", "jd", "pdd", "douyin", "kuaishou", "youzan"):
        tpl = template(p, "traffic")
        t = traffic[traffic["platform"] == p]
        for i, d, g in _by_day(t, world):
            created = _morning(d, 10 + i)
            ymd, iso = f"{d:%Y%m%d}", f"{d:%Y-%m-%d}"
            if p == "tmall":
                rows = [
                    ["【生意参谋平台】商品_全部"],
                    [f"统计时间：{iso} ~ {iso}"],
                    ["终端：所有终端"],
                    [""],
                    tpl.headers,
                ]
                for r in g.itertuples(index=False):
                    info = prod.loc[r.sku_index]
                    rows.append(
                        [
                            iso,
                            str(r.product_id),
                            info["sku_name"],
                            info["sku_code"],
                            "当前在线",
                            "-",
                            _count(r.uv),
                            _count(r.pv),
                            f"{20 + r.uv % 40}",
                            _pct(r.uv * 0.45, r.uv),
                            _count(r.cart_users // 3),
                            _count(r.cart_users * 1.2),
                            _count(r.cart_users),
                            _count(r.order_buyers),
                            _count(r.order_units),
                            _m(r.order_amount) if r.order_amount else "-",
                            _pct(r.order_buyers, r.uv),
                            _count(r.paid_buyers),
                            _count(r.paid_units),
                            _m(r.paid_amount) if r.paid_amount else "-",
                            _pct(r.paid_buyers, r.uv),
                            _count(r.paid_buyers - r.paid_buyers // 3),
                            _count(r.paid_buyers // 3),
                            _m(r.paid_amount / 3) if r.paid_amount else "-",
                            "-",
                            _m(r.paid_amount / r.uv) if r.uv else "-",
                            "-",
                            f"{60 + r.uv % 40}",
                            "-",
                            "-",
                            "-",
                            _pct(r.paid_buyers * 0.3, r.uv * 0.35),
                            _count(r.uv * 0.35),
                            _count(r.paid_buyers * 0.3),
                        ]
                    )
                name = f"【生意参谋平台】商品_全部_{iso}_{iso}.xls"
                sink.write(
                    tpl, name, xls_bytes(rows), file_type="xls", encoding="biff8", rows=len(g), period=(d, d)
                )
                continue
            if p == "douyin":
                rows = [tpl.headers]
                for r in g.itertuples(index=False):
                    info = prod.loc[r.sku_index]
                    expo = int(r.uv * 6.5)
                    rows.append(
                        [
                            iso,
                            str(r.product_id),
                            info["sku_name"],
                            str(expo),
                            str(int(expo * 1.4)),
                            str(r.uv),
                            str(r.pv),
                            _pct(r.uv, expo, dash=False),
                            str(r.cart_users),
                            str(r.cart_users // 4),
                            str(r.order_buyers),
                            str(r.paid_buyers),
                            str(r.paid_orders),
                            _m(r.paid_amount),
                            _pct(r.paid_buyers, r.uv, dash=False),
                            str(r.paid_buyers - r.paid_buyers // 3),
                            str(r.paid_buyers // 3),
                            "0.00",
                        ]
                    )
                sink.write(
                    tpl,
                    f"罗盘_商品_{ymd}.xlsx",
                    _sheet(rows, created),
                    file_type="xlsx",
                    encoding="utf-8",
                    rows=len(g),
                    period=(d, d),
                )
                continue
            r = next(g.itertuples(index=False))
            aov = r.paid_amount / r.paid_buyers if r.paid_buyers else 0.0
            if p == "jd":
                row = [
                    ymd,
                    str(r.uv),
                    str(r.pv),
                    str(r.cart_users),
                    str(r.order_buyers),
                    _m(r.order_amount),
                    str(r.paid_buyers),
                    _m(r.paid_amount),
                    _pct(r.paid_buyers, r.uv, dash=False),
                    _m(aov),
                ]
                name = f"京东商智_店铺概况_{ymd}.xlsx"
            elif p == "pdd":
                row = [
                    iso,
                    str(r.uv),
                    str(r.pv),
                    str(r.cart_users),
                    str(r.order_buyers),
                    str(r.paid_buyers),
                    str(r.paid_orders),
                    _m(r.paid_amount),
                    _pct(r.paid_buyers, r.uv, dash=False),
                    _m(aov),
                ]
                name = f"拼多多_交易数据_{ymd}.xlsx"
            elif p == "kuaishou":
                row = [
                    iso,
                    str(r.uv),
                    str(r.pv),
                    str(r.cart_users),
                    str(r.order_buyers),
                    str(r.paid_buyers),
                    str(r.paid_orders),
                    _m(r.paid_amount),
                    _pct(r.paid_buyers, r.uv, dash=False),
                ]
                name = f"快手_店铺概况_{ymd}.xlsx"
            else:
                row = [
                    iso,
                    str(r.uv),
                    str(r.pv),
                    str(r.cart_users),
                    str(r.order_buyers),
                    str(r.paid_buyers),
                    str(r.paid_orders),
                    _m(r.paid_amount),
                    _pct(r.paid_buyers, r.uv, dash=False),
                ]
                name = f"有赞_店铺概况_{ymd}.xlsx"
            sink.write(
                tpl,
                name,
                _sheet([tpl.headers, row], created),
                file_type="xlsx",
                encoding="utf-8",
                rows=1,
                period=(d, d),
            )


def _roi(gmv: float, spend: float) -> str:
    return "-" if spend <= 0 else f"{gmv / spend:.2f}"


def export_ads(world: World, sink: Sink, ads: pd.DataFrame) -> None:
    prod = world.catalog.products.set_index("sku_index")
    for p in ("tmall", "jd", "pdd", "douyin", "kuaishou"):
        tpl = template(p, "ads")
        a = ads[ads["platform"] == p]
        for i, d, g in _by_day(a, world):
            created = _morning(d, 30 + i)
            ymd, iso = f"{d:%Y%m%d}", f"{d:%Y-%m-%d}"
            tot = g[["spend", "impressions", "clicks", "attributed_gmv", "attributed_orders"]].sum()
            if p == "tmall":
                out = []
                for r in g.itertuples(index=False):
                    ctr = r.clicks / r.impressions if r.impressions else 0.0
                    cpc = r.spend / r.clicks if r.clicks else 0.0
                    cpm = r.spend / r.impressions * 1000 if r.impressions else 0.0
                    direct = round(r.attributed_gmv * 0.6, 2)
                    out.append(
                        [
                            iso,
                            "24",
                            "货品全站推",
                            "",
                            "",
                            r.campaign_id,
                            r.campaign_name,
                            f"{int(r.campaign_id) * 10 + 1}",
                            f"{r.campaign_name}-单元1",
                            str(r.product_id),
                            "商品",
                            prod.loc[r.sku_index, "sku_name"],
                            str(r.impressions),
                            str(r.clicks),
                            _m(r.spend),
                            f"{ctr:.5f}",
                            _m(cpc),
                            _m(cpm),
                            "0",
                            "0",
                            "0",
                            "0",
                            "0",
                            "0",
                            _m(direct),
                            _m(r.attributed_gmv - direct),
                            _m(r.attributed_gmv),
                            str(r.attributed_orders),
                            str(int(r.attributed_orders * 0.6)),
                            str(r.attributed_orders - int(r.attributed_orders * 0.6)),
                            f"{(r.attributed_orders / r.clicks if r.clicks else 0):.4f}",
                            _roi(r.attributed_gmv, r.spend),
                            _roi(r.attributed_gmv, r.spend),
                            _m(r.spend / r.attributed_orders) if r.attributed_orders else "0.00",
                            str(int(r.clicks * 0.12)),
                            str(int(r.clicks * 0.08)),
                            str(int(r.clicks * 0.04)),
                            f"{0.12 if r.clicks else 0:.4f}",
                        ]
                    )
                total = ["合计", *[""] * 11, str(int(tot.impressions)), str(int(tot.clicks)), _m(tot.spend)]
                total += [""] * 11 + [_m(tot.attributed_gmv), str(int(tot.attributed_orders))]
                total += [""] * (len(tpl.headers) - len(total))
                text = [",".join(tpl.headers)]
                for r in [*out, total]:
                    text.append(",".join(quote_minimal(np.array(r, dtype=object)).tolist()))
                stamp = _morning(d, 40)
                data = ("\ufeff" + "\r\n".join(text) + "\r\n").encode("utf-8")
                name = f"商品报表_{stamp:%Y%m%d}_{stamp:%H%M%S}.csv"
                sink.write(tpl, name, data, file_type="csv", encoding="utf-8-sig", rows=len(g), period=(d, d))
            elif p == "jd":
                rng_text = f"{ymd}~{ymd}"
                rows = [["京准通-自定义报表"], [f"时间范围：{rng_text}"], tpl.headers]
                for r in g.itertuples(index=False):
                    rows.append(
                        [
                            str(r.product_id),
                            prod.loc[r.sku_index, "sku_name"],
                            _m(r.spend),
                            str(r.impressions),
                            str(r.clicks),
                            rng_text,
                            r.campaign_id,
                            r.campaign_name,
                            _m(r.attributed_gmv),
                            str(r.attributed_orders),
                            str(int(r.clicks * 0.1)),
                        ]
                    )
                rows.append(
                    [
                        "合计",
                        "",
                        _m(tot.spend),
                        str(int(tot.impressions)),
                        str(int(tot.clicks)),
                        rng_text,
                        "",
                        "",
                        _m(tot.attributed_gmv),
                        str(int(tot.attributed_orders)),
                        "",
                    ]
                )
                name = f"京准通_自定义报表_{ymd}_{ymd}.xlsx"
                sink.write(
                    tpl,
                    name,
                    _sheet(rows, created),
                    file_type="xlsx",
                    encoding="utf-8",
                    rows=len(g),
                    period=(d, d),
                )
            elif p == "pdd":
                rows = [["名称：推广"], tpl.headers]
                for r in g.itertuples(index=False):
                    rows.append(
                        [
                            iso,
                            str(r.product_id),
                            prod.loc[r.sku_index, "sku_name"],
                            "稳定成本推广",
                            r.campaign_name,
                            f"目标投产比({r.target_roi * 1.6:.2f})",
                            "默认分组",
                            "否",
                            _m(r.spend * 0.92),
                            _m(r.attributed_gmv),
                            _roi(r.attributed_gmv, r.spend),
                            _m(r.spend),
                            str(r.impressions),
                            str(r.clicks),
                        ]
                    )
                rows.append(
                    [
                        "总计",
                        "-",
                        "-",
                        "-",
                        "-",
                        "-",
                        "-",
                        "-",
                        _m(tot.spend * 0.92),
                        _m(tot.attributed_gmv),
                        _roi(tot.attributed_gmv, tot.spend),
                        _m(tot.spend),
                        str(int(tot.impressions)),
                        str(int(tot.clicks)),
                    ]
                )
                name = f"多多推广_{ymd}_{ymd}.xlsx"
                sink.write(
                    tpl,
                    name,
                    _sheet(rows, created),
                    file_type="xlsx",
                    encoding="utf-8",
                    rows=len(g),
                    period=(d, d),
                )
            elif p == "douyin":
                rows = [tpl.headers]
                for r in g.itertuples(index=False):
                    ctr = f"{100 * r.clicks / r.impressions:.2f}%" if r.impressions else "0.00%"
                    rows.append(
                        [
                            iso,
                            r.campaign_id,
                            r.campaign_name,
                            str(r.product_id),
                            str(r.impressions),
                            str(r.clicks),
                            ctr,
                            _m(r.spend),
                            str(r.attributed_orders),
                            _m(r.attributed_gmv),
                            _roi(r.attributed_gmv, r.spend),
                        ]
                    )
                name = f"千川_全域推广_{ymd}.xlsx"
                sink.write(
                    tpl,
                    name,
                    _sheet(rows, created),
                    file_type="xlsx",
                    encoding="utf-8",
                    rows=len(g),
                    period=(d, d),
                )
            else:
                rows = [tpl.headers]
                for r in g.itertuples(index=False):
                    ctr = f"{100 * r.clicks / r.impressions:.2f}%" if r.impressions else "0.00%"
                    rows.append(
                        [
                            iso,
                            r.campaign_id,
                            r.campaign_name,
                            _m(r.spend),
                            str(r.impressions),
                            str(r.clicks),
                            ctr,
                            str(r.attributed_orders),
                            _m(r.attributed_gmv),
                            _roi(r.attributed_gmv, r.spend),
                        ]
                    )
                name = f"磁力金牛_计划报表_{ymd}.xlsx"
                sink.write(
                    tpl,
                    name,
                    _sheet(rows, created),
                    file_type="xlsx",
                    encoding="utf-8",
                    rows=len(g),
                    period=(d, d),
                )
