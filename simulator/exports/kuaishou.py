"""快手小店: 订单 xlsx, 店铺概况 xlsx, 磁力金牛 计划报表 xlsx."""

from __future__ import annotations

import numpy as np

from simulator.exports.common import (
    Sink,
    assemble,
    const,
    dt_of,
    integer,
    money,
    rows_for_days,
    template,
    ts,
    xlsx_rows,
)
from simulator.exports.orderbase import file_days, map_status, order_snapshot, seen_time
from simulator.world import World
from simulator.writers.xlsx import literal_row, xlsx_bytes

STATUS = {
    "pending_payment": "待付款",
    "paid": "待发货",
    "shipped": "已发货",
    "completed": "交易成功",
    "closed": "交易关闭",
    "cancelled": "交易关闭",
}
AFTERSALE = {"none": "无售后", "rejected": "无售后", "pending": "售后中", "refunded": "退款成功"}


def export_orders(world: World, sink: Sink, days: range | None = None) -> None:
    tpl = template("kuaishou", "orders")
    rows, _span = order_snapshot(world, "kuaishou", days)
    n = len(rows)
    as_of = rows["as_of"].to_numpy()
    prod = world.catalog.products
    sku = rows["sku_index"].to_numpy()
    shipped = seen_time(rows["shipped_at"].to_numpy(), as_of)
    paid = rows["paid_amount"].to_numpy()
    # About a fifth of orders come through CPS distributors (分销) at a 30% commission.
    cps = (rows["order_index"].to_numpy() * 2654435761 % 10) < 2
    values = {
        "order_id": rows["order_id"].to_numpy(),
        "created_at": ts(rows["created_at"].to_numpy()),
        "paid_at": ts(seen_time(rows["paid_at"].to_numpy(), as_of)),
        "order_status": map_status(rows["status"].to_numpy(), STATUS),
        "paid_amount": money(paid),
        "freight": const("0.00", n),
        "shop_discount": money(rows["discount_amount"].to_numpy()),
        "platform_subsidy": const("0.00", n),
        "anchor_subsidy": const("0.00", n),
        "mixed_discount": const("0.00", n),
        "payment_discount": const("0.00", n),
        "payment_method": const("微信支付", n),
        "quantity": integer(rows["quantity"].to_numpy()),
        "account_type": const("快手账号", n),
        "buyer_id": rows["buyer_id"].to_numpy(),
        "aftersale_status": np.array([AFTERSALE[s] for s in rows["refund_state"].to_numpy()], dtype=object),
        "order_carrier": const("直播间", n),
        "product_name": prod["sku_name"].to_numpy()[sku],
        "product_id": rows["product_id"].to_numpy(),
        "sku_spec": prod["spec"].to_numpy()[sku],
        "sku_code": rows["sku_code"].to_numpy(),
        "unit_price": money(rows["unit_price"].to_numpy()),
        "channel": np.where(cps, "分销", "自营"),
        "estimated_commission": np.where(cps, money(paid * 0.3), ""),
        "commission_rate": np.where(cps, "30%", ""),
        "receiver_name": rows["receiver_name"].to_numpy(),
        "receiver_phone": rows["receiver_phone"].to_numpy(),
        "province": rows["province"].to_numpy(),
        "city": rows["city"].to_numpy(),
        "district": rows["district"].to_numpy(),
        "receiver_address": rows["province"].to_numpy() + rows["city"].to_numpy() + rows["street"].to_numpy(),
        "shipped_at": ts(shipped),
        "logistics_company": np.where(shipped >= 0, "韵达快递", ""),
        "tracking_no": np.where(shipped >= 0, rows["tracking_no"].to_numpy(), ""),
        "warehouse_name": rows["warehouse"].to_numpy(),
    }
    cols = assemble(tpl, values, n)
    body = xlsx_rows(tpl, cols)
    header = literal_row(tpl.headers)
    for day, pos in rows_for_days(rows["day"].to_numpy(), file_days(world, days)).items():
        t = world.export_time["kuaishou"][day]
        data = xlsx_bytes([header, *body[pos].tolist()], dt_of(t))
        name = f"快手订单_{dt_of(t):%Y%m%d%H%M%S}.xlsx"
        sink.write(tpl, name, data, file_type="xlsx", encoding="utf-8", rows=len(pos))
