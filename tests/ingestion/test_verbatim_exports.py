"""Exports typed by hand from the platform-export reference load where they should.

Why: the other fixtures take their headers from the templates, so a wrong or too-strict template is
invisible to them. These fixtures (tests/fixtures/verbatim/, see its README) take headers and values
only from the reference; the expected rows and values below are counted by hand from those files.
Only the raw canonical column names come from the templates (they are the raw tables' contract).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingestion.load import ingest
from tests.ingestion.conftest import Landed

VERBATIM = Path(__file__).parents[1] / "fixtures" / "verbatim" / "exports"

Spot = tuple[dict[str, str], dict[str, str | None]]  # ({key column: value}, {column: expected value})

# file → (raw table, rows loaded, total rows dropped, spot checks on one keyed row each)
EXPECTED: dict[str, tuple[str, int, int, list[Spot]]] = {
    # --- Tmall / Taobao -------------------------------------------------------------------
    "ExportOrderList201707081200.csv": (  # 2017 46 columns, GBK, ="…", '139…, real sample row
        "tmall__orders", 3, 0,
        [({"order_id": "35153131473293579"},
          {"paid_amount": "201.12", "receiver_mobile": "13925130165", "paid_at": "2017-07-08 00:42:39"}),
         ({"order_id": "35153131473293580"}, {"refund_amount": "30.00", "order_status": "交易成功"})],
    ),
    "ExportOrderList202605010900.csv": (  # 2018–19 61 columns, GBK
        "tmall__orders", 3, 0,
        [({"order_id": "3901234567890000002"},
          {"paid_amount": "120.00", "refund_amount": "30.00", "settled_amount": "90.00元",
           "payment_no": "2026050122001100000000000002"})],
    ),
    "ExportOrderList202605011300.xlsx": (  # current xlsx, 买家实付金额 / 商品标题
        "tmall__orders", 3, 0,
        [({"order_id": "3901234567890000002"},
          {"paid_amount": "120.00", "refund_amount": "30.00", "item_title": "不锈钢汤勺 2支装"})],
    ),
    "ExportOrderDetailList201707081200.csv": (  # 宝贝报表 2017 10 columns, trailing commas, GBK
        "tmall__order_items", 3, 0,
        [({"order_id": "35153131473293579"}, {"unit_price": "239.00", "quantity": "1"})],
    ),
    "ExportOrderDetailList202605011300.xlsx": (  # current 宝贝报表, first alternatives (标题, 价格, …)
        "tmall__order_items", 4, 0,
        [({"line_id": "3901234567890000004"},
          {"order_id": "3901234567890000002", "unit_price": "50.00", "paid_amount": "100.00",
           "refund_amount": "30.00"})],
    ),
    "ExportOrderDetailList202605011400.xlsx": (  # current 宝贝报表, second alternatives (商品标题, …)
        "tmall__order_items", 4, 0,
        [({"line_id": "3901234567890000001"},
          {"order_id": "3901234567890000001", "title": "20厘米不粘锅", "unit_price": "89.00",
           "paid_amount": "89.00"})],
    ),
    # --- JD -----------------------------------------------------------------------------
    "订单列表_20160101090000.csv": (  # legacy 30 columns, GBK, real 2015 row with (删除)
        "jd__orders", 3, 0,
        [({"order_id": "11729384072"},
          {"product_id": "1953814331", "paid_amount": "932.45", "order_status": "(删除)等待出库"})],
    ),
    "订单列表_20260501120000.csv": (  # legacy + 8 columns, GBK
        "jd__orders", 4, 0,
        [({"order_id": "301234567802", "product_id": "100012345603"},
          {"unit_price": "10.00", "paid_amount": "69.00", "sku_code": "BRUSH-01"})],
    ),
    "订单列表_20260501130000.xlsx": (  # current xlsx (jd_order_detail_v1 columns)
        "jd__orders", 4, 0,
        [({"order_id": "301234567803"},
          {"paid_amount": "15.00", "order_status": "(删除)等待出库", "sku_code": "SLEEVE-01"})],
    ),
    "对账单明细_20260501.xlsx": (  # 财务-对账中心 22 columns, a 货款/支出 refund row
        "jd__settlement", 4, 0,
        [({"order_id": "301234567802", "fee_name": "货款", "direction": "支出"},
          {"amount": "-30.00", "aftersale_id": "1800000001", "bill_date": "20260501"})],
    ),
    # --- Douyin -------------------------------------------------------------------------
    "1777608000_订单导出.csv": (  # 74 columns, UTF-8, leading tabs, 1,299.00
        "douyin__orders", 4, 0,
        [({"line_id": "6940000000000000101"},
          {"order_id": "6940000000000000100", "paid_amount": "1,299.00",
           "product_id": "3600000000000000001"})],
    ),
    "1777611600_订单导出.zip": (  # 85-column reordered variant in a zip (GBK member name, BOM)
        "douyin__orders", 4, 0,
        [({"line_id": "6940000000000000201"},
          {"order_id": "6940000000000000200", "paid_amount": "100.00", "aftersale_status": "退款成功"})],
    ),
    "1777615200_售后导出.csv": (  # after-sales 25 listed columns
        "douyin__aftersales", 2, 0,
        [({"aftersale_id": "7140000000000000201"},
          {"order_id": "6940000000000000200", "line_id": "6940000000000000201",
           "refund_goods_amount": "100.00"})],
    ),
    # --- Kuaishou -----------------------------------------------------------------------
    "快手订单_20260501120000.xlsx": (  # 61 listed columns
        "kuaishou__orders", 4, 0,
        [({"order_id": "2426050110000002", "product_id": "23456789012346"},
          {"paid_amount": "100.00", "estimated_commission": "30.00", "commission_rate": "30%"})],
    ),
    "快手订单_20260501130000.xlsx": (  # older: + 退货退款
        "kuaishou__orders", 4, 0,
        [({"order_id": "2426050110000001"}, {"paid_amount": "89.00", "product_id": "23456789012345"})],
    ),
    # --- PDD ----------------------------------------------------------------------------
    "orders_export_20260501120000.csv": (  # 23 columns, trailing tabs
        "pdd__orders", 3, 0,
        [({"order_id": "260501-607198974342268"},
          {"paid_amount": "85.00", "merchant_received": "90.00", "created_at": "2026-05-01 10:00:00"}),
         ({"order_id": "260501-607198974342270"}, {"created_at": None, "paid_amount": "30.00"})],
    ),
    "orders_export_20260501130000.csv": (  # + 支付时间, 拼单成功时间, 省, 市, 区, 商家编码-SKU维度
        "pdd__orders", 3, 0,
        [({"order_id": "260501-607198974342269"},
          {"paid_amount": "50.00", "paid_at": "2026-05-01 11:00:30", "province": "上海市"})],
    ),
    # --- Youzan -------------------------------------------------------------------------
    "有赞订单_20260501120000.csv": (  # 商品维度 36 columns, UTF-8 BOM
        "youzan__orders", 4, 0,
        [({"order_id": "E20260501110000012345672", "sku_code": "SPOON-2"},
          {"paid_amount": "100.00", "refund_amount": "30.00"})],
    ),
    "有赞订单_20260501130000.xlsx": (  # 36 + 外部支付流水号, 买家付款时间, 买家手机号
        "youzan__orders", 4, 0,
        [({"order_id": "E20260501100000012345671"},
          {"paid_amount": "89.00", "paid_at": "2026-05-01 10:00:30", "buyer_phone": "13800000001"})],
    ),
    # --- Traffic ------------------------------------------------------------------------
    "【生意参谋平台】商品_全部_2026-05-01_2026-05-01.xls": (  # BIFF, 4 lead rows, 34 columns
        "tmall__traffic", 3, 0,
        [({"product_id": "680000000001"},
          {"stat_date": "2026-05-01", "uv": "1,000", "paid_amount": "801.00"})],
    ),
    "【生意参谋平台】商品_全部_2026-05-01_2026-05-01 (1).xls": (  # + 总支付商品件数, 总支付金额
        "tmall__traffic", 3, 0,
        [({"product_id": "680000000002"}, {"uv": "200", "paid_amount": "178.00"})],
    ),
    "罗盘_商品_20260501.xlsx": (  # 商品ID, 商品名称 + the 15 listed 罗盘 商品 columns; day in the name
        "douyin__traffic", 2, 0,
        [({"product_id": "3600000000000000001"},
          {"uv": "500", "exposure_users": "5000", "refund_amount": "20.00", "_file_stat_date": "20260501"})],
    ),
    # --- Ads ----------------------------------------------------------------------------
    "商品报表_20260501_120000.csv": (  # 万相台无界, the first 68 columns, UTF-8 BOM
        "tmall__ads", 2, 0,
        [({"subject_id": "680000000001"}, {"campaign_id": "50000001", "spend": "159.84", "ctr": "0.0333"})],
    ),
    "商品报表_20260501_130000.xlsx": (  # all 77 listed columns
        "tmall__ads", 2, 0,
        [({"campaign_id": "50000002"}, {"spend": "50.00", "clicks": "100"})],
    ),
    "千川_全域推广_20260501.xlsx": (  # 商品ID, 整体消耗, 日期 + 全域推广 columns
        "douyin__ads", 2, 0,
        [({"product_id": "3600000000000000001"},
          {"stat_date": "2026-05-01", "spend": "100.00", "roi": "5.00"})],
    ),
    "京准通_自定义报表_20260501_20260501.xlsx": (  # lead rows, range 日期, 合计 row
        "jd__ads", 3, 1,
        [({"sku_id": "100012345601"}, {"spend": "30.00", "date_range": "20260501~20260501"})],
    ),
    "多多推广_20260501_20260501.xlsx": (  # 名称：推广 note row, 总计 row
        "pdd__ads", 2, 1,
        [({"product_id": "600000000001"},
          {"spend": "25.00", "converted_spend": "20.00", "bid_method": "目标投产比：5.80"})],
    ),
    # --- ERP (聚水潭) ---------------------------------------------------------------------
    "商品库存_主仓_20260501.xlsx": (  # + 样衣仓, _x002B_
        "erp__inventory", 3, 0,
        [({"sku_code": "CUP-500-W+LID"}, {"spu_code": "CUP-500+LID", "available_qty": "40"})],
    ),
    "商品库存_库存视角_20260501.xlsx": (  # 库存视角 13 columns
        "erp__inventory", 3, 0,
        [({"sku_code": "CUP-500-W"}, {"available_qty": "90", "public_available_qty": "90"})],
    ),
    "商品资料_20260501.xlsx": (  # 商品资料 13 columns
        "erp__products", 3, 0,
        [({"sku_code": "CUP-350-G"}, {"spu_code": "CUP-350", "list_price": "59.00", "unit_cost": "25.00"})],
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def verbatim(tmp_path_factory: pytest.TempPathFactory) -> Landed:
    """Every verbatim fixture ingested once into a fresh warehouse."""
    tmp = tmp_path_factory.mktemp("verbatim")
    landing, warehouse, quarantine = tmp / "landing", tmp / "wh" / "w.duckdb", tmp / "quarantine"
    landing.mkdir(parents=True)
    for src in sorted(VERBATIM.iterdir()):
        shutil.copy2(src, landing / src.name)
    report = ingest(landing=landing, warehouse=warehouse, quarantine=quarantine)
    return Landed(landing, warehouse, quarantine, report)


def test_every_verbatim_fixture_is_expected():
    assert {p.name for p in VERBATIM.iterdir()} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verbatim_export_loads(verbatim: Landed, name: str):
    table, loaded, totals, spots = EXPECTED[name]
    r = verbatim.result(name)
    assert (r.status, r.table) == ("loaded", table), r.error
    assert (r.rows_loaded, r.rows_rejected, r.total_rows_dropped) == (loaded, 0, totals)
    assert r.rows_read == r.rows_loaded + r.rows_rejected
    count = verbatim.query(f"SELECT count(*) FROM raw.{table} WHERE _source_file = ?", [name])
    assert count == [(loaded,)]
    for key, want in spots:
        where = " AND ".join(f'"{k}" = ?' for k in key)
        cols = ", ".join(f'"{c}"' for c in want)
        got = verbatim.query(
            f"SELECT {cols} FROM raw.{table} WHERE _source_file = ? AND {where}", [name, *key.values()]
        )
        assert got == [tuple(want.values())], (key, want)
