"""抖店: 订单导出 (zip of one UTF-8 CSV with a GBK member name; a plain CSV on some days), 售后单导出
CSV, 罗盘 商品 xlsx, 千川 全域推广 xlsx. Cells start with a TAB; empty text is '-'."""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.exports.common import (
    Sink,
    assemble,
    const,
    dt_of,
    integer,
    join_rows,
    money,
    quote_minimal,
    rows_for_days,
    template,
    text_bytes,
    ts,
)
from simulator.exports.orderbase import file_days, map_status, order_snapshot, seen_time
from simulator.ids import scatter_str
from simulator.orders import DAY, NONE
from simulator.world import World
from simulator.writers.zipped import zip_bytes

STATUS = {
    "pending_payment": "待支付",
    "paid": "待发货",
    "shipped": "已发货",
    "completed": "已完成",
    "closed": "已关闭",
    "cancelled": "已关闭",
}
AFTERSALE = {"none": "-", "pending": "售后待处理", "refunded": "退款成功", "rejected": "售后关闭"}
AFTERSALE_SHEET = {"pending": "售后处理中", "refunded": "同意退款，退款成功", "rejected": "售后关闭"}


def _cells(cols: list[np.ndarray]) -> list[np.ndarray]:
    """Empty cells become '-', every cell gets a leading TAB, and cells with commas are quoted."""
    out = []
    for c in cols:
        c = np.where(c == "", "-", c).astype(object)
        out.append(quote_minimal("\t" + c))
    return out


def export_orders(world: World, sink: Sink, days: range | None = None) -> None:
    rng = np.random.default_rng([world.seed, 401])
    tpl = template("douyin", "orders")
    rows, span = order_snapshot(world, "douyin", days)
    n = len(rows)
    as_of = rows["as_of"].to_numpy()
    prod = world.catalog.products
    sku = rows["sku_index"].to_numpy()
    status = map_status(rows["status"].to_numpy(), STATUS)
    status[(rows["status"].to_numpy() == "paid") & (span.uniform(rng, n) < 0.10)] = "已支付"
    shipped = seen_time(rows["shipped_at"].to_numpy(), as_of)
    payable = rows["paid_if_paid"].to_numpy()
    disc = rows["discount_amount"].to_numpy()
    created = rows["created_at"].to_numpy()
    values = {
        "order_id": rows["order_id"].to_numpy(),
        "line_id": rows["line_id"].to_numpy(),
        "product_name": prod["sku_name"].to_numpy()[sku],
        "sku_spec": prod["spec"].to_numpy()[sku],
        "quantity": integer(rows["quantity"].to_numpy()),
        "product_id": rows["product_id"].to_numpy(),
        "sku_code": rows["sku_code"].to_numpy(),
        "unit_price": money(rows["unit_price"].to_numpy()),
        "paid_amount": money(payable, thousands=True),
        "freight": const("0.00", n),
        "discount_total": money(disc),
        "platform_discount": const("0.00", n),
        "merchant_discount": money(disc),
        "influencer_discount": const("0.00", n),
        "price_adjustment": const("0.00", n),
        "payment_discount": const("0.00", n),
        "red_packet": const("0.00", n),
        "payment_method": np.where(rows["order_index"].to_numpy() % 3 == 0, "支付宝", "抖音支付"),
        "handling_fee": const("0.00", n),
        "receiver_name": rows["receiver_name"].to_numpy(),
        "receiver_phone": np.array(
            [p[:3] + "****" + p[7:] for p in rows["receiver_phone"].to_numpy()], dtype=object
        ),
        "province": rows["province"].to_numpy(),
        "city": rows["city"].to_numpy(),
        "district": rows["district"].to_numpy(),
        "street": rows["street"].to_numpy(),
        "address_detail": rows["street"].to_numpy(),
        "address_modified": const("否", n),
        "created_at": ts(created),
        "completed_at": ts(seen_time(rows["completed_at"].to_numpy(), as_of)),
        "paid_at": ts(seen_time(rows["paid_at"].to_numpy(), as_of)),
        "app_channel": const("抖音", n),
        "traffic_source": np.where(rows["order_index"].to_numpy() % 5 == 0, "精选联盟", "自营"),
        "order_status": status,
        "promised_ship_at": ts(created + 2 * DAY),
        "order_type": const("普通订单", n),
        "aftersale_status": np.array([AFTERSALE[s] for s in rows["refund_state"].to_numpy()], dtype=object),
        "cancel_reason": np.where(rows["status"].to_numpy() == "closed", "超时未支付", ""),
        "warehouse_name": rows["warehouse"].to_numpy(),
        "is_anxingou": const("否", n),
        "traffic_type": const("自然流量", n),
        "traffic_format": np.where(rows["order_index"].to_numpy() % 2 == 0, "直播", "其他"),
        "shipper": const("商家", n),
        "shipped_at": ts(shipped),
        "price_cut_discount": const("0.00", n),
        "platform_subsidy": const("0.00", n),
        "merchant_subsidy": money(disc),
        "influencer_subsidy": const("0.00", n),
        "buyer_id": rows["buyer_id"].to_numpy(),
    }
    lines = join_rows(_cells(assemble(tpl, values, n)))
    header = ",".join(tpl.headers)
    for day, pos in rows_for_days(rows["day"].to_numpy(), file_days(world, days)).items():
        t = int(world.export_time["douyin"][day])
        csv = text_bytes(header, lines[pos], encoding="utf-8")
        # Most days the download is a zip; roughly one day in six it is the bare CSV.
        if (day * 7 + world.seed) % 6 == 0:
            sink.write(tpl, f"{t}_订单导出.csv", csv, file_type="csv", encoding="utf-8", rows=len(pos))
        else:
            stamp = dt_of(t)
            data = zip_bytes(f"{t}_订单导出.csv", csv, stamp.timetuple()[:6])
            sink.write(tpl, f"{t}_订单导出.zip", data, file_type="zip", encoding="utf-8", rows=len(pos))


