"""聚水潭 ERP (商品库存 per warehouse and day, 商品资料 monthly), the brand CRM 会员列表 and the
customer-service tool's 接待明细 and 商品评价 exports."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from simulator.exports.common import Sink, template, ts
from simulator.inventory import WAREHOUSE_SHARE, WAREHOUSES
from simulator.service import PLATFORM_ZH
from simulator.world import World
from simulator.writers.text import quote_minimal
from simulator.writers.xlsx import literal_row, xlsx_bytes

BRAND = "澜沐"


def _jst(text: str) -> str:
    """聚水潭 leaves the OOXML escape for '+' in its strings: readers see the text _x002B_. In the XML
    that literal text is itself escaped as _x005F_x002B_."""
    return text.replace("+", "_x005F_x002B_")


def _raw_row(values: list[str]) -> str:
    cells = []
    for v in values:
        if v == "":
            cells.append("<c/>")
        else:
            t = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            cells.append(f'<c t="inlineStr"><is><t xml:space="preserve">{t}</t></is></c>')
    return "<row>" + "".join(cells) + "</row>"


def warehouse_split(inv: pd.DataFrame) -> pd.DataFrame:
    """Per-warehouse rows from the SKU totals, with in_export false for ~1 in 200 rows."""
    frames = []
    for w, (name, _share) in enumerate(zip(WAREHOUSES, WAREHOUSE_SHARE, strict=True)):
        part = inv.copy()
        part["warehouse"] = name
        for col in ("on_hand", "order_locked", "lock_qty", "in_transit"):
            total = inv[col].to_numpy()
            gz = np.floor(total * WAREHOUSE_SHARE[1]).astype(np.int64)
            part[col] = gz if w == 1 else total - gz
        part["available"] = part["on_hand"] - part["order_locked"] - part["lock_qty"]
        key = (part["day"].to_numpy() * 7919 + part["sku_index"].to_numpy() * 104729 + w * 31) % 200
        part["in_export"] = key != 17
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def export_inventory(world: World, sink: Sink, inv_wh: pd.DataFrame) -> None:
    tpl = template("erp", "inventory")
    prod = world.catalog.products.set_index("sku_index")
    header = literal_row(tpl.headers)
    for (day, wh), g in inv_wh[inv_wh["in_export"]].groupby(["day", "warehouse"], sort=True):
        d = world.dates[day]
        rows = [header]
        for r in g.itertuples(index=False):
            info = prod.loc[r.sku_index]
            transfer = 0
            rows.append(
                _raw_row(
                    [
                        _jst(info["spu_code"]),
                        "",
                        _jst(info["spec"]),
                        BRAND,
                        _jst(info["sku_code"]),
                        _jst(info["sku_name"]),
                        str(r.on_hand),
                        "",
                        str(r.order_locked),
                        str(r.order_locked),
                        "20",
                        "200",
                        "7",
                        "30",
                        str(r.in_transit),
                        "0",
                        "0",
                        "0",
                        "0",
                        str(transfer),
                        str(r.lock_qty),
                        str(r.available),
                        str(r.available),
                        str(r.available),
                    ]
                )
            )
        created = dt.datetime.combine(d + dt.timedelta(days=1), dt.time(7, 30))
        name = f"商品库存_{wh}_{d:%Y%m%d}.xlsx"
        sink.write(
            tpl,
            name,
            xlsx_bytes(rows, created),
            file_type="xlsx",
            encoding="utf-8",
            rows=len(g),
            period=(d, d),
        )


def export_products(world: World, sink: Sink) -> None:
    tpl = template("erp", "products")
    prod = world.catalog.products
    for i, d in enumerate(world.dates):
        if i != 0 and d.day != 1:
            continue
        rows = [literal_row(tpl.headers)]
        for r in prod.itertuples(index=False):
            if r.launch_date > d + dt.timedelta(days=45):
                continue  # created in the ERP about six weeks before launch
            rows.append(
                _raw_row(
                    [
                        "",
                        _jst(r.spu_code),
                        _jst(r.sku_code),
                        "",
                        _jst(r.spec),
                        f"{r.list_price:.2f}",
                        f"{r.unit_cost:.2f}",
                        f"{r.launch_date:%Y-%m-%d} 00:00:00",
                        r.category,
                        str(r.launch_date.year),
                        "四季",
                        _jst(r.sku_name),
                        r.supplier,
                        BRAND,
                        str(r.lead_time_days),
                        r.status,
                    ]
                )
            )
        created = dt.datetime.combine(d, dt.time(7, 0))
        sink.write(
            tpl,
            f"商品资料_{d:%Y%m%d}.xlsx",
            xlsx_bytes(rows, created),
            file_type="xlsx",
            encoding="utf-8",
            rows=len(rows) - 1,
            period=(d, d),
        )


def member_bindings(world: World, final: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(members, bindings). A member's account is bound when the member joins (primary platform) or,
    at the latest, when that account places its first order."""
    persons = world.people.persons
    acc = world.people.accounts
    mem = persons[persons["is_member"]].copy()
    rng = np.random.default_rng([world.seed, 951])
    first = final.groupby("person_index")["created_at"].min()
    planned = world.day0 + mem["arrival_day"].to_numpy() * 86400 + rng.integers(8 * 3600, 22 * 3600, len(mem))
    first_order = first.reindex(mem["person_index"]).to_numpy()
    first_order = np.where(np.isnan(first_order), np.inf, first_order)
    joined = np.minimum(planned, first_order - rng.integers(60, 600, len(mem))).astype(np.int64)
    mem["joined_at"] = joined
    macc = acc[acc["person_index"].isin(mem["person_index"])].copy()
    first_acc = final.groupby(["person_index", "platform"])["created_at"].min()
    fo = first_acc.reindex(pd.MultiIndex.from_arrays([macc["person_index"], macc["platform"]])).to_numpy()
    jmap = dict(zip(mem["person_index"], joined, strict=True))
    join_t = np.array([jmap[p] for p in macc["person_index"]], dtype=np.int64)
    bound = np.where(macc["is_primary"].to_numpy(), join_t, np.where(np.isnan(fo), -1, fo - 30))
    macc["bound_at"] = np.maximum(bound, np.where(bound < 0, -1, join_t)).astype(np.int64)
    macc = macc[macc["bound_at"] >= 0]
    return mem, macc


