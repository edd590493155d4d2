"""The whole pipeline as Dagster runs it: landing files → raw → dbt → gates → published warehouse.

A good day publishes a warehouse whose KPIs equal the simulator's truth; a broken export fails a
named gate, leaves the published file byte-identical and sends exactly one alert.
"""

import datetime as dt
import hashlib
import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import dagster as dg
import duckdb
import pytest

from ingestion.templates import get_template
from omnichannel_config import Paths, paths_under

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]


@pytest.fixture(scope="module")
def robot():
    """A loopback group robot that records every alert it receives."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            body = b'{"errcode": 0, "errmsg": "ok"}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/cgi-bin/webhook/send?key=test", received
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory, tiny_paths: Paths, tiny_simulation, robot):
    """A fresh data folder holding the tiny simulation's exports, with the environment pointed at it."""
    paths = paths_under(tmp_path_factory.mktemp("pipeline") / "data")
    shutil.copytree(tiny_paths.landing_dir, paths.landing_dir)
    env = {
        **paths.as_env(),
        # The tiny simulation ends on 2025-11-18: the run reports as of the next morning.
        "OMNI_AS_OF_DATE": (tiny_simulation.end + dt.timedelta(days=1)).isoformat(),
        "OMNI_ALERT_WEBHOOK_URL": robot[0],
    }
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        with dg.instance_for_test() as instance:
            from orchestration.definitions import defs

            yield paths, defs, instance, robot[1]


def run_daily(defs, instance) -> dg.ExecuteInProcessResult:
    return defs.resolve_job_def("daily_pipeline").execute_in_process(instance=instance, raise_on_error=False)


def evaluate_alert_sensors(defs, instance, result) -> None:
    """What the daemon does after a run: evaluate the run-status sensors for it."""
    run = instance.get_run_by_id(result.run_id)
    status = "alert_on_run_failure" if not result.success else "alert_on_failed_gates"
    event = next(
        e
        for e in result.all_events
        if e.event_type_value in ("PIPELINE_FAILURE", "RUN_FAILURE", "PIPELINE_SUCCESS", "RUN_SUCCESS")
    )
    sensor = defs.resolve_sensor_def(status)
    context = dg.build_run_status_sensor_context(
        sensor_name=status, dagster_instance=instance, dagster_run=run, dagster_event=event
    )
    sensor(context.for_run_failure() if not result.success else context)


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_good_day_publishes_kpis_equal_to_the_truth_then_a_broken_export_is_stopped(pipeline, answer_key_dir):
    paths, defs, instance, alerts = pipeline

    good = run_daily(defs, instance)
    assert good.success, [e.message for e in good.all_events if e.is_failure]
    # The coverage of the exports is metadata on the marts and a page of the quality report.
    (coverage,) = [
        e.materialization.metadata
        for e in good.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(["marts", "pipeline_coverage"])
    ]
    assert coverage["exports_losing_orders"].value == 0 and coverage["exports_complete"].value == 25
    # Published models carry their row count and typed, described columns in the catalog.
    assert coverage["dagster/row_count"].value == 25
    columns = {c.name: c for c in coverage["dagster/column_schema"].schema.columns}
    assert columns["platform_name"].type == "VARCHAR" and columns["platform_name"].description
    summary = coverage["coverage_summary"].value
    tmall_orders = _distinct_orders(answer_key_dir, "tmall")
    assert (
        f"天猫 订单报表: {tmall_orders:,} orders staged, {tmall_orders:,} in the marts, 0 excluded" in summary
    )
    assert "天猫" in (paths.reports_dir / "quality" / "coverage.html").read_text(encoding="utf-8")
    published = paths.published
    assert published.exists()
    with duckdb.connect(str(published), read_only=True) as con:
        rows = con.execute("select distinct table_schema from information_schema.tables").fetchall()
        schemas = {r[0] for r in rows}
        assert schemas == {"marts", "kpi", "main"}, "raw and staging (personal data) must not be published"
        kpi = dict(con.execute("select date_day, paid_gmv from kpi.kpi_daily").fetchall())
        # dbt's docs arrive as comments (persist_docs, then the publisher's copy).
        (status_doc,) = con.execute(
            "select comment from duckdb_columns() "
            "where schema_name = 'kpi' and table_name = 'kpi_scorecard' and column_name = 'status_cn'"
        ).fetchone()
        assert status_doc.startswith("状态 — ")
        run_id, through, checks = con.execute(
            "select run_id, data_through, checks_passed from main._publication"
        ).fetchone()
    assert run_id == good.run_id
    assert through == dt.date(2025, 11, 18)
    # Both gates passed before publishing: dbt's tests on the KPI table, great-expectations' freshness.
    assert "kpi/kpi_daily:kpi_daily_channel_shares_sum_to_one" in checks
    assert "kpi/kpi_daily:kpi_daily_paid_gmv_matches_channel_daily" in checks
    assert "marts/channel_daily:gx_channel_daily_freshness" in checks
    assert "marts/inventory_health:gx_inventory_health" in checks
    with duckdb.connect() as truth:
        expected = dict(
            truth.execute(
                "select cast(paid_at as date), sum(paid_amount) from read_parquet(?) "
                "where paid_at is not null group by 1",
                [str(answer_key_dir / "order_lines.parquet")],
            ).fetchall()
        )
    assert kpi == expected

    # Evaluating the alert sensors after a clean run sends nothing beyond the anomaly warnings' one.
    evaluate_alert_sensors(defs, instance, good)
    alerts_after_good_run = len(alerts)
    assert alerts_after_good_run <= 1

    before = sha(published)
    template = get_template("pdd", "orders")
    row = {c.column: "" for c in template.columns}
    row.update(
        order_id="251118-999999999999999",
        order_status="已收货",
        goods_amount="-500.00",
        paid_amount="-500.00",
        merchant_received="-500.00",
        quantity="1",
        created_at="2025-11-18 10:00:00",
        paid_at="2025-11-18 10:00:05",
        sku_code="LM-SER-30ML",
        buyer_id="9999999",
        province="浙江省",
        city="杭州市",
    )
    broken = paths.landing_dir / "pdd" / "orders" / "订单查询_20251119080500.csv"
    lines = [",".join(template.headers), ",".join(row[c.column] for c in template.columns)]
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")

    bad = run_daily(defs, instance)
    assert not bad.success
    assert sha(published) == before, "a failed gate must leave the published warehouse byte-identical"
    evaluate_alert_sensors(defs, instance, bad)
    assert len(alerts) == alerts_after_good_run + 1
    text = alerts[-1]["markdown"]["content"]
    assert text.startswith("### 【失败】omnichannel-elt daily_pipeline\n"), text
    assert "已发布数仓保持不变" in text
    assert "paid" in text and "marts" in text, text


def _distinct_orders(answer_key_dir, platform: str) -> int:
    with duckdb.connect() as truth:
        return truth.execute(
            "select count(distinct order_id) from read_parquet(?) where platform = ?",
            [str(answer_key_dir / "order_lines.parquet"), platform],
        ).fetchone()[0]
