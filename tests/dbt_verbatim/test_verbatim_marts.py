"""The hand-typed verbatim exports (tests/fixtures/verbatim/, written from the platform reference, not
from our templates) reach the marts with the amounts counted by hand in that folder's README; and a
real-layout Tmall 订单报表 dropped alone gives its orders, paid GMV and refunds to the cent of the
file's own totals, computed here from the CSV with the standard library."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from omnichannel_config import Paths, paths_under
from tests.dbt_runner import run_dbt

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("verbatim_dbt")]

VERBATIM = Path(__file__).parents[1] / "fixtures" / "verbatim" / "exports"
TMALL_2017 = "ExportOrderList201707081200.csv"

# (platform, order id) -> (order status, paid, refunded), from the fixtures' README: A paid, B paid and
# partly refunded, C closed or unpaid; the real sample rows of Tmall 2017 and JD 2015 as they are.
EXPECTED_ORDERS = {
    ("tmall", "35153131473293579"): ("paid", "201.12", "0.00"),
    ("tmall", "35153131473293580"): ("completed", "100.00", "30.00"),
    ("tmall", "35153131473293581"): ("closed", "0.00", "0.00"),
    ("tmall", "3901234567890000001"): ("paid", "89.00", "0.00"),
    ("tmall", "3901234567890000002"): ("completed", "120.00", "30.00"),
    ("tmall", "3901234567890000003"): ("closed", "0.00", "0.00"),
    ("jd", "11729384072"): ("paid", "932.45", "0.00"),
    ("jd", "11729500001"): ("paid", "98.00", "0.00"),
    ("jd", "11729500002"): ("completed", "120.00", "0.00"),
    ("jd", "301234567801"): ("paid", "89.00", "0.00"),
    ("jd", "301234567802"): ("completed", "69.00", "30.00"),  # 59.00 + 10.00; settlement 货款 支出 30.00
    ("jd", "301234567803"): ("paid", "15.00", "0.00"),  # (删除)等待出库
    ("pdd", "260501-607198974342268"): ("paid", "85.00", "0.00"),
    ("pdd", "260501-607198974342269"): ("completed", "50.00", "50.00"),
    ("pdd", "260501-607198974342270"): ("closed", "0.00", "0.00"),
    ("douyin", "6940000000000000100"): ("paid", "1299.00", "0.00"),
    ("douyin", "6940000000000000200"): ("completed", "120.00", "100.00"),  # after-sales 退商品金额
    ("douyin", "6940000000000000300"): ("closed", "0.00", "0.00"),
    ("kuaishou", "2426050110000001"): ("paid", "89.00", "0.00"),
    ("kuaishou", "2426050110000002"): ("completed", "120.00", "100.00"),
    ("kuaishou", "2426050110000003"): ("closed", "0.00", "0.00"),
    ("youzan", "E20260501100000012345671"): ("paid", "89.00", "0.00"),
    ("youzan", "E20260501110000012345672"): ("completed", "120.00", "30.00"),
    ("youzan", "E20260501120000012345673"): ("closed", "0.00", "0.00"),
}


def _build(tmp: Path, names: list[str], *select: str) -> tuple[Paths, str]:
    from ingestion.load import ingest

    paths = paths_under(tmp / "data")
    paths.landing_dir.mkdir(parents=True)
    for name in names:
        shutil.copy2(VERBATIM / name, paths.landing_dir / name)
    report = ingest(landing=paths.landing_dir, warehouse=paths.warehouse, quarantine=paths.quarantine_dir)
    assert {f.status for f in report.files} == {"loaded"}, [f.error for f in report.files]
    run = run_dbt(paths, "build", "--exclude-resource-type", "unit_test", *select)
    assert run.returncode == 0, run.output[-4000:]
    return paths, run.output


@pytest.fixture(scope="module")
def every_export(tmp_path_factory) -> Paths:
    paths, _ = _build(tmp_path_factory.mktemp("verbatim"), sorted(p.name for p in VERBATIM.iterdir()))
    return paths


@pytest.fixture(scope="module")
def tmall_order_report_alone(tmp_path_factory) -> Paths:
    select = (
        *("--select", "+channel_daily", "+pipeline_coverage", "+assert_staged_orders_reach_fct_orders"),
        # only the tests of what is built (a test on fct_order_lines may also read a product mart)
        *("--indirect-selection", "cautious"),
    )
    paths, _ = _build(tmp_path_factory.mktemp("tmall_alone"), [TMALL_2017], *select)
    return paths


def _rows(paths: Paths, sql: str) -> list[tuple]:
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_order_of_every_verbatim_export_reaches_fct_orders(every_export: Paths):
    actual = {
        (platform, order_id): (status, f"{paid:.2f}", f"{refund:.2f}")
        for platform, order_id, status, paid, refund in _rows(
            every_export,
            "select platform, order_id, order_status, paid_amount, refund_amount from marts.fct_orders",
        )
    }
    assert actual == EXPECTED_ORDERS


def test_older_exports_keep_the_buyer_a_newer_layout_lacks(every_export: Paths):
    """The current 千牛 订单报表 and JD xlsx (newer files) name no buyer; the 2018–19 CSV and the JD
    legacy CSV (older files of the same orders) do, and the orders keep them."""
    anonymous = _rows(
        every_export,
        "select platform, order_id from marts.fct_orders"
        " where not is_identified_buyer and platform in ('tmall', 'jd')",
    )
    assert anonymous == []
    pdd = _rows(
        every_export,
        "select count(*) from marts.fct_orders where platform = 'pdd' and not is_identified_buyer",
    )
    assert pdd == [(3,)]  # the real PDD export names no buyer: each order is its own anonymous customer


def test_every_order_export_is_complete_in_the_coverage(every_export: Paths):
    rows = _rows(
        every_export,
        "select platform, export_type, coverage_status, orders_staged, orders_in_marts, orders_unexplained"
        " from marts.pipeline_coverage where order_role is not null",
    )
    assert {r[2] for r in rows} == {"complete"}, rows
    assert all(r[3] == r[4] and r[5] == 0 for r in rows), rows


def _file_totals(path: Path) -> tuple[Decimal, Decimal, int]:
    """Goods paid (买家实际支付金额 − 买家应付邮费 of the orders paid), refunds (退款金额) and orders, read
    from the 订单报表 itself."""
    text = path.read_bytes().decode("gb18030")
    reader = csv.DictReader(io.StringIO(text))
    paid = refunds = Decimal("0")
    orders = 0
    for row in reader:
        cells = {k.strip(): (v or "").strip().strip('="') for k, v in row.items() if k}
        orders += 1
        if cells["订单付款时间"]:
            paid += Decimal(cells["买家实际支付金额"]) - Decimal(cells["买家应付邮费"])
        refunds += Decimal(cells["退款金额"] or "0")
    return paid, refunds, orders


def test_a_real_tmall_order_report_alone_gives_its_orders_to_the_cent(tmall_order_report_alone: Paths):
    paid, refunds, orders = _file_totals(VERBATIM / TMALL_2017)
    assert (paid, refunds, orders) == (Decimal("301.12"), Decimal("30.00"), 3)
    fct = _rows(
        tmall_order_report_alone,
        "select count(*), sum(paid_amount), sum(refund_amount)"
        " from marts.fct_orders where platform = 'tmall'",
    )
    assert fct == [(orders, paid, refunds)]
    daily = _rows(
        tmall_order_report_alone,
        "select sum(paid_gmv), sum(refunds), sum(orders) from marts.channel_daily where platform = 'tmall'",
    )
    assert daily == [(paid, refunds, orders)]
    lines = _rows(
        tmall_order_report_alone,
        "select count(*) filter (where has_product_detail), count(*) from marts.fct_order_lines",
    )
    assert lines == [(0, orders)]
    coverage = _rows(
        tmall_order_report_alone,
        "select export_type, coverage_status, orders_staged, orders_in_marts from marts.pipeline_coverage"
        " where platform = 'tmall' and export_type in ('orders', 'order_items') order by 1",
    )
    assert coverage == [("order_items", "no_files", None, None), ("orders", "complete", 3, 3)]
