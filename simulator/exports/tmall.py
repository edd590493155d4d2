"""天猫 (千牛): 订单报表 + 宝贝报表 CSVs (GB18030), 生意参谋 商品_全部 .xls, 万相台 商品报表 CSV."""

from __future__ import annotations

import numpy as np

from simulator.exports.common import (
    Sink,
    assemble,
    const,
    dt_of,
    excel_formula_id,
    integer,
    join_rows,
    money,
    quote_all,
    rows_for_days,
    template,
    text_bytes,
    ts,
)
from simulator.exports.orderbase import file_days, map_status, order_snapshot, seen_time
from simulator.profiles import COMPLETE, Profile
from simulator.world import World

STATUS = {
    "pending_payment": "等待买家付款",
    "paid": "买家已付款，等待卖家发货",
    "shipped": "卖家已发货，等待买家确认",
    "completed": "交易成功",
    "closed": "交易关闭",
    "cancelled": "交易关闭",
}
PAID_HALF_WIDTH = "买家已付款,等待卖家发货"
REFUND_STATUS = {
    "none": "没有申请退款",
    "pending": "买家已经申请退款，等待卖家同意",
    "refunded": "退款成功",
    "rejected": "退款关闭",
}
SHOP = "澜沐官方旗舰店"
ENCODING = "gb18030"


def _status_texts(rows, draw: np.ndarray) -> np.ndarray:
    status = map_status(rows["status"].to_numpy(), STATUS)
    half = (rows["status"].to_numpy() == "paid") & (draw < 0.02)
    status[half] = PAID_HALF_WIDTH
    return status


def export_orders(world: World, sink: Sink, days: range | None = None, profile: Profile = COMPLETE) -> None:
    """订单报表 and 宝贝报表 files of `days` (default: every day), each if the profile exports it."""
    rng = np.random.default_rng([world.seed, 101])
    rows, span = order_snapshot(world, "tmall", days)
    status = _status_texts(rows, span.uniform(rng, len(rows)))
    as_of = rows["as_of"].to_numpy()
    prod = world.catalog.products
    title = prod["sku_name"].to_numpy()[rows["sku_index"].to_numpy()]
    days = file_days(world, days)
    if profile.exports("tmall", "orders"):
        _write_order_list(world, sink, days, rows, status, as_of, title)
    if profile.exports("tmall", "order_items"):
        # The 宝贝报表's draw comes after the status draw, so leaving it out changes no other byte.
        _write_order_items(world, sink, days, rows, status, as_of, title, span.uniform(rng, len(rows)))


def _file_stamp(world: World, day: int) -> str:
    return dt_of(world.export_time["tmall"][day]).strftime("%Y%m%d%H%M")


