"""Incremental builds produce the same marts as a full refresh.

On the tiny simulation: warehouse A ingests every export up to `HELD_BACK` days before the end, builds
everything, then receives the held-back days one day at a time, each followed by an incremental
build (the order-state models recompute only the orders touched, docs/incremental.md). Warehouse B
ingests everything and builds with `--full-refresh`. Every table of the `marts` and `kpi` schemas
must be equal row for row (order-insensitive), every column compared but the one that records when
files were loaded (EXCLUDED_COLUMNS); no other depends on the load or build time (the as-of dates
come from the data).

A day's exports come from the answer key's `files` table (benchmarks.split.files_by_day).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from benchmarks.split import files_by_day
from omnichannel_config import Paths, paths_under
from tests.dbt_runner import run_dbt

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("incremental")]

HELD_BACK = 2
SCHEMAS = ("marts", "kpi")
# Columns whose values depend on when the pipeline ran rather than on the data, as
# "schema.table.column": the coverage table says when the last file of each export was loaded.
EXCLUDED_COLUMNS: frozenset[str] = frozenset({"marts.pipeline_coverage.last_loaded_at"})
MODELS_ONLY = ("--exclude-resource-type", "test", "--exclude-resource-type", "unit_test")


def _copy(paths: list[str], source: Path, target: Path) -> None:
    for rel in paths:
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, target / rel)


def _ingest(paths: Paths) -> None:
    from ingestion.load import ingest

    ingest(landing=paths.landing_dir, warehouse=paths.warehouse, quarantine=paths.quarantine_dir)


def _build(paths: Paths, *extra: str) -> None:
    result = run_dbt(paths, "build", *MODELS_ONLY, *extra)
    assert result.returncode == 0, result.output[-4000:]


def _tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema in ('marts', 'kpi') and table_type = 'BASE TABLE' order by 1, 2"
    ).fetchall()


@pytest.fixture(scope="module")
def incremental_and_full(tmp_path_factory, tiny_paths: Paths, tiny_simulation, tiny_ingested):
    days = files_by_day(tiny_paths.answer_key_dir)
    ordered = sorted(days)
    base_days, late_days = ordered[:-HELD_BACK], ordered[-HELD_BACK:]

    # A: history first, then one day at a time with incremental builds.
    inc = paths_under(tmp_path_factory.mktemp("incremental") / "data")
    inc.landing_dir.mkdir(parents=True)
    _copy([p for d in base_days for p in days[d]], tiny_paths.landing_dir, inc.landing_dir)
    _ingest(inc)
    _build(inc, "--full-refresh")
    for day in late_days:
        _copy(days[day], tiny_paths.landing_dir, inc.landing_dir)
        _ingest(inc)
        _build(inc)

    # B: everything at once, full refresh, on a copy of the session's ingested warehouse.
    full = paths_under(tmp_path_factory.mktemp("full") / "data")
    full.warehouse.parent.mkdir(parents=True)
    shutil.copy2(tiny_paths.warehouse, full.warehouse)
    _build(full, "--full-refresh")
    return inc.warehouse, full.warehouse


def test_incremental_run_recomputed_only_touched_orders(incremental_and_full):
    """The order-state models are incremental tables, not views rebuilt from all history."""
    inc, _ = incremental_and_full
    with duckdb.connect(str(inc), read_only=True) as con:
        kinds = dict(
            con.execute(
                "select table_name, table_type from information_schema.tables "
                "where table_schema = 'staging' and table_name in "
                "('stg_tmall__order_items', 'stg_jd__orders', 'stg_pdd__orders')"
            ).fetchall()
        )
    assert kinds == dict.fromkeys(
        ("stg_tmall__order_items", "stg_jd__orders", "stg_pdd__orders"), "BASE TABLE"
    )


def test_marts_equal_full_refresh(incremental_and_full):
    inc, full = incremental_and_full
    with duckdb.connect(str(inc), read_only=True) as con:
        con.execute(f"attach '{full}' as full_build (read_only)")
        tables = _tables(con)
        assert len(tables) > 20, tables
        differences = {}
        for schema, table in tables:
            columns = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_catalog = current_database() and table_schema = ? and table_name = ? "
                    "order by ordinal_position",
                    [schema, table],
                ).fetchall()
                if f"{schema}.{table}.{c}" not in EXCLUDED_COLUMNS
            ]
            cols = ", ".join(f'"{c}"' for c in columns)
            a = f"select {cols} from {schema}.{table}"
            b = f"select {cols} from full_build.{schema}.{table}"
            # EXCEPT ALL both ways: equal as multisets (duplicates count), NULLs compare equal.
            only_inc = con.execute(f"select count(*) from ({a} except all {b})").fetchone()[0]
            only_full = con.execute(f"select count(*) from ({b} except all {a})").fetchone()[0]
            if only_inc or only_full:
                differences[f"{schema}.{table}"] = (only_inc, only_full)
        assert not differences, f"rows only in incremental / only in full refresh: {differences}"
