"""What of the landed exports reached the marts (`marts.pipeline_coverage`), said three ways: Dagster
asset metadata, a page of the quality report, and lines on the console.

Read after `dbt build` has finished (DuckDB allows no reader beside the writer), from the build file.
"""

from __future__ import annotations

import html
import numbers
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

from omnichannel_config import connect

COVERAGE_SQL = """
    select
        platform, platform_name, export_type, export_name, order_role, coverage_status,
        coverage_status_label, files_loaded, files_quarantined, rows_read, rows_in_raw,
        rows_in_staging, orders_staged, orders_in_marts, orders_excluded, orders_unexplained,
        paid_amount_staged, paid_amount_in_marts, refund_amount_staged, refund_amount_excluded
    from marts.pipeline_coverage
    order by platform = 'unrecognised', platform, order_role nulls last, export_type
"""
# Chinese column labels for the people reading the report page.
LABELS = {
    "platform_name": "平台",
    "export_name": "导出",
    "coverage_status_label": "状态",
    "files_loaded": "文件数",
    "files_quarantined": "隔离文件",
    "rows_read": "读取行数",
    "rows_in_raw": "原始层行数",
    "rows_in_staging": "清洗层行数",
    "orders_staged": "订单（清洗层）",
    "orders_in_marts": "订单（集市）",
    "orders_excluded": "排除订单",
    "orders_unexplained": "丢失订单",
    "paid_amount_staged": "实付金额（清洗层）",
    "paid_amount_in_marts": "实付金额（集市）",
    "refund_amount_staged": "退款（清洗层）",
    "refund_amount_excluded": "排除退款",
}
STALE_REPORT_NOTE = "marts.pipeline_coverage is not built yet"


def read_coverage(warehouse: Path) -> pd.DataFrame | None:
    """The coverage table, or None when the build file has none (first run failed before it)."""
    with connect(warehouse) as con:
        try:
            return con.execute(COVERAGE_SQL).df()
        except duckdb.CatalogException:
            return None


def summary_lines(coverage: pd.DataFrame) -> list[str]:
    """One line per order export and per export that sent no file, e.g.
    `天猫 订单报表: 9,812 orders staged, 9,812 in the marts, 0 excluded`."""
    lines = []
    for row in coverage.itertuples():
        name = f"{row.platform_name} {row.export_name}"
        if row.coverage_status == "no_files":
            lines.append(f"{name}: no files — {row.coverage_status_label}")
        elif row.coverage_status == "unrecognised":
            lines.append(f"{row.files_quarantined} file(s) no template recognises: see the quarantine folder")
        elif row.order_role is not None and not pd.isna(row.orders_staged):
            lines.append(
                f"{name}: {int(row.orders_staged):,} orders staged, "
                f"{int(row.orders_in_marts):,} in the marts, {int(row.orders_excluded):,} excluded"
                + (f", {int(row.orders_unexplained):,} LOST" if row.orders_unexplained else "")
            )
    return lines


def coverage_markdown(coverage: pd.DataFrame) -> str:
    shown = coverage[[c for c in LABELS if c in coverage.columns]].rename(columns=LABELS)
    return shown.to_markdown(index=False, floatfmt=",.2f")


def write_report(coverage: pd.DataFrame, reports_dir: Path) -> Path:
    """The coverage page of the quality report: a self-contained HTML table (no scripts, no CDN)."""
    path = Path(reports_dir) / "quality" / "coverage.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    shown = coverage[[c for c in LABELS if c in coverage.columns]].rename(columns=LABELS)
    attention = coverage["coverage_status"].isin(["no_files", "orders_lost", "unrecognised"]).tolist()
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = []
    for flag, values in zip(attention, shown.itertuples(index=False), strict=True):
        cells = "".join(f"<td>{html.escape(_cell(v))}</td>" for v in values)
        rows.append(('<tr class="attention">' if flag else "<tr>") + cells + "</tr>")
    body = "".join(rows)
    path.write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>数据覆盖 pipeline coverage</title><style>"
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:nth-child(-n+3){text-align:left}"
        "tr.attention{background:#fff3cd}</style></head><body>"
        "<h1>数据覆盖：每个导出的文件、行与订单是否都进入了数据集市</h1>"
        '<p><a href="index.html">数据质量报告 data quality report</a> (the great-expectations gates)</p>'
        "<p>Every export the warehouse reads: files, rows read, rows in raw and staging, and for order "
        "exports the orders in staging, in <code>fct_orders</code> and excluded with a reason "
        "(<code>marts.order_exclusions</code>). A lost order fails the build.</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>",
        encoding="utf-8",
    )
    return path


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real | Decimal):
        return f"{Decimal(str(value)):,.2f}"
    return str(value)


RECONCILIATION_TEST = "assert_staged_orders_reach_fct_orders"


def reconciliation_failures(warehouse: Path) -> list[str]:
    """The messages the failed reconciliation stored (dbt `store_failures`), one per export."""
    with connect(warehouse) as con:
        try:
            return [
                r[0]
                for r in con.execute(f"select message from dbt_test__audit.{RECONCILIATION_TEST}").fetchall()
            ]
        except duckdb.CatalogException:
            return []
