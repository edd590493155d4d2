"""京东: 订单列表 CSV (GB18030), 对账单明细 xlsx (settlement, the only place refunds after completion
show), 京东商智 店铺概况 xlsx, 京准通 自定义报表 xlsx."""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.exports.common import (
    Sink,
    assemble,
    const,
    day_chunks,
    dt_of,
    integer,
    join_rows,
    money,
    quote_minimal,
    rows_for_days,
    template,
    text_bytes,
    ts,
    xlsx_rows,
)
from simulator.exports.orderbase import file_days, map_status, order_snapshot, seen_time
from simulator.ids import scatter_str
from simulator.orders import DAY, NONE
from simulator.world import World
from simulator.writers.xlsx import literal_row, xlsx_bytes

STATUS = {
    "pending_payment": "等待付款",
    "paid": "等待出库",
    "shipped": "等待确认收货",
    "completed": "完成",
    "closed": "已取消",
    "cancelled": "已取消",
}
ENCODING = "gb18030"
COMMISSION = 0.05
BLOCK_ROWS = 100_000  # settlement rows turned into cells at a time


def export_orders(world: World, sink: Sink, days: range | None = None) -> None:
    rng = np.random.default_rng([world.seed, 201])
    tpl = template("jd", "orders")
    rows, span = order_snapshot(world, "jd", days)
    n = len(rows)
    as_of = rows["as_of"].to_numpy()
    status = map_status(rows["status"].to_numpy(), STATUS)
    deleted = span.uniform(rng, n) < 0.01
    status[deleted] = "(删除)" + status[deleted]
    # Order-level values are repeated on every SKU row.
    payable = rows["order_paid_if_paid"].to_numpy()
    order_list = rows["order_list"].to_numpy()
    paid_at = seen_time(rows["paid_at"].to_numpy(), as_of)
    idx = rows["order_index"].to_numpy()
    split = (idx * 2654435761 % 100) < 3  # ~3% of orders were split by the platform
    split_note = "订单拆分为  " + scatter_str(idx, 11, 211, "3") + "    " + scatter_str(idx, 11, 223, "3")
    prod = world.catalog.products
    sku = rows["sku_index"].to_numpy()
    address = (
        rows["province"].to_numpy()
        + rows["city"].to_numpy()
        + rows["district"].to_numpy()
        + rows["street"].to_numpy()
    )
    values = {
        "order_id": rows["order_id"].to_numpy(),
        "product_id": rows["product_id"].to_numpy(),
        "product_name": prod["sku_name"].to_numpy()[sku],
        "quantity": integer(rows["quantity"].to_numpy()),
        "payment_method": const("在线支付", n),
        "created_at": ts(rows["created_at"].to_numpy()),
        "unit_price": money(rows["unit_price"].to_numpy()),
        "order_amount": money(order_list),
        "settlement_amount": money(payable),
        "balance_paid": const("0.00", n),
        "paid_amount": money(payable),
        "order_status": status,
        "order_type": const("SOP", n),
        "buyer_account": rows["buyer_id"].to_numpy(),
        "customer_name": rows["receiver_name"].to_numpy(),
        "customer_address": address,
        "customer_phone": rows["receiver_phone"].to_numpy().astype(object).copy(),
        "invoice_type": const("电子发票", n),
        "invoice_title": const("个人", n),
        "invoice_content": const("明细", n),
        "seller_note": np.where(split, split_note, ""),
        "freight_amount": const("0.00", n),
        "paid_at": ts(paid_at),
        "vat_invoice": const("否", n),
        "completed_at": ts(seen_time(rows["completed_at"].to_numpy(), as_of)),
        "order_source": const("移动端", n),
        "order_channel": const("京东APP", n),
        "service_fee": const("0.00", n),
        "warehouse_id": np.where(rows["warehouse"].to_numpy() == "广州仓", "20002", "20001"),
        "warehouse_name": rows["warehouse"].to_numpy(),
        "sku_code": rows["sku_code"].to_numpy(),
        "is_brand_order": const("否", n),
        "is_toplife_order": const("否", n),
    }
    phones = values["customer_phone"]
    values["customer_phone"] = phones.astype(str).astype(object)
    values["customer_phone"] = np.array([p[:3] + "****" + p[7:] for p in phones], dtype=object)
    cols = [quote_minimal(c) for c in assemble(tpl, values, n)]
    lines = join_rows(cols)
    header = ",".join(tpl.headers)
    for day, pos in rows_for_days(rows["day"].to_numpy(), file_days(world, days)).items():
        stamp = dt_of(world.export_time["jd"][day]).strftime("%Y%m%d%H%M%S")
        data = text_bytes(header, lines[pos], encoding=ENCODING)
        sink.write(tpl, f"订单列表_{stamp}.csv", data, file_type="csv", encoding=ENCODING, rows=len(pos))