def aftersale_cases(world: World) -> pd.DataFrame:
    """One row per refund application of a douyin line (cancellations before shipping included)."""
    li = world.book.lines
    o = world.book.orders
    d = li[(li["platform"] == "douyin") & (li["refund_applied_at"].to_numpy() != NONE)].copy()
    d["aftersale_id"] = scatter_str(d.index.to_numpy(), 18, 401, "7")
    od = o.set_index("order_index").loc[d["order_index"].to_numpy()]
    d["shipped_at_order"] = od["shipped_at"].to_numpy()
    d["requested"] = np.where(d["refund_if_done"].to_numpy() > 0, d["refund_if_done"], d["paid_if_paid"])
    return d


def export_aftersales(world: World, sink: Sink) -> None:
    tpl = template("douyin", "aftersales")
    cases = aftersale_cases(world)
    ev = pd.concat(
        [
            pd.DataFrame({"case": np.arange(len(cases)), "t": cases["refund_applied_at"].to_numpy()}),
            pd.DataFrame({"case": np.arange(len(cases)), "t": cases["refund_resolved_at"].to_numpy()}),
        ]
    )
    ev = ev[ev["t"] != NONE]
    ev["day"] = (ev["t"].to_numpy() - world.day0) // DAY
    ev = ev[(ev["day"] >= 0) & (ev["day"] < world.days)].drop_duplicates(["case", "day"])
    ev = ev.sort_values(["day", "case"], kind="stable").reset_index(drop=True)
    rows = cases.iloc[ev["case"].to_numpy()].reset_index(drop=True)
    n = len(rows)
    day = ev["day"].to_numpy()
    export = world.export_time["douyin"][day] + 120
    as_of = np.minimum(export, world.period_end)
    applied = rows["refund_applied_at"].to_numpy()
    resolved = seen_time(rows["refund_resolved_at"].to_numpy(), as_of)
    rejected = rows["refund_rejected"].to_numpy()
    state = np.where(resolved < 0, "pending", np.where(rejected, "rejected", "refunded"))
    shipped_before = (rows["shipped_at_order"].to_numpy() != NONE) & (
        rows["shipped_at_order"].to_numpy() < applied
    )
    prod = world.catalog.products
    values = {
        "aftersale_id": rows["aftersale_id"].to_numpy(),
        "order_id": rows["order_id"].to_numpy(),
        "line_id": rows["line_id"].to_numpy(),
        "product_name": prod["sku_name"].to_numpy()[rows["sku_index"].to_numpy()],
        "product_id": rows["product_id"].to_numpy(),
        "paid_amount": money(rows["paid_if_paid"].to_numpy()),
        "freight": const("0.00", n),
        "payment_discount": const("0.00", n),
        "tax": const("0.00", n),
        "ship_status": np.where(shipped_before, "已发货", "未发货"),
        "aftersale_type": np.where(
            rows["is_cancel"].to_numpy(), "仅退款", np.where(shipped_before, "退货退款", "仅退款")
        ),
        "refund_goods_amount": money(rows["requested"].to_numpy()),
        "refund_freight_amount": const("0.00", n),
        "refund_payment_discount": const("0.00", n),
        "refund_tax_amount": const("0.00", n),
        "aftersale_status": np.array([AFTERSALE_SHEET[s] for s in state], dtype=object),
        "applied_at": ts(applied),
        "refund_method": const("原路退回", n),
        "reason": np.where(rows["is_cancel"].to_numpy(), "不想要了", "商品与描述不符"),
        "refunded_at": ts(np.where(state == "refunded", resolved, NONE)),
        "credited_at": ts(np.where(state == "refunded", resolved, NONE)),
        "closed_at": ts(np.where(state == "rejected", resolved, NONE)),
        "sku_code": rows["sku_code"].to_numpy(),
        "store_name": const("澜沐官方旗舰店", n),
    }
    lines = join_rows(_cells(assemble(tpl, values, n)))
    header = ",".join(tpl.headers)
    for d, pos in rows_for_days(day, world.days).items():
        t = int(world.export_time["douyin"][d]) + 120
        data = text_bytes(header, lines[pos], encoding="utf-8")
        sink.write(tpl, f"{t}_售后单导出.csv", data, file_type="csv", encoding="utf-8", rows=len(pos))
