"""Header variants: aliases, fallback columns and the errors a user reads when a header is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.errors import IngestError
from ingestion.load import ingest
from ingestion.plan import recognise
from ingestion.templates import TemplateError, get_template, load_templates

VERBATIM = Path(__file__).parents[1] / "fixtures" / "verbatim" / "exports"


def _write_template(folder: Path, body: str) -> Path:
    (folder / "x").mkdir(parents=True, exist_ok=True)
    path = folder / "x" / "orders__v1.yaml"
    path.write_text(body, encoding="utf-8")
    return path


BASE = """platform: x
export_type: orders
version: v1
file_name: '^x_.*\\\\.csv$'
columns:
- {header: 订单号, column: order_id, parser: id, required: true}
- {header: 买家手机号, column: buyer_phone, parser: text, required: true, fallback: receiver_phone}
- {header: 收货人手机号, column: receiver_phone, parser: text}
- {header: 实付金额, aliases: [买家实付金额], column: paid_amount, parser: money}
"""


def test_an_alias_binds_the_column_and_a_fallback_satisfies_a_required_one(tmp_path):
    templates = load_templates([_write_template(tmp_path / "t", BASE).parents[1]])
    landing = tmp_path / "landing"
    landing.mkdir()
    # No 买家手机号 at all (its fallback is there), and 买家实付金额 for 实付金额.
    (landing / "x_1.csv").write_text(
        "订单号,收货人手机号,买家实付金额\n1001,13900000001,12.50\n1002,,3.00\n", encoding="utf-8"
    )
    report = ingest(landing, tmp_path / "w.duckdb", tmp_path / "q", templates=templates)
    (f,) = report.files
    assert (f.status, f.rows_loaded, f.rows_rejected) == ("loaded", 1, 1)
    import duckdb

    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("select order_id, receiver_phone, paid_amount from raw.x__orders").fetchall() == [
            ("1001", "13900000001", "12.50")
        ]
        (reason,) = con.execute("select reason from raw._rejected_rows").fetchone()
    # The row with neither phone is rejected, naming both columns.
    assert reason == (
        "required column 买家手机号 (buyer_phone) is empty"
        " and so is its fallback 收货人手机号 (receiver_phone)"
    )


def test_a_fallback_must_name_another_column_of_the_template(tmp_path):
    body = BASE.replace("fallback: receiver_phone", "fallback: receiver_mobile")
    path = _write_template(tmp_path, body)
    with pytest.raises(
        TemplateError, match=r"orders__v1.yaml: column 'buyer_phone' has fallback 'receiver_mobile'"
    ):
        load_templates([path.parents[1]])


def test_a_template_that_is_not_yaml_names_its_file(tmp_path):
    path = _write_template(tmp_path, "platform: x\nnotes:\n- a: b c: d\n")
    with pytest.raises(TemplateError, match=r"orders__v1.yaml: not valid YAML"):
        load_templates([path.parents[1]])


def test_required_headers_are_described_with_their_alternatives():
    assert (
        get_template("youzan", "orders").describe_required()[-1]
        == "买家手机号 (or 收货人手机号/提货人手机号)"
    )
    assert "价格 (or 商品价格)" in get_template("tmall", "order_items", "v2023_csv").describe_required()


def test_a_tab_padded_export_missing_a_column_is_explained_from_its_real_header(tmp_path):
    """Split on tabs, a PDD file (every cell ends with a tab) is widest but its header is one cell:
    the error must show the comma-split header and name the missing column."""
    text = (VERBATIM / "orders_export_20260501120000.csv").read_bytes().decode("utf-8-sig")
    bad = tmp_path / "orders_export_20260501120000.csv"
    bad.write_text(text.replace("订单状态", "订单情况", 1), encoding="utf-8")
    with pytest.raises(IngestError) as err:
        recognise(bad)
    message = str(err.value)
    assert "missing required column(s) '订单状态' for pdd__orders__v2024_csv" in message
    assert "header row seen at row 1: ['订单成交时间', '商品', '订单号', '订单情况'" in message
