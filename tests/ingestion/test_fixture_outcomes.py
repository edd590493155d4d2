"""Each trap fixture lands where it should, with the rows it should have."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from tests.ingestion.conftest import FIXTURES, Landed

# file → (status, raw table, rows loaded, rows rejected, total rows dropped)
LOADED = {
    "ExportOrderList202605011230.csv": ("tmall__orders", 3, 0, 0),  # GB18030, ="…", '
    "拼多多_交易数据_20260501.csv": ("pdd__traffic", 1, 0, 0),  # UTF-8 BOM
    "orders_export_20260501123000.csv": ("pdd__orders", 3, 0, 0),  # trailing tabs
    "多多推广_20260501_20260501.csv": ("pdd__ads", 3, 0, 1),  # note row + 总计
    "罗盘_商品_20260501.csv": ("douyin__traffic", 2, 0, 0),  # duplicate header
    "ExportOrderDetailList202605011230.csv": ("tmall__order_items", 3, 0, 0),  # trailing commas
    "商品库存_主仓_20260501.xlsx": ("erp__inventory", 4, 0, 0),  # wrong <dimension>
    "会员列表_20260501.xlsx": ("crm__members", 3, 0, 0),  # header on row 3, notes sheet
    "【生意参谋平台】商品_全部_2026-05-01_2026-05-01.xls": ("tmall__traffic", 3, 0, 0),  # OLE2
    "京东商智_店铺概况_20260501.xls": ("jd__traffic", 2, 0, 0),  # HTML table
    "1714537800_订单导出.zip": ("douyin__orders", 3, 0, 0),  # zip, GBK member, leading tabs
    "有赞订单_20260501123000.csv": ("youzan__orders", 3, 1, 0),  # truncated last line
    "结算明细_20260501.csv": ("jd__settlement", 3, 1, 0),  # HSC25016 in 应结金额
    "京准通_自定义报表_20260501_20260501.xlsx": ("jd__ads", 3, 0, 1),  # lead rows + 合计
}

# file → phrases the quarantine error file must contain
QUARANTINED = {
    "快手订单_20260501123000.csv": [
        "row 3",
        "'订单号'",
        "1.18E+11",
        "re-export from the platform; do not open and re-save in Excel",
    ],
    "有赞_店铺概况_20260501.csv": ["empty", "expected an export"],
    "月度汇总_自制.csv": ["not a known export", "closest template", "header row seen at row 1"],
    "订单列表_20260501123000.csv": [
        "missing required column",
        "'应付金额'",
        "jd__orders__v_legacy_csv",
        "header row seen at row 1",
        "'订单号'",
    ],
    "商品评价_20260501.xlsx": ["xlsx workbook cannot be opened", "re-download"],
}


def test_every_fixture_is_covered():
    assert {p.name for p in FIXTURES.iterdir()} == set(LOADED) | set(QUARANTINED)


@pytest.mark.parametrize("name", sorted(LOADED))
def test_loaded_fixture(landed: Landed, name: str):
    table, loaded, rejected, totals = LOADED[name]
    r = landed.result(name)
    assert (r.status, r.table) == ("loaded", table), r.error
    assert (r.rows_loaded, r.rows_rejected, r.total_rows_dropped) == (loaded, rejected, totals)
    assert r.rows_read == loaded + rejected
    assert landed.query(f"SELECT count(*) FROM raw.{table} WHERE _source_file = ?", [name]) == [(loaded,)]
    assert (landed.landing / name).exists()  # loaded files stay where they are


@pytest.mark.parametrize("name", sorted(QUARANTINED))
def test_quarantined_fixture(landed: Landed, name: str):
    r = landed.result(name)
    assert r.status == "quarantined"
    assert not (landed.landing / name).exists()
    moved = landed.quarantine / name
    assert moved.exists() and r.quarantined_to == moved
    assert moved.read_bytes() == (FIXTURES / name).read_bytes()
    text = (landed.quarantine / f"{name}.error.txt").read_text(encoding="utf-8")
    assert name in text
    for phrase in QUARANTINED[name]:
        assert phrase in text, (phrase, text)
    assert landed.query(
        "SELECT status, rows_read, error IS NOT NULL FROM raw._ingested_files WHERE path = ?",
        [name],
    ) == [("quarantined", 0, True)]


def test_rows_read_is_loaded_plus_rejected_everywhere(landed: Landed):
    rows = landed.query("SELECT path, rows_read, rows_loaded, rows_rejected FROM raw._ingested_files")
    assert len(rows) == len(LOADED) + len(QUARANTINED)
    for path, read, loaded, rejected in rows:
        assert read == loaded + rejected, path


def test_lineage_columns(landed: Landed):
    for name, (table, _, _, _) in LOADED.items():
        sha = hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest()
        got = landed.query(
            f"SELECT DISTINCT _file_sha256, _template, _header_version, _loaded_at IS NOT NULL "
            f"FROM raw.{table} WHERE _source_file = ?",
            [name],
        )
        template = landed.result(name).template
        assert got == [(sha, template, template.split("__")[2], True)], name


@pytest.mark.parametrize(
    ("name", "table", "sheet", "rows"),
    [
        # 4 lead rows, header on row 5: first data row is spreadsheet row 6
        ("【生意参谋平台】商品_全部_2026-05-01_2026-05-01.xls", "tmall__traffic", "商品_全部", [6, 7, 8]),
        # note on row 1, blank row 2, header row 3
        ("会员列表_20260501.xlsx", "crm__members", "会员", [4, 5, 6]),
        # 2 lead rows, header row 3
        ("京准通_自定义报表_20260501_20260501.xlsx", "jd__ads", "Sheet1", [4, 5, 6]),
        # note row 1, header row 2
        ("多多推广_20260501_20260501.csv", "pdd__ads", "", [3, 4, 5]),
        ("1714537800_订单导出.zip", "douyin__orders", "1714537800_订单导出.csv", [2, 3, 4]),
        ("京东商智_店铺概况_20260501.xls", "jd__traffic", "", [2, 3]),
    ],
)
def test_row_numbers_and_sheets(landed: Landed, name, table, sheet, rows):
    got = landed.query(
        f"SELECT _sheet, _row_number FROM raw.{table} WHERE _source_file = ? ORDER BY 2", [name]
    )
    assert got == [(sheet, r) for r in rows]


def test_gb18030_wrappers_and_trailing_space_headers(landed: Landed):
    rows = landed.query(
        "SELECT order_id, buyer_nick, receiver_mobile, payment_no, settled_amount, paid_at, "
        "receiver_address, _file_exported_at FROM raw.tmall__orders ORDER BY _row_number"
    )
    assert rows[0] == (
        "260501000000",  # ="260501000000" unwrapped
        "朱镕基的店0",  # 镕 is GB18030/GBK, not GB2312
        "13925130160",  # leading ' removed
        None,  # ="" is empty
        "201.12元",  # raw keeps text; omni_money parses it
        "2026-05-01 12:30:00",  # header without its trailing space still binds
        "文本0",  # header '收货地址 ' with its trailing space binds
        "202605011230",
    )


def test_tab_padding_removed(landed: Landed):
    pdd = landed.query("SELECT order_id, paid_amount FROM raw.pdd__orders ORDER BY 1")
    assert pdd[0] == ("260501-607198974342260", "12.50")
    douyin = landed.query(
        "SELECT order_id, quantity, _file_exported_epoch FROM raw.douyin__orders ORDER BY 1"
    )
    assert douyin[0] == ("260501000000", "3", "1714537800")


def test_duplicate_header_first_occurrence_binds(landed: Landed):
    assert landed.query("SELECT product_name FROM raw.douyin__traffic ORDER BY _row_number") == [
        ("文本0",),
        ("文本1",),
    ]
    assert landed.query(
        "SELECT unmapped_headers FROM raw._ingested_files WHERE path = '罗盘_商品_20260501.csv'"
    ) == [(["商品名称#19"],)]


def test_total_rows_recorded_not_loaded(landed: Landed):
    rows = landed.query(
        'SELECT _source_file, _row_number, raw_text, "values" FROM raw._total_rows ORDER BY 1'
    )
    assert [(r[0], r[1]) for r in rows] == [
        ("京准通_自定义报表_20260501_20260501.xlsx", 7),
        ("多多推广_20260501_20260501.csv", 6),
    ]
    assert rows[1][2].startswith("总计 | - | -")
    assert '"spend":"37.50"' in rows[1][3]
    assert landed.query("SELECT count(*) FROM raw.pdd__ads WHERE stat_date = '总计'") == [(0,)]


def test_bad_money_row_rejected(landed: Landed):
    rows = landed.query(
        "SELECT _row_number, _template, reason, raw_text FROM raw._rejected_rows "
        "WHERE _source_file = '结算明细_20260501.csv'"
    )
    assert len(rows) == 1
    row, template, reason, raw_text = rows[0]
    assert (row, template) == (4, "jd__settlement__v_reconciliation")
    assert "应结金额" in reason and "'HSC25016'" in reason and "amount like 1,234.56" in reason
    assert "HSC25016" in raw_text
    assert landed.query("SELECT count(*) FROM raw.jd__settlement WHERE amount = 'HSC25016'") == [(0,)]


def test_truncated_last_line_rejected(landed: Landed):
    rows = landed.query(
        "SELECT _row_number, reason, raw_text FROM raw._rejected_rows "
        "WHERE _source_file = '有赞订单_20260501123000.csv'"
    )
    assert len(rows) == 1
    assert rows[0][0] == 5
    assert "fewer fields than the header row" in rows[0][1]
    assert rows[0][2].startswith("260501000300,")


def test_null_token_in_money_is_not_a_rejection(landed: Landed):
    assert landed.query("SELECT DISTINCT refund_amount FROM raw.tmall__order_items") == [("无退款申请",)]


def test_x002b_and_file_fields(landed: Landed):
    assert landed.query(
        "SELECT sku_code, _file_warehouse, _file_snapshot_date FROM raw.erp__inventory "
        "ORDER BY _row_number LIMIT 1"
    ) == [("HSC25010+A", "主仓", "20260501")]


def test_wrong_dimension_is_ignored_by_calamine():
    """The fixture's sheet XML claims A1 only; calamine still returns every row."""
    data = (FIXTURES / "商品库存_主仓_20260501.xlsx").read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1"/>' in xml
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert len(rows) == 5  # header + 4 rows


def test_zip_member_name_is_gbk(landed: Landed):
    info = zipfile.ZipFile(FIXTURES / "1714537800_订单导出.zip").infolist()[0]
    assert not info.flag_bits & 0x800
    assert info.filename != "1714537800_订单导出.csv"  # zipfile alone decodes it as cp437
    from ingestion.readers import zip_member_name

    assert zip_member_name(info) == "1714537800_订单导出.csv"


def test_every_raw_table_exists(landed: Landed):
    from ingestion.templates import default_templates

    tables = {t.table for t in default_templates()}
    have = {
        r[0]
        for r in landed.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw'")
    }
    assert tables <= have
    assert {"_ingested_files", "_rejected_rows", "_total_rows"} <= have
