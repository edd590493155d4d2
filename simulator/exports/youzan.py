"""有赞: 订单导出 商品维度 CSV (UTF-8 with BOM) and 店铺概况 xlsx."""

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
from simulator.exports.orderbase import file_days, map_status, order_snapshot, seen_time
from simulator.profiles import COMPLETE, Profile
from simulator.world import World

STATUS = {
    "pending_payment": "待付款",
    "paid": "待发货",
    "shipped": "已发货",
    "completed": "交易成功",
    "closed": "交易关闭",
    "cancelled": "交易关闭",
}
REFUND = {"none": "无退款", "rejected": "无退款", "pending": "退款中", "refunded": "退款成功"}

# The 商品维度 export's header exactly as Youzan writes it (36 columns, platform_exports.md §1.6), typed
# here rather than read from the template: the template appends 买家付款时间 and 买家手机号, which real
# use adds but the verbatim export lacks, and this layout must stay the verbatim one.
VERBATIM_HEADERS = (
    "订单号",
    "外部订单号",
    "订单商品状态",
    "交易成功时间",
    "商品名称",
    "商品类型",
    "商品目录",
    "商品规格",
    "规格编码",
    "商品编码",
    "商品单价",
    "商品优惠方式",
    "商品优惠后价格",
    "商品数量",
    "商品金额小计",
    "店铺优惠（分摊）",
    "商品实际成交金额",
    "商品抵用积分数",
    "商品留言",
    "收货人/提货人",
    "收货人手机号/提货人手机号",
    "收货人省份",
    "收货人城市",
    "收货人地区",
    "详细收货地址/提货地址",
    "买家备注",
    "商品发货状态",
    "商品发货方式",
    "商品发货物流公司",
    "商品发货物流单号",
    "发货员工",
    "商品发货时间",
    "商品退款状态",
    "商品已退款金额",
    "商家订单备注",
    "周期购信息",
)


def export_orders(world: World, sink: Sink, days: range | None = None, profile: Profile = COMPLETE) -> None:
    """商品维度 files of `days` (default: every day), in the profile's layout."""
    rng = np.random.default_rng([world.seed, 601])
    tpl = template("youzan", "orders")
    rows, span = order_snapshot(world, "youzan", days)
    n = len(rows)
    as_of = rows["as_of"].to_numpy()
    prod = world.catalog.products
    sku = rows["sku_index"].to_numpy()
    shipped = seen_time(rows["shipped_at"].to_numpy(), as_of)
    rstate = rows["refund_state"].to_numpy()
    refund_status = np.array([REFUND[s] for s in rstate], dtype=object)
    refund_status[(rstate == "none") & (span.uniform(rng, n) < 0.5)] = ""
    qty = rows["quantity"].to_numpy()
    values = {
        "order_id": rows["order_id"].to_numpy(),
        "order_status": map_status(rows["status"].to_numpy(), STATUS),
        "completed_at": ts(seen_time(rows["completed_at"].to_numpy(), as_of)),
        "product_name": prod["spu_name"].to_numpy()[sku],
        "product_type": const("实物商品", n),
        "product_category": prod["category"].to_numpy()[sku],
        "sku_spec": prod["spec"].to_numpy()[sku],
        "sku_code": rows["sku_code"].to_numpy(),
        "product_id": rows["product_id"].to_numpy(),
        "unit_price": money(rows["unit_price"].to_numpy()),
        "discount_method": np.where(rows["discount_amount"].to_numpy() > 0, "店铺优惠券", ""),
        "discounted_price": money(rows["paid_if_paid"].to_numpy() / np.maximum(qty, 1)),
        "quantity": integer(qty),
        "goods_amount": money(rows["list_amount"].to_numpy()),
        "shop_discount": money(rows["discount_amount"].to_numpy()),
        "paid_amount": money(rows["paid_amount"].to_numpy()),
        "points_used": const("0", n),
        "receiver_name": rows["receiver_name"].to_numpy(),
        "receiver_phone": rows["receiver_phone"].to_numpy(),
        "province": rows["province"].to_numpy(),
        "city": rows["city"].to_numpy(),
        "district": rows["district"].to_numpy(),
        "receiver_address": rows["street"].to_numpy(),
        "ship_status": np.where(shipped >= 0, "已发货", "未发货"),
        "ship_method": const("快递发货", n),
        "logistics_company": np.where(shipped >= 0, "圆通速递", ""),
        "tracking_no": np.where(shipped >= 0, rows["tracking_no"].to_numpy(), ""),
        "shipped_at": ts(shipped),
        "refund_status": refund_status,
        "refund_amount": money(rows["refund_amount"].to_numpy()),
        "paid_at": ts(seen_time(rows["paid_at"].to_numpy(), as_of)),
        "buyer_phone": rows["buyer_id"].to_numpy(),
    }
    cols = [quote_minimal(c) for c in assemble(tpl, values, n)]
    headers = tpl.headers
    if profile.youzan_orders == "verbatim_36":
        headers, cols = _verbatim(tpl.headers, cols)
    lines = join_rows(cols)
    header = ",".join(headers)
    for day, pos in rows_for_days(rows["day"].to_numpy(), file_days(world, days)).items():
        stamp = dt_of(world.export_time["youzan"][day]).strftime("%Y%m%d%H%M%S")
        data = text_bytes(header, lines[pos], encoding="utf-8", bom=True)
        sink.write(tpl, f"有赞订单_{stamp}.csv", data, file_type="csv", encoding="utf-8-sig", rows=len(pos))


def _verbatim(headers: list[str], cols: list[np.ndarray]) -> tuple[tuple[str, ...], list[np.ndarray]]:
    """The verbatim layout: each of its headers takes the column of the template header equal to it."""
    by_header = dict(zip(headers, cols, strict=True))
    missing = [h for h in VERBATIM_HEADERS if h not in by_header]
    if missing:
        raise KeyError(f"youzan orders template has no columns headed {missing}")
    return VERBATIM_HEADERS, [by_header[h] for h in VERBATIM_HEADERS]