def _write_order_list(world, sink, days, rows, status, as_of, title) -> None:
    tpl = template("tmall", "orders")
    first = rows["first_line"].to_numpy()
    o = rows[first]
    st = status[first]
    n = len(o)
    key = o["appearance"].to_numpy()
    # 宝贝标题: the order's line titles joined, as the report does.
    titles = {}
    for k, t in zip(rows["appearance"].to_numpy(), title, strict=True):
        titles.setdefault(k, []).append(t)
    item_title = np.array(["，".join(titles[k]) for k in key], dtype=object)
    a = as_of[first]
    paid = o["order_paid_now"].to_numpy()
    refund = o["order_refund_now"].to_numpy()
    payable = o["order_paid_if_paid"].to_numpy()
    canon = o["status"].to_numpy()
    completed = seen_time(o["completed_at"].to_numpy(), a)
    address = (
        o["province"].to_numpy()
        + " "
        + o["city"].to_numpy()
        + " "
        + o["district"].to_numpy()
        + " "
        + o["street"].to_numpy()
        + "("
        + o["postcode"].to_numpy()
        + ")"
    )
    close_reason = np.select([canon == "closed", canon == "cancelled"], ["买家未付款", "退款"], "")
    settled = np.where(canon == "completed", paid - refund, 0.0)
    tracking = np.where(seen_time(o["shipped_at"].to_numpy(), a) >= 0, o["tracking_no"].to_numpy(), "")
    values = {
        "order_id": excel_formula_id(o["order_id"].to_numpy()),
        "buyer_nick": quote_all(o["buyer_id"].to_numpy()),
        "buyer_alipay_account": quote_all(const("", n)),
        "payment_no": excel_formula_id(np.where(paid > 0, o["payment_no"].to_numpy(), "")),
        "payment_detail": quote_all(np.where(paid > 0, "支付宝:" + money(paid), "")),
        "goods_amount": quote_all(money(payable)),
        "postage": quote_all(const("0.00", n)),
        "buyer_points": quote_all(const("0", n)),
        "total_amount": quote_all(money(payable)),
        "rebate_points": quote_all(const("0", n)),
        "paid_amount": quote_all(money(paid)),
        "paid_points": quote_all(const("0", n)),
        "order_status": quote_all(st),
        "receiver_name": quote_all(o["receiver_name"].to_numpy()),
        "receiver_address": quote_all(address),
        "shipping_method": quote_all(const("快递", n)),
        "receiver_phone": quote_all(const("", n)),
        "receiver_mobile": quote_all("'" + o["receiver_phone"].to_numpy()),
        "created_at": quote_all(ts(o["created_at"].to_numpy())),
        "paid_at": quote_all(ts(seen_time(o["paid_at"].to_numpy(), a))),
        "item_title": quote_all(item_title),
        "item_kinds": quote_all(integer(o["order_lines"].to_numpy())),
        "tracking_no": excel_formula_id(tracking),
        "logistics_company": quote_all(np.where(tracking != "", "顺丰速运", "")),
        "item_quantity": quote_all(integer(o["order_qty"].to_numpy())),
        "shop_id": quote_all(const("62840017", n)),
        "shop_name": quote_all(const(SHOP, n)),
        "close_reason": quote_all(close_reason.astype(object)),
        "seller_service_fee": quote_all(const("0.00", n)),
        "buyer_service_fee": quote_all(const("0元", n)),
        "is_mobile_order": quote_all(const("手机订单", n)),
        "refund_amount": quote_all(money(refund)),
        "confirmed_at": quote_all(ts(completed)),
        "settled_amount": quote_all(money(settled) + "元"),
        "parent_order_id": excel_formula_id(o["order_id"].to_numpy()),
    }
    cols = assemble(tpl, values, n, default='""')
    lines = join_rows(cols)
    header = ",".join(f'"{h}"' for h in tpl.headers)
    for day, pos in rows_for_days(o["day"].to_numpy(), days).items():
        name = f"ExportOrderList{_file_stamp(world, day)}.csv"
        data = text_bytes(header, lines[pos], encoding=ENCODING)
        sink.write(tpl, name, data, file_type="csv", encoding=ENCODING, rows=len(pos))


def _write_order_items(world, sink, days, rows, status, as_of, title, draw) -> None:
    tpl = template("tmall", "order_items")
    n = len(rows)
    paid = rows["paid_amount"].to_numpy()
    refund = rows["refund_amount"].to_numpy()
    rstate = rows["refund_state"].to_numpy()
    refund_text = money(refund)
    # Lines without a refund: half the rows say 无退款申请, the rest 0.00.
    no_refund = rstate == "none"
    refund_text[no_refund & (draw < 0.5)] = "无退款申请"
    tracking = np.where(
        seen_time(rows["shipped_at"].to_numpy(), as_of) >= 0, rows["tracking_no"].to_numpy(), ""
    )
    spec = world.catalog.products["spec"].to_numpy()[rows["sku_index"].to_numpy()]
    values = {
        "line_id": excel_formula_id(rows["line_id"].to_numpy()),
        "order_id": excel_formula_id(rows["order_id"].to_numpy()),
        "title": quote_all(title),
        "unit_price": quote_all(money(rows["unit_price"].to_numpy())),
        "quantity": quote_all(integer(rows["quantity"].to_numpy())),
        "sku_properties": quote_all("规格:" + spec),
        "order_status": quote_all(status),
        "sku_code": quote_all(rows["sku_code"].to_numpy()),
        "payment_no": excel_formula_id(np.where(paid > 0, rows["payment_no"].to_numpy(), "")),
        "payable_amount": quote_all(money(rows["paid_if_paid"].to_numpy())),
        "paid_amount": quote_all(money(paid)),
        "refund_status": quote_all(np.array([REFUND_STATUS[s] for s in rstate], dtype=object)),
        "refund_amount": quote_all(refund_text),
        "created_at": quote_all(ts(rows["created_at"].to_numpy())),
        "paid_at": quote_all(ts(seen_time(rows["paid_at"].to_numpy(), as_of))),
        "product_id": quote_all(rows["product_id"].to_numpy()),
        "tracking_no": excel_formula_id(tracking),
    }
    cols = assemble(tpl, values, n, default='""')
    # Data rows end with a trailing comma: one empty field more than the header.
    lines = join_rows(cols, suffix=",")
    header = ",".join(f'"{h}"' for h in tpl.headers)
    for day, pos in rows_for_days(rows["day"].to_numpy(), days).items():
        name = f"ExportOrderDetailList{_file_stamp(world, day)}.csv"
        data = text_bytes(header, lines[pos], encoding=ENCODING)
        sink.write(tpl, name, data, file_type="csv", encoding=ENCODING, rows=len(pos))
