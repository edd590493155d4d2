"""The benchmark harness without the benchmark: day split, per-process measurement, summary."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import duckdb

from benchmarks import cli
from benchmarks.run import Options, StageResult, run_stage, summarise, to_markdown
from benchmarks.split import files_by_day
from tests.conftest import TINY_DAYS


def test_every_export_belongs_to_exactly_one_day(tiny_simulation, answer_key_dir: Path):
    days = files_by_day(answer_key_dir)
    assert len(days) == TINY_DAYS
    assert list(days) == sorted(days)
    assigned = [p for paths in days.values() for p in paths]
    assert len(assigned) == len(set(assigned)) == tiny_simulation.files
    # the last day holds that day's order export of every platform
    last = days[max(days)]
    for export in ("tmall/orders/", "jd/orders/", "pdd/orders/", "douyin/orders/", "youzan/orders/"):
        assert sum(p.startswith(export) for p in last) == 1, export


def test_undated_files_must_be_one_per_day(tmp_path: Path):
    with duckdb.connect() as con:
        con.execute(
            "copy (select * from (values "
            "('a/x/1.csv', 'a', 'x', date '2025-01-01'), ('a/x/2.csv', 'a', 'x', date '2025-01-02'), "
            "('b/orders/1.csv', 'b', 'orders', null)) "
            "t(path, platform, export_type, period_end)) to ? (format parquet)",
            [str(tmp_path / "files.parquet")],
        )
    try:
        files_by_day(tmp_path)
    except ValueError as exc:
        assert "b/orders" in str(exc)
    else:
        raise AssertionError("one undated file for two days must not be assigned")


def test_stage_runs_in_its_own_process_and_reports_peak_rss(tmp_path: Path):
    source = tmp_path / "gb.csv"
    source.write_bytes("店铺,金额\n天猫旗舰店,1.00\n".encode("gb18030"))
    result = run_stage(
        "decode",
        "transcode",
        {"files": [str(source)], "root": str(tmp_path), "out": str(tmp_path / "out")},
        tmp_path,
        log=lambda _: None,
    )
    assert result.seconds > 0
    assert 10 * 1024 < result.peak_rss_kib < 4 * 1024 * 1024  # an interpreter: tens of MiB, not GiB
    assert result.figures["files"] == 1
    assert (tmp_path / "out" / "gb.csv").read_text(encoding="utf-8").startswith("店铺")


def test_summary_ratios_and_table():
    def stage(name, seconds, rss_mib=100, **figures):
        return StageResult(name, seconds, rss_mib * 1024, {"inner_seconds": seconds, **figures})

    stages = {
        "simulate": stage("simulate", 10, files=3, order_lines=5, orders=4),
        "ingest": stage("ingest", 100, 2000),
        "dbt_build": stage("dbt_build", 300, 3000, node_seconds={"model": 200, "test": 80}),
        "quality": stage("quality", 50, suites={}),
        "publish": stage("publish", 50),
        "ref_bare_sql": stage("ref_bare_sql", 250, model_seconds=180, test_seconds=60),
        "ref_ingest_utf8": stage("ref_ingest_utf8", 40, bytes=80_000_000),
        "ref_read_csv_utf8": stage("ref_read_csv_utf8", 10, bytes=80_000_000),
        "inc_ingest": stage("inc_ingest", 5),
        "inc_dbt_build": stage("inc_dbt_build", 30),
        "inc_quality": stage("inc_quality", 5),
        "inc_publish": stage("inc_publish", 10),
    }
    day = dt.date(2025, 1, 1)
    results = summarise(Options(scale="demo"), {"cores": 2}, stages, 900, [day], day, Path("/tmp"))
    assert results["totals"]["full_build_seconds"] == 500
    assert results["ratios"]["increment_vs_full"] == 0.1
    assert results["ratios"]["ingest_vs_read_csv_utf8"] == 0.25
    assert results["ratios"]["dbt_build_vs_bare_sql"] == 1.25
    met = {t["target"]: t["met"] for t in results["targets"]}
    assert met["Full build (ingest → publish) < 10 min"]
    assert not met["Ingestion ≥ 50% of bare read_csv throughput (UTF-8 CSV)"]
    assert not met["Daily increment < 10% of the full build"]
    results["machine"].update(cpu="x", memory_gib=24, os="Linux", load_average_at_start=[0, 0, 0])
    table = to_markdown(results)
    assert "| dbt build --full-refresh | 300.0 | 3000 |" in table
    assert "| Daily increment < 10% of the full build | 50 s vs 500 s = 10.0% | **no** |" in table


def test_bench_subcommand_registers():
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["bench", "--scale", "tiny", "--workdir", "/tmp/x"])
    assert (args.scale, args.workdir, args.func) == ("tiny", Path("/tmp/x"), cli._run)
    assert parser.parse_args(["bench"]).scale == "large"


def test_bare_sql_plan_orders_models_by_dependencies(tmp_path: Path):
    from benchmarks.run import bare_sql_plan

    def model(name, deps, materialized="table"):
        return {
            "compiled_code": f"select 1 as x /* {name} */",
            "relation_name": f'"warehouse"."marts"."{name}"',
            "config": {"materialized": materialized},
            "depends_on": {"nodes": [f"model.p.{d}" for d in deps]},
        }

    nodes = {
        "model.p.c": model("c", ["b", "a"]),
        "model.p.a": model("a", [], "view"),
        "model.p.b": model("b", ["a"], "incremental"),
        "test.p.t": {"compiled_code": "select * from c where x is null", "depends_on": {"nodes": []}},
    }
    (tmp_path / "manifest.json").write_text(json.dumps({"nodes": nodes}))
    ran = [{"unique_id": uid, "status": "pass" if uid.startswith("test") else "success"} for uid in nodes]
    (tmp_path / "run_results.json").write_text(json.dumps({"results": ran}))
    plan = bare_sql_plan(tmp_path)
    assert [step["id"] for step in plan] == ["model.p.a", "model.p.b", "model.p.c", "test.p.t"]
    assert plan[0]["sql"].startswith('create or replace view "warehouse"."marts"."a" as (')
    assert plan[1]["sql"].startswith("create or replace table")  # incremental, built in full
    assert plan[3] == {"kind": "test", "id": "test.p.t", "sql": "select * from c where x is null"}