def settlement_rows(world: World, final: pd.DataFrame) -> pd.DataFrame:
    """One row per order line and fee: 货款 收入 and 佣金 支出 on the completion day, 货款 支出 on the
    day a refund after completion is paid out. `final` holds every line in its final state."""
    cols = ["order_id", "order_index", "line_no", "product_id", "sku_index", "quantity", "paid_amount"]
    cols += ["refund_amount", "refund_state", "is_cancel", "created_at", "completed_at", "refund_resolved_at"]
    jd = final.loc[final["platform"].to_numpy() == "jd", cols].reset_index(drop=True)
    done = jd["completed_at"].to_numpy() != NONE
    c = jd[done & (jd["paid_amount"].to_numpy() > 0)]
    income = c.assign(
        fee="货款", direction="收入", amount=c["paid_amount"], event_at=c["completed_at"], aftersale=""
    )
    fee = c.assign(
        fee="佣金",
        direction="支出",
        amount=-(c["paid_amount"] * COMMISSION).round(2),
        event_at=c["completed_at"],
        aftersale="",
    )
    r = jd[(jd["refund_state"] == "refunded") & ~jd["is_cancel"].to_numpy()]
    refunds = r.assign(
        fee="货款",
        direction="支出",
        amount=-r["refund_amount"],
        event_at=r["refund_resolved_at"],
        aftersale=scatter_str(r.index.to_numpy(), 10, 233, "5"),
    )
    out = pd.concat([income, fee, refunds], ignore_index=True)
    out["day"] = (out["event_at"].to_numpy() - world.day0) // DAY
    out = out[(out["day"] >= 0) & (out["day"] < world.days)]
    return out.sort_values(["day", "event_at", "order_index", "line_no", "fee"], kind="stable").reset_index(
        drop=True
    )


def export_settlement(world: World, sink: Sink, final: pd.DataFrame) -> None:
    """One 对账单明细 a day. Cells are built for blocks of days at a time: at the large scale the whole
    period's settlement rows as text would take gigabytes."""
    s = settlement_rows(world, final)
    day = s["day"].to_numpy()
    for days in day_chunks(np.bincount(day, minlength=world.days), BLOCK_ROWS):
        lo, hi = np.searchsorted(day, [days.start, days.stop])
        _write_settlement(world, sink, s.iloc[lo:hi], days)


def _write_settlement(world: World, sink: Sink, s: pd.DataFrame, days: range) -> None:
    tpl = template("jd", "settlement")
    n = len(s)
    prod = world.catalog.products
    bill_day = s["day"].to_numpy()
    bill_date = (
        np.array([d.strftime("%Y%m%d") for d in world.dates], dtype=object)[bill_day] if n else const("", 0)
    )
    values = {
        "order_id": s["order_id"].to_numpy(),
        "parent_order_id": const("0", n),
        "order_status": const("完成", n),
        "created_at": ts(s["created_at"].to_numpy()),
        "completed_at": ts(s["completed_at"].to_numpy()),
        "aftersale_id": s["aftersale"].to_numpy(),
        "refunded_at": ts(
            np.where(s["aftersale"].to_numpy() != "", s["refund_resolved_at"].to_numpy(), NONE)
        ),
        "product_id": s["product_id"].to_numpy(),
        "product_name": prod["sku_name"].to_numpy()[s["sku_index"].to_numpy()],
        "quantity": integer(s["quantity"].to_numpy()),
        "commission_type": const("类目扣点", n),
        "commission_rate": const(f"{COMMISSION:.2f}", n),
        "fee_name": s["fee"].to_numpy(),
        "amount": money(s["amount"].to_numpy()),
        "currency": const("CNY", n),
        "direction": s["direction"].to_numpy(),
        "settlement_status": const("已结算", n),
        "expected_settled_at": ts(s["event_at"].to_numpy() + DAY),
        "bill_date": bill_date,
        "credited_at": ts(s["event_at"].to_numpy() + DAY),
        "merchant_order_id": s["order_id"].to_numpy(),
        "remark": const("", n),
    }
    cols = assemble(tpl, values, n)
    body = xlsx_rows(tpl, cols)
    header = literal_row(tpl.headers)
    for day, pos in rows_for_days(bill_day, days).items():
        d = world.dates[day]
        created = dt_of(world.export_time["jd"][day] + 600)
        data = xlsx_bytes([header, *body[pos].tolist()], created)
        sink.write(
            tpl, f"对账单明细_{d:%Y%m%d}.xlsx", data, file_type="xlsx", encoding="utf-8", rows=len(pos)
        )
