"""拼多多: 订单查询 CSV (UTF-8, every cell ends with a TAB), 交易数据 xlsx, 多多推广 xlsx."""

from __future__ import annotations

import numpy as np

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
from simulator.exports.orderbase import file_days, order_snapshot, seen_time
from simulator.world import World

STATUS = {
    "pending_payment": "待支付",
    "paid": "待发货",
    "shipped": "已发货，待收货",
    "completed": "已收货",
    "closed": "已取消",
}
AFTERSALE = {
    "none": "无售后或售后取消",
    "rejected": "无售后或售后取消",
    "pending": "退款中",
    "refunded": "退款成功",
}


def export_orders(world: World, sink: Sink, days: range | None = None) -> None:
    rng = np.random.default_rng([world.seed, 301])
    tpl = template("pdd", "orders")
    rows, span = order_snapshot(world, "pdd", days)
    n = len(rows)
    as_of = rows["as_of"].to_numpy()
    canon = rows["status"].to_numpy()
    shipped = seen_time(rows["shipped_at"].to_numpy(), as_of)
    status = np.array(
        [
            ("已发货，退款成功" if s >= 0 else "未发货，退款成功") if c == "cancelled" else STATUS[c]
            for c, s in zip(canon, shipped, strict=True)
        ],
        dtype=object,
    )
    prod = world.catalog.products
    sku = rows["sku_index"].to_numpy()
    paid = rows["paid_amount"].to_numpy()
    created = ts(rows["created_at"].to_numpy())
    created[span.uniform(rng, n) < 0.05] = ""  # the real export leaves 订单成交时间 blank on some rows
    values = {
        "created_at": created,
        "product_name": prod["sku_name"].to_numpy()[sku],
        "order_id": rows["order_id"].to_numpy(),
        "order_status": status,
        "goods_amount": money(rows["list_amount"].to_numpy()),
        "postage": const("0.00", n),
        "shop_discount": money(rows["discount_amount"].to_numpy()),
        "platform_discount": const("0.00", n),
        "payment_discount": const("0.00", n),
        "paid_amount": money(paid),
        "merchant_received": money(paid),
        "quantity": integer(rows["quantity"].to_numpy()),
        "shipped_at": ts(shipped),
        "confirmed_at": ts(seen_time(rows["completed_at"].to_numpy(), as_of)),
        "product_id": rows["product_id"].to_numpy(),
        "sku_spec": prod["spec"].to_numpy()[sku],
        "style_id": rows["product_id"].to_numpy() + "01",
        "sku_code": rows["sku_code"].to_numpy(),
        "spu_code": prod["spu_code"].to_numpy()[sku],
        "aftersale_status": np.array([AFTERSALE[s] for s in rows["refund_state"].to_numpy()], dtype=object),
        "tracking_no": np.where(shipped >= 0, rows["tracking_no"].to_numpy(), ""),
        "logistics_company": np.where(shipped >= 0, "中通快递", ""),
        "paid_at": ts(seen_time(rows["paid_at"].to_numpy(), as_of)),
        "grouped_at": ts(seen_time(rows["paid_at"].to_numpy(), as_of)),
        "province": rows["province"].to_numpy(),
        "city": rows["city"].to_numpy(),
        "district": rows["district"].to_numpy(),
        "buyer_id": rows["buyer_id"].to_numpy(),
    }
    # Every cell ends with a TAB (the platform's guard against Excel reformatting).
    cols = [quote_minimal(c + "\t") for c in assemble(tpl, values, n)]
    lines = join_rows(cols)
    header = ",".join(tpl.headers)
    for day, pos in rows_for_days(rows["day"].to_numpy(), file_days(world, days)).items():
        stamp = dt_of(world.export_time["pdd"][day]).strftime("%Y%m%d%H%M%S")
        data = text_bytes(header, lines[pos], encoding="utf-8")
        sink.write(tpl, f"订单查询_{stamp}.csv", data, file_type="csv", encoding="utf-8", rows=len(pos))