def export_members(world: World, sink: Sink, mem: pd.DataFrame, bindings: pd.DataFrame) -> None:
    tpl = template("crm", "members")
    cols = {
        "tmall": "淘宝昵称",
        "jd": "京东账号",
        "pdd": "拼多多ID",
        "douyin": "抖音ID",
        "kuaishou": "快手ID",
        "youzan": "有赞手机号",
    }
    by_person = {p: g for p, g in bindings.groupby("person_index")}
    mem = mem.set_index("person_index")
    # Which members each day's file lists: joins and new bindings of that day; day 0 lists everyone
    # who joined before the window too (the initial full export).
    ev = pd.concat(
        [
            pd.DataFrame({"person_index": mem.index.to_numpy(), "t": mem["joined_at"].to_numpy()}),
            pd.DataFrame(
                {"person_index": bindings["person_index"].to_numpy(), "t": bindings["bound_at"].to_numpy()}
            ),
        ]
    )
    ev["day"] = np.maximum((ev["t"].to_numpy() - world.day0) // 86400, 0)
    ev = ev[ev["day"] < world.days].drop_duplicates(["person_index", "day"])
    for i, d in enumerate(world.dates):
        as_of = world.day0 + (i + 1) * 86400 - 1
        who = np.sort(ev.loc[ev["day"] == i, "person_index"].unique())
        lines = [",".join(tpl.headers)]
        for p in who:
            m = mem.loc[p]
            if m["joined_at"] > as_of:
                continue
            b = by_person.get(p)
            ids = {}
            if b is not None:
                for r in b.itertuples(index=False):
                    if r.bound_at <= as_of:
                        ids[r.platform] = r.buyer_id
            birthday = (
                dt.date(int(m["birth_year"]), 1, 1) + dt.timedelta(days=int(m["birth_doy"]))
            ).isoformat()
            row = [
                m["member_id"],
                m["phone"],
                m["name"],
                m["gender"],
                birthday,
                ts(np.array([m["joined_at"]]))[0],
                m["tier"],
                "有赞微商城"
                if m["primary_platform"] == "youzan"
                else {
                    "tmall": "天猫旗舰店",
                    "jd": "京东旗舰店",
                    "pdd": "拼多多旗舰店",
                    "douyin": "抖音小店",
                    "kuaishou": "快手小店",
                }[m["primary_platform"]],
                m["province"],
                m["city"],
                *[ids.get(k, "") for k in cols],
                str(int(m["weight"] * 100)),
            ]
            lines.append(",".join(quote_minimal(np.array(row, dtype=object)).tolist()))
        data = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
        sink.write(
            tpl,
            f"会员列表_{d:%Y%m%d}.csv",
            data,
            file_type="csv",
            encoding="utf-8-sig",
            rows=len(lines) - 1,
            period=(d, d),
        )


def export_sessions(world: World, sink: Sink, sessions: pd.DataFrame) -> None:
    tpl = template("cs", "sessions")
    groups = dict(tuple(sessions.groupby("day")))
    for i, d in enumerate(world.dates):
        g = groups.get(i, sessions.iloc[0:0])
        rows = [literal_row(tpl.headers)]
        st, en = ts(g["started_at"].to_numpy()), ts(g["ended_at"].to_numpy())
        for j, r in enumerate(g.itertuples(index=False)):
            rows.append(
                _raw_row(
                    [
                        r.session_id,
                        PLATFORM_ZH[r.platform],
                        f"澜沐{PLATFORM_ZH[r.platform]}店",
                        r.agent,
                        r.buyer_id,
                        r.session_type,
                        st[j],
                        "" if r.first_response_seconds < 0 else str(r.first_response_seconds),
                        "" if r.avg_response_seconds < 0 else str(r.avg_response_seconds),
                        en[j],
                        r.resolved,
                        "" if r.resolution_minutes < 0 else str(r.resolution_minutes),
                        r.satisfaction,
                        r.order_id,
                    ]
                )
            )
        created = dt.datetime.combine(d + dt.timedelta(days=1), dt.time(6, 0))
        sink.write(
            tpl,
            f"客服接待明细_{d:%Y%m%d}.xlsx",
            xlsx_bytes(rows, created),
            file_type="xlsx",
            encoding="utf-8",
            rows=len(g),
            period=(d, d),
        )


def export_reviews(world: World, sink: Sink, reviews: pd.DataFrame) -> None:
    tpl = template("cs", "reviews")
    groups = dict(tuple(reviews.groupby("day")))
    for i, d in enumerate(world.dates):
        g = groups.get(i, reviews.iloc[0:0])
        lines = [",".join(tpl.headers)]
        t = ts(g["reviewed_at"].to_numpy())
        for j, r in enumerate(g.itertuples(index=False)):
            line_id = "" if "#" in r.line_id else r.line_id
            row = [
                PLATFORM_ZH[r.platform],
                t[j],
                r.order_id,
                line_id,
                r.product_id,
                r.sku_code,
                str(r.rating),
                r.content,
                r.is_follow_up,
                r.has_images,
            ]
            lines.append(",".join(quote_minimal(np.array(row, dtype=object)).tolist()))
        data = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
        sink.write(
            tpl,
            f"商品评价_{d:%Y%m%d}.csv",
            data,
            file_type="csv",
            encoding="utf-8-sig",
            rows=len(g),
            period=(d, d),
        )
