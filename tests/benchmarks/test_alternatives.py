"""The pandas and dlt references load what they are given: one table per export type, every row."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import duckdb
import pytest

from benchmarks.alternatives import DLT_MISSING, dlt_pipeline, export_groups, pandas_script
from benchmarks.run import StageResult, alternatives_table

FILES = {
    # a BOM and a Chinese header, as the CRM member exports come
    "crm/members/会员列表_20261102.csv": (
        "\ufeff会员ID,手机号,累计积分\nM001,13800000001,10\nM002,13800000002,\n"
    ),
    "crm/members/会员列表_20261103.csv": "\ufeff会员ID,手机号,累计积分\nM003,13800000003,7\n",
    # Douyin's tab-prefixed ids and a quoted comma
    "douyin/orders/1793867815_订单导出.csv": (
        '主订单编号,选购商品,商品数量\n\t6440295835905094653,"面膜, 20片",\t2\n'
        "\t6178514972559530414,爽肤水,\t1\n\t6178514972559530415,精华,\t3\n"
    ),
}


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    root = tmp_path / "landing"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _spec(landing: Path, name: str) -> dict:
    return {
        "files": [str(landing / rel) for rel in FILES],
        "root": str(landing),
        "database": str(landing.parent / f"{name}.duckdb"),
        "pipelines_dir": str(landing.parent / "dlt"),
    }


def test_files_are_grouped_by_export_type(landing: Path):
    groups = export_groups([str(landing / rel) for rel in FILES], str(landing))
    assert {k: len(v) for k, v in groups.items()} == {"crm/members": 2, "douyin/orders": 1}


def test_pandas_script_loads_every_row_as_text(landing: Path):
    spec = _spec(landing, "pandas")
    assert pandas_script(spec)["rows"] == 6
    with duckdb.connect(spec["database"]) as con:
        assert con.execute("select count(*) from crm__members").fetchone()[0] == 3
        members = con.execute('select "会员ID", "累计积分" from crm__members order by 1').fetchall()
        assert members == [("M001", "10"), ("M002", None), ("M003", "7")]  # the BOM is not in the name
        assert con.execute('select "选购商品" from douyin__orders limit 1').fetchone()[0] == "面膜, 20片"


def test_dlt_pipeline_loads_every_row_or_says_it_is_missing(landing: Path):
    spec = _spec(landing, "dlt")
    figures = dlt_pipeline(spec)
    if importlib.util.find_spec("dlt") is None:
        assert figures["skipped"] == DLT_MISSING
        return
    assert figures["rows"] == 6
    with duckdb.connect(spec["database"]) as con:
        assert con.execute("select count(*) from raw.crm__members").fetchone()[0] == 3
        # the Chinese column names survive (dlt's default naming would drop them)
        assert con.execute('select count("主订单编号") from raw.douyin__orders').fetchone()[0] == 3


def test_a_missing_dlt_is_reported_not_skipped():
    def stage(seconds, **figures):
        return StageResult("x", seconds, 1024, {"inner_seconds": seconds, **figures}).as_dict()

    results = {
        "stages": {
            "ref_ingest_utf8": stage(10, bytes=50_000_000, files=4, rows_loaded=100),
            "ref_pandas_utf8": stage(5, bytes=50_000_000, rows=110),
            "ref_dlt_utf8": stage(1, bytes=50_000_000, files=4, skipped=DLT_MISSING),
        }
    }
    table = "\n".join(alternatives_table(results))
    assert "| pandas script | 110 | 5.0 | 10.0 | 0.50× |" in table
    assert f"| dlt | {DLT_MISSING} |" in table


def test_the_dlt_stage_says_so_when_dlt_cannot_be_imported(landing: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "dlt", None)  # `import dlt` raises ImportError
    assert dlt_pipeline(_spec(landing, "dlt")) == {"files": 3, "skipped": DLT_MISSING}
